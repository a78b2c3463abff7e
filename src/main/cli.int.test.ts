import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestEnv } from '../../test/support/config';
import { freshDataDir } from '../../test/support/databases';
import { scaledMs } from '../../test/support/wait';
import { collect, spawnCli, waitFor } from '../../test/support/cli';
import { EXIT } from './exit-codes';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'carequal-cli-'));
/** A DATA_DIR already migrated (the template copy): `serve` starts without initdb. */
const migratedDataDir = () => freshDataDir('carequal-cli-');

describe('carequal CLI', () => {
  it('when REDIS_URL is invalid and TOKEN_ENCRYPTION_KEY missing, then start-up prints one message naming both and exits 78', async () => {
    const env = buildTestEnv({ REDIS_URL: 'http://leaky-host.internal:6379', TOKEN_ENCRYPTION_KEY: undefined, DATA_DIR: tempDir() });
    const run = collect(spawnCli(['serve'], env, tempDir()));
    expect(await run.exited).toBe(EXIT.config);
    const stderr = run.stderr();
    expect(stderr).toMatch(/Invalid configuration \(2 problems\)/);
    expect(stderr).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(stderr).toMatch(/TOKEN_ENCRYPTION_KEY: required/);
    expect(stderr).not.toContain('leaky-host');
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
  });

  it('when given an unknown command, then it exits 64', async () => {
    const run = collect(spawnCli(['frobnicate'], buildTestEnv()));
    expect(await run.exited).toBe(EXIT.usage);
    expect(run.stderr()).toMatch(/unknown command/);
  });

  it('when migrate runs twice on embedded PostgreSQL, then both runs succeed and the second applies nothing', async () => {
    const env = buildTestEnv({ DATA_DIR: freshDataDir('carequal-cli-', { empty: true }), LOG_LEVEL: 'info' });
    const first = collect(spawnCli(['migrate'], env));
    expect(await first.exited).toBe(EXIT.ok);
    expect(first.stdout()).toContain('migrations applied');
    const second = collect(spawnCli(['migrate'], env));
    expect(await second.exited).toBe(EXIT.ok);
    expect(second.stdout()).toContain('database already up to date');
  }, 60_000);

  it('when serve gets SIGTERM, then it stops cleanly and exits 0 within the deadline', async () => {
    const env = buildTestEnv({ DATA_DIR: migratedDataDir(), LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '3000' });
    const child = spawnCli(['serve'], env);
    const run = collect(child);
    const started = await waitFor(run.stdout, (t) => t.includes('carequal started'), 30_000);
    const port = Number(/"port":(\d+)/.exec(started)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    expect(await run.exited).toBe(EXIT.ok);
    expect(Date.now() - signalledAt).toBeLessThan(3000 + scaledMs(2000)); // its shutdown deadline, plus a process exit on this machine
    expect(run.stdout()).toContain('stopped cleanly');
  }, 60_000);
});
