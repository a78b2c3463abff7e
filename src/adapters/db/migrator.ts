import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

/**
 * Forward-only SQL migrations, identical on PostgreSQL and PGlite.
 *
 * Hand-written on purpose (about 60 lines): node-pg-migrate and its peers drive a `pg` client
 * and their own locking, and do not run on PGlite; CareQual needs one runner for both engines.
 * Files are `NNN_name.sql` beside this module; each runs in its own transaction under an
 * advisory lock, so two processes starting at once apply each migration exactly once. A
 * checksum catches an applied migration that was edited afterwards.
 */

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const LOCK_KEY = 4_242_001; // arbitrary, constant: "CareQual migrations"

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

/** The migrations shipped with this build, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { id: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const ENSURE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies every pending migration; returns the ids applied now (empty when up to date). */
export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  // Under the lock: concurrent CREATE TABLE IF NOT EXISTS races on PostgreSQL's catalog.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(ENSURE_TABLE);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [m.id]);
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum) throw new Error(`migration ${m.id} was changed after it was applied`);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [m.id, m.checksum]);
      return true;
    });
    if (didApply) applied.push(m.id);
  }
  return applied;
}

/** Ids of shipped migrations not yet applied: empty means the schema is current. */
export async function pendingMigrations(db: Database, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return migrations.map((m) => m.id);
  const { rows } = await db.query<{ id: string }>('SELECT id FROM schema_migrations');
  const done = new Set(rows.map((r) => r.id));
  return migrations.filter((m) => !done.has(m.id)).map((m) => m.id);
}
