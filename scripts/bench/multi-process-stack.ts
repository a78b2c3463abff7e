/**
 * The shared engines a multi-process CareQual needs on this machine (DESIGN.md §8: web and worker
 * processes share Redis and PostgreSQL; PGlite is one process's database), for the pipeline
 * benchmark and the kill -9 test: a private Redis, a scratch PostgreSQL database, and CareQual
 * processes started from source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const REPO_ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A free TCP port on 127.0.0.1. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private `redis-server` on a free 127.0.0.1 port (noeviction, no persistence): every BullMQ
 * key under the default prefix is this run's own, so CareQual processes started with their
 * default configuration share exactly this run's queues.
 */
export async function startPrivateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freeTcpPort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`redis-server could not be started (apt-get install redis-server): ${e.message}`))));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    await Promise.race([new Promise((r) => setTimeout(r, 100)), failed]);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const ok = await probe.connect().then(() => probe.ping()).then((r) => r === 'PONG', () => false);
    probe.disconnect();
    if (ok) {
      return {
        url,
        stop: () => new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
  }
  child.kill('SIGKILL');
  throw new Error('redis-server started but did not answer within 5 s');
}

/** A fresh PostgreSQL database on the server of `serverUrl`, dropped (with its connections) by `drop()`. */
export async function createScratchDatabase(serverUrl: string, namePrefix = 'carequal_scratch'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${namePrefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Starts `carequal <args>` from source (tsx) with exactly `env` (plus PATH/HOME; cwd outside the repo, so no stray .env); stdout/stderr are piped. */
export function spawnCareQual(args: string[], env: Record<string, string | undefined>): ChildProcess {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'src/main/cli.ts'), ...args], { cwd: os.tmpdir(), env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once the child has exited (immediately when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}
