/**
 * PGlite data folders made once and copied by each test that needs an embedded database: copying
 * ~40 MB takes a fraction of a second, while PGlite's initdb plus the migrations took 5 s on a
 * quiet machine and over 30 s on a busy one (PGlite start-up timed suites out). Two templates:
 * "empty" (initdb only, for the migration tests) and "migrated" (every migration applied).
 *
 * Kept in the OS temp folder under names derived from the PGlite version and the migrations, so
 * later runs (and other checkouts with the same migrations) reuse them; each is built in a scratch
 * folder and renamed into place, so concurrent runs never see half a template.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/db/database';
import { loadMigrations, migrate } from '../../src/adapters/db/migrator';

export interface PgliteTemplates {
  /** initdb done, no table. */
  empty: string;
  /** every shipped migration applied. */
  migrated: string;
}

function pgliteVersion(): string {
  const manifest = path.resolve(__dirname, '../../node_modules/@electric-sql/pglite/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function key(parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

/** Makes `finalDir` (a PGlite folder) with `prepare` unless a previous run already did. */
async function ensureTemplate(finalDir: string, prepare: (scratchDataDir: string) => Promise<void>): Promise<string> {
  if (existsSync(path.join(finalDir, 'PG_VERSION'))) return finalDir;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'carequal-test-pglite-build-'));
  try {
    await prepare(scratch);
    try {
      renameSync(path.join(scratch, 'pglite'), finalDir);
    } catch (error) {
      // Another run renamed its template into place first: use that one.
      if (!existsSync(path.join(finalDir, 'PG_VERSION'))) throw error;
    }
    return finalDir;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The PGlite folders (what openDatabase keeps under DATA_DIR/pglite), made if missing. */
export async function ensurePgliteTemplates(): Promise<PgliteTemplates> {
  const version = pgliteVersion();
  const empty = await ensureTemplate(path.join(os.tmpdir(), `carequal-test-pglite-empty-${key([version])}`), async (dataDir) => {
    await (await openDatabase({ dataDir })).close();
  });
  const migrations = loadMigrations().map((m) => `${m.id}:${m.checksum}`);
  const migrated = await ensureTemplate(path.join(os.tmpdir(), `carequal-test-pglite-migrated-${key([version, ...migrations])}`), async (dataDir) => {
    cpSync(empty, path.join(dataDir, 'pglite'), { recursive: true });
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  });
  return { empty, migrated };
}
