import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { scaledMs } from './wait';

/** The engines a storage test runs against: PGlite always, PostgreSQL when the global setup found one. */
export function databaseEngines(): Array<'pglite' | 'postgres'> {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh DATA_DIR for an embedded database: a copy of a PGlite template the global setup made
 * (test/setup/pglite-template.ts), migrated unless `empty`, so the process that opens it runs no
 * initdb (nor migrations). Without templates (a run without the global setup) the folder starts empty.
 */
export function freshDataDir(prefix = 'carequal-test-', opts: { empty?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(process.env.CAREQUAL_TEST_TMPDIR ?? os.tmpdir(), prefix)); // the run's folder: removed at its end
  const template = opts.empty ? process.env.CAREQUAL_TEST_PGLITE_EMPTY : process.env.CAREQUAL_TEST_PGLITE_MIGRATED;
  if (template) cpSync(template, path.join(dir, 'pglite'), { recursive: true });
  return dir;
}

/**
 * A fresh DATA_DIR holding a copy of another one's PGlite folder: a suite seeds one database once
 * (an open, a migration check and the writes cost seconds on a busy machine) and gives each test
 * its own copy to change.
 */
export function copyDataDir(source: string, prefix = 'carequal-test-'): string {
  const dir = mkdtempSync(path.join(process.env.CAREQUAL_TEST_TMPDIR ?? os.tmpdir(), prefix));
  cpSync(path.join(source, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  return dir;
}

/**
 * A fresh database of the given engine: on PGlite a private copy of the migrated template (deleted
 * on close), on PostgreSQL a new schema. `migrate(db)` brings either to the current version (on
 * the PGlite copy it has nothing left to do). `{ empty: true }` gives a database with no tables.
 */
export async function openTestDatabase(engine: 'pglite' | 'postgres', opts: { empty?: boolean } = {}): Promise<Database> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  // The pool's wait for a free connection stretches like every other deadline: 50 appenders queue on 20 connections.
  if (engine === 'postgres') return openDatabase({ url: process.env.TEST_DATABASE_URL, schema, maxConnections: 20, connectionTimeoutMs: scaledMs(5000) });
  const dataDir = freshDataDir('carequal-test-db-', opts);
  const db = await openDatabase({ dataDir });
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
