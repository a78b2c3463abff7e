import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor as waitForCondition } from './wait';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** tsx's loader by absolute URL, so a script can run from any working directory (no stray .env). */
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * Starts a TypeScript entry of this repository (e.g. `src/main/cli.ts`) in a child process with
 * exactly the given environment: the compiled copy the global setup built (test/setup/spawn-build.ts)
 * when there is one, so a spawn costs a Node start rather than a compile; through tsx otherwise.
 */
export function spawnEntry(entry: string, args: string[], env: Record<string, string | undefined>, cwd = os.tmpdir()): ChildProcessWithoutNullStreams {
  const cleanEnv = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const build = process.env.CAREQUAL_TEST_SPAWN_BUILD;
  const nodeArgs = build
    ? ['--enable-source-maps', path.join(build, entry.replace(/\.tsx?$/, '.js'))]
    : ['--import', TSX_LOADER, path.join(REPO_ROOT, entry)];
  return spawn(process.execPath, [...nodeArgs, ...args], { cwd, env: cleanEnv });
}

/** Starts the real `carequal` CLI with exactly the given environment (see spawnEntry). */
export function spawnCli(args: string[], env: Record<string, string | undefined>, cwd = os.tmpdir()): ChildProcessWithoutNullStreams {
  return spawnEntry('src/main/cli.ts', args, env, cwd);
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

/** Resolves when `predicate` holds on the text so far, or rejects after `timeoutMs` (stretched for the machine's load). */
export async function waitFor(read: () => string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  try {
    return await waitForCondition(() => (predicate(read()) ? read() : undefined), { timeoutMs, intervalMs: 50, what: 'output' });
  } catch (error) {
    throw new Error(`${(error as Error).message}; output so far:\n${read().slice(-2000)}`);
  }
}
