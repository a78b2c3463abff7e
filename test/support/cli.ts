import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** tsx's loader by absolute URL, so the CLI can run from any working directory (no stray .env). */
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Starts the real `carequal` CLI from source (through tsx) with exactly the given environment. */
export function spawnCli(args: string[], env: Record<string, string | undefined>, cwd = os.tmpdir()): ChildProcessWithoutNullStreams {
  const cleanEnv = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'src/main/cli.ts'), ...args], { cwd, env: cleanEnv });
}

/** Collects a child's output and resolves with its exit code once it ends. */
export function collect(child: ChildProcessWithoutNullStreams): { stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, exited };
}

/** Resolves when `predicate` holds on the text so far, or rejects after `timeoutMs`. */
export async function waitFor(read: () => string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const endAt = Date.now() + timeoutMs;
  while (Date.now() < endAt) {
    const text = read();
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting; output so far:\n${read().slice(-2000)}`);
}
