/**
 * The shared engines a multi-process CareQual needs on this machine (DESIGN.md §8: web and worker
 * processes share Redis and PostgreSQL; PGlite is one process's database), for the pipeline
 * benchmark and the kill -9 test: a private Redis, a scratch PostgreSQL database, and CareQual
 * processes started from source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const REPO_ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A free TCP port on 127.0.0.1, and a private `redis-server` (the local stack's own). */
export { freePort as freeTcpPort } from '../../sandbox/local-ports';
export { startPrivateRedis } from '../../sandbox/local-redis';

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

/** Starts `carequal <args>` from source (tsx), node flags `nodeArgs` first (a profiler), with exactly `env` (plus PATH/HOME; cwd outside the repo, so no stray .env); stdout/stderr are piped. */
export function spawnCareQual(args: string[], env: Record<string, string | undefined>, nodeArgs: readonly string[] = []): ChildProcess {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return spawn(process.execPath, [...nodeArgs, '--import', TSX_LOADER, path.join(REPO_ROOT, 'src/main/cli.ts'), ...args], { cwd: os.tmpdir(), env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once the child has exited (immediately when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}
