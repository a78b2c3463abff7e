import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/adapters/db/database';

/** The engines a storage test runs against: PGlite always, PostgreSQL when the global setup found one. */
export function databaseEngines(): Array<'pglite' | 'postgres'> {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, empty database of the given engine: in-memory PGlite, or a new schema on PostgreSQL. */
export async function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<Database> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  if (engine === 'pglite') return openDatabase({ schema });
  return openDatabase({ url: process.env.TEST_DATABASE_URL, schema, maxConnections: 20 });
}
