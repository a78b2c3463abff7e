import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Anything that runs SQL with `$1`-style parameters: the database itself or a transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

/** A transaction: parameterised queries plus multi-statement `exec` (migrations). */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

/**
 * The one storage port every repository uses. PostgreSQL (`pg`) when DATABASE_URL is set,
 * embedded PostgreSQL (PGlite) otherwise: the same SQL and the same migrations on both.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; when absent too, PGlite runs in memory (tests). */
  dataDir?: string;
  /** Schema to work in (created if missing): tests use a fresh one each. */
  schema?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** How long a PostgreSQL query may wait for a pool connection before failing (default 5 s). */
  connectionTimeoutMs?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Opens the database the options describe. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new Error('database schema name must be lower-case letters, digits and underscores');
  }
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts);
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID || oid === NUMERIC_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
  };
  const schemaOption = opts.schema ? `-c search_path=${opts.schema},public` : undefined;
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, types, options: schemaOption, connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000 });
  // A pool error is a lost idle connection; pg replaces it. Without a listener it would crash the process.
  pool.on('error', () => undefined);
  if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);

  const asQueryable = (client: pg.Pool | pg.PoolClient): Transaction => ({
    async query(sql, params) {
      const res = await client.query(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.rowCount ?? 0 };
    },
    async exec(sql) {
      await client.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection lost while checked out is reported to the pending query AND as an 'error'
      // event on the client; pg-pool listens only while the client is idle, so without this
      // listener a database outage mid-transaction crashes the process. A lost client is
      // destroyed on release instead of going back to the pool.
      let lost: Error | undefined;
      const onLost = (error: Error) => void (lost ??= error);
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await fn(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => void (lost ??= rollbackError));
        throw error;
      } finally {
        client.off('error', onLost);
        client.release(lost);
      }
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = path.resolve(opts.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await PGlite.create(dataDir, { parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number } });
  if (opts.schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}, public;`);
  let closed = false;

  const asQueryable = (q: Pick<PGlite, 'query' | 'exec'>): Transaction => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
    },
    async exec(sql) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(db),
    transaction: (fn) => db.transaction((tx) => fn(asQueryable(tx))),
    async ping() {
      if (closed) return false;
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
