/**
 * Finds the real infrastructure the integration tests run against, or starts it:
 * - Redis: TEST_REDIS_URL / REDIS_URL / 127.0.0.1:6379 when it answers, else a private
 *   `redis-server` on a free port (the local stack's policy, sandbox/local-redis.ts).
 * - PostgreSQL: TEST_DATABASE_URL / postgres://postgres@127.0.0.1:5432/test when it answers.
 *   Without one, PostgreSQL variants are reported as not run — except under CI=true, where a
 *   missing PostgreSQL fails the run instead of silently testing less.
 * And prepares, once per run, what many suites would otherwise each pay for on start-up:
 * - PGlite templates (empty and migrated) that embedded databases are copied from (pglite-template.ts);
 * - one compiled build of the CLI and the demo that spawned-process tests start (spawn-build.ts).
 * - one temp folder for the run's data folders (databases.ts), removed by the global teardown.
 * They reach the test workers through environment variables.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findOrStartRedis, type LocalRedis } from '../../sandbox/local-redis';
import { ensurePgliteTemplates } from './pglite-template';
import { buildSpawnEntries } from './spawn-build';

declare global {
  var __CAREQUAL_TEST_REDIS__: LocalRedis | undefined;
}

const REPO_ROOT = path.resolve(__dirname, '../..');

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export default async function globalSetup(): Promise<void> {
  const [templates, build] = await Promise.all([ensurePgliteTemplates(), buildSpawnEntries(REPO_ROOT)]);
  process.env.CAREQUAL_TEST_PGLITE_EMPTY = templates.empty;
  process.env.CAREQUAL_TEST_PGLITE_MIGRATED = templates.migrated;
  process.env.CAREQUAL_TEST_SPAWN_BUILD = build;
  process.env.CAREQUAL_TEST_TMPDIR = mkdtempSync(path.join(os.tmpdir(), 'carequal-test-run-'));

  const redis = await findOrStartRedis({ url: process.env.TEST_REDIS_URL ?? process.env.REDIS_URL });
  globalThis.__CAREQUAL_TEST_REDIS__ = redis;
  process.env.TEST_REDIS_URL = redis.url;

  const pgUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  if (await postgresAnswers(pgUrl)) process.env.TEST_DATABASE_URL = pgUrl;
  else if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the storage tests; none answered at ${redactUrl(pgUrl)}`);
  else {
    delete process.env.TEST_DATABASE_URL;
    process.stderr.write(`\n[carequal tests] no PostgreSQL at ${redactUrl(pgUrl)}: PostgreSQL variants will not run (PGlite variants do)\n`);
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

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
