/**
 * The migrated PGlite template (test/setup/pglite-template.ts) stands in for running the
 * migrations in every suite: a database opened from it must be exactly what the shipped
 * migrations make, or every storage test would test a stale schema.
 */
import type { Database } from '../../src/adapters/db/database';
import { loadMigrations, migrate, pendingMigrations } from '../../src/adapters/db/migrator';
import { openTestDatabase } from '../support/databases';

/** Tables, columns, types and indexes as the database reports them. */
async function describeSchema(db: Database): Promise<string[]> {
  const columns = await db.query<{ d: string }>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS d
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const indexes = await db.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`);
  return [...columns.rows, ...indexes.rows].map((r) => r.d);
}

describe('PGlite opened from the migrated template', () => {
  let fromTemplate: Database;
  let fromScratch: Database;
  beforeAll(async () => {
    [fromTemplate, fromScratch] = await Promise.all([openTestDatabase('pglite'), openTestDatabase('pglite', { empty: true })]);
    await migrate(fromScratch);
  });
  afterAll(async () => {
    await Promise.all([fromTemplate?.close(), fromScratch?.close()]);
  });

  it('when a test opens it, then every shipped migration is recorded with its checksum and none is pending', async () => {
    const { rows } = await fromTemplate.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations ORDER BY id');
    expect(rows).toEqual(loadMigrations().map((m) => ({ id: m.id, checksum: m.checksum })));
    expect(await pendingMigrations(fromTemplate)).toEqual([]);
    expect(await migrate(fromTemplate)).toEqual([]);
  });

  it('when compared with a database migrated from scratch, then tables, columns and indexes are the same', async () => {
    const schema = await describeSchema(fromTemplate);
    expect(schema.length).toBeGreaterThan(0);
    expect(schema).toEqual(await describeSchema(fromScratch));
  });
});
