import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './local-ports';

/** A Redis the local stack (demo, benchmarks) talks to; `stop()` ends it only if we started it. */
export interface LocalRedis {
  url: string;
  /** true when this process started redis-server (and will stop it). */
  started: boolean;
  stop(): Promise<void>;
}

/** Redis could not be found nor started; the message says what to install or set. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

const INSTALL_HINT =
  'Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or point REDIS_URL at a running Redis.';

/** true when a Redis answers PING at `url` within about a second. */
export async function redisAnswers(url: string): Promise<boolean> {
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

/**
 * The same policy as scripts/ensure-redis.sh, in process: use the Redis at `url` when one
 * answers; otherwise start a private `redis-server` on a free 127.0.0.1 port (stopped by
 * `stop()`); otherwise throw {@link RedisUnavailableError} naming what to install.
 */
export async function findOrStartRedis(opts: { url?: string; log?: (line: string) => void } = {}): Promise<LocalRedis> {
  const url = opts.url ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) {
    opts.log?.(`redis: using the Redis answering at ${redactUrl(url)}`);
    return { url, started: false, stop: async () => undefined };
  }
  opts.log?.(`redis: nothing answers at ${redactUrl(url)}; starting a private redis-server`);
  return startPrivateRedis();
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port, configured as production runs it apart from
 * persistence (noeviction; `appendOnly` turns AOF on in `dir`). Resolves once it answers PING.
 */
export async function startPrivateRedis(opts: { appendOnly?: boolean; dir?: string } = {}): Promise<LocalRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction'];
  args.push('--appendonly', opts.appendOnly ? 'yes' : 'no');
  if (opts.appendOnly) args.push('--appendfsync', 'everysec');
  if (opts.dir) args.push('--dir', opts.dir);
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new RedisUnavailableError(error.code === 'ENOENT' ? `no Redis answers and redis-server is not installed. ${INSTALL_HINT}` : `redis-server could not be started (${error.code ?? error.message}). ${INSTALL_HINT}`)));
    child.once('exit', (code) => reject(new RedisUnavailableError(`redis-server exited at start (code ${code}). ${INSTALL_HINT}`)));
  });
  failed.catch(() => undefined);
  const url = `redis://127.0.0.1:${port}`;
  // However this process ends (an uncaught error, a closed pipe), the private Redis ends with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let i = 0; i < 50; i++) {
    await Promise.race([new Promise((r) => setTimeout(r, 100)), failed]);
    if (await redisAnswers(url)) return { url, started: true, stop };
  }
  await stop();
  throw new RedisUnavailableError(`redis-server started on port ${port} but did not answer within 5 s. ${INSTALL_HINT}`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
