/**
 * Finds the real infrastructure the integration tests run against, or starts it:
 * - Redis: REDIS_URL / 127.0.0.1:6379 when it answers, else a private `redis-server` on a free port.
 * - PostgreSQL: TEST_DATABASE_URL / postgres://postgres@127.0.0.1:5432/test when it answers.
 *   Without one, PostgreSQL variants are reported as not run — except under CI=true, where a
 *   missing PostgreSQL fails the run instead of silently testing less.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';

declare global {
  var __CAREQUAL_REDIS_PROCESS__: ChildProcess | undefined;
}

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export default async function globalSetup(): Promise<void> {
  process.env.TEST_REDIS_URL = await findOrStartRedis();
  const pgUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  if (await postgresAnswers(pgUrl)) process.env.TEST_DATABASE_URL = pgUrl;
  else if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the storage tests; none answered at ${redactUrl(pgUrl)}`);
  else {
    delete process.env.TEST_DATABASE_URL;
    process.stderr.write(`\n[carequal tests] no PostgreSQL at ${redactUrl(pgUrl)}: PostgreSQL variants will not run (PGlite variants do)\n`);
  }
}

async function findOrStartRedis(): Promise<string> {
  const candidate = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(candidate)) return candidate;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const spawnError = new Promise<never>((_, reject) => child.once('error', () => reject(new Error('Redis is needed for the tests: none answered at ' + redactUrl(candidate) + ' and redis-server could not be started (install it: apt-get install redis-server)'))));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    await Promise.race([new Promise((r) => setTimeout(r, 100)), spawnError]);
    if (await redisAnswers(url)) {
      globalThis.__CAREQUAL_REDIS_PROCESS__ = child;
      return url;
    }
  }
  child.kill();
  throw new Error('redis-server started but did not answer within 5 s');
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
