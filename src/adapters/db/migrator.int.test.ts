import { openDatabase, type Database } from './database';
import { loadMigrations, migrate, pendingMigrations } from './migrator';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';

/** The schema as the database reports it: tables, columns and their types, in order. */
async function describeSchema(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  return rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable}`);
}

describe.each(databaseEngines())('migrations on %s', (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase(engine, { empty: true });
  });
  afterEach(async () => {
    await db.close();
  });

  it('when applied to an empty database, then every shipped migration is applied and none is pending', async () => {
    const applied = await migrate(db);
    expect(applied).toEqual(loadMigrations().map((m) => m.id));
    expect(await pendingMigrations(db)).toEqual([]);
    const tables = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()`);
    expect(tables.rows.map((r) => r.t)).toEqual(expect.arrayContaining(['installations', 'oauth_states', 'criteria_versions', 'criteria_published', 'schema_migrations']));
  });

  it('when applied twice, then the second run applies nothing and changes nothing', async () => {
    await migrate(db);
    const before = await describeSchema(db);
    expect(await migrate(db)).toEqual([]);
    expect(await describeSchema(db)).toEqual(before);
  });

  it('when an applied migration was edited afterwards, then migrating refuses', async () => {
    const migrations = loadMigrations();
    await migrate(db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('when a migration fails half-way, then nothing of it stays and it is still pending', async () => {
    await migrate(db);
    const broken = { id: '999_broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();', checksum: 'x' };
    await expect(migrate(db, [...loadMigrations(), broken])).rejects.toThrow();
    const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('half_done')::text AS t`);
    expect(exists.rows[0]?.t).toBeNull();
    expect(await pendingMigrations(db, [...loadMigrations(), broken])).toEqual(['999_broken']);
  });

  it('when a transaction throws, then its writes are rolled back', async () => {
    await migrate(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO installations (portal_id, status) VALUES ($1, 'active')`, [101]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query('SELECT * FROM installations WHERE portal_id = $1', [101]);
    expect(rows).toHaveLength(0);
  });
});

if (process.env.TEST_DATABASE_URL) {
  it('when migrated on PGlite and on PostgreSQL, then both schemas are identical', async () => {
    const [lite, real] = await Promise.all([openTestDatabase('pglite', { empty: true }), openTestDatabase('postgres')]);
    try {
      await Promise.all([migrate(lite), migrate(real)]);
      expect(await describeSchema(lite)).toEqual(await describeSchema(real));
    } finally {
      await Promise.all([lite.close(), real.close()]);
    }
  });

  it('when four processes migrate the same PostgreSQL schema at once, then each migration is applied exactly once', async () => {
    const first = await openTestDatabase('postgres');
    const schema = (await first.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ url: process.env.TEST_DATABASE_URL, schema })));
    try {
      const results = await Promise.all([first, ...others].map((d) => migrate(d)));
      expect(results.flat().sort()).toEqual(loadMigrations().map((m) => m.id).sort());
    } finally {
      await Promise.all([first, ...others].map((d) => d.close()));
    }
  });
}
