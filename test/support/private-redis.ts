import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './sandbox-app';
import { scaledMs, waitFor } from './wait';

/**
 * A `redis-server` of the test's own (never the shared test Redis), configured as production
 * runs it (noeviction; AOF on when asked) in a temp folder: a test may stop, restart and scan it
 * without touching anyone else's keys.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** `SHUTDOWN` (AOF fsynced), waits for the process to exit. */
  shutdown(): Promise<void>;
  /** Starts redis-server again on the same port and folder; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it for good (SHUTDOWN NOSAVE; SIGKILL if it lingers). */
  stop(): Promise<void>;
}

export async function startPrivateRedis(opts: { appendOnly?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [...productionRedisArgs(port, dir), '--appendonly', opts.appendOnly ? 'yes' : 'no', '--appendfsync', 'everysec'];
  const server = redisServerProcess(port, args);
  await server.start();
  return { url, port, dir, start: server.start, shutdown: () => server.command('SHUTDOWN'), stop: () => server.command('SHUTDOWN NOSAVE') };
}

/** Loopback only, no RDB snapshots, never evicting: how production runs Redis (AOF is the caller's choice). */
export function productionRedisArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'];
}

/** One `redis-server` child on `port`: started (resolving once it answers PING) and stopped by command. */
export function redisServerProcess(port: number, args: string[]): { start(): Promise<void>; command(cmd: 'SHUTDOWN' | 'SHUTDOWN NOSAVE'): Promise<void> } {
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));
  const start = async () => {
    const c = spawn('redis-server', args, { stdio: 'ignore' });
    child = c;
    const failed = new Promise<never>((_, reject) => {
      c.once('error', (e) => reject(new Error(`redis-server could not be started: ${e.message} (apt-get install redis-server)`)));
      c.once('exit', (code) => reject(new Error(`redis-server exited at start (code ${code})`)));
    });
    failed.catch(() => undefined);
    try {
      await Promise.race([waitFor(() => answers(url), { timeoutMs: 5000, intervalMs: 50, what: `private redis-server on port ${port} to answer` }), failed]);
    } catch (error) {
      c.kill('SIGKILL');
      throw error;
    }
  };
  const command = async (cmd: 'SHUTDOWN' | 'SHUTDOWN NOSAVE') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined); // the answer to SHUTDOWN is the closed socket
    socket.once('connect', () => socket.end(`${cmd}\r\n`));
    const timer = setTimeout(() => c.kill('SIGKILL'), scaledMs(5000)); // a deadline, not a wait
    await exited(c);
    clearTimeout(timer);
  };
  return { start, command };
}

/**
 * True when a Redis answers PING on `url`: a raw socket, because an ioredis client whose
 * connection is refused leaves its connect timer behind and keeps the test runner alive.
 */
function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}
