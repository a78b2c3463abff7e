import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../src/adapters/db/database';

/** Where a marker was found: the table, the marker, and how many rows hold it. */
export interface MarkerHit {
  table: string;
  marker: string;
  rows: number;
}

/**
 * Unique marker values to put in every contact field of a test run ("canaries"): if one shows
 * up in a table afterwards, PHI leaked into storage. Letters and digits only, so a marker
 * survives any quoting and is found in any text form of a row.
 */
export function buildPhiMarkers(fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, `canary${randomBytes(6).toString('hex')}${f.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`]));
}

/**
 * Searches every base table of the current schema (all columns, as the row's text form, case
 * folded) for each marker, also hex-encoded (how a bytea column prints). Returns every hit;
 * an empty list means no marker is stored anywhere.
 */
export async function scanDatabaseForMarkers(db: Queryable, markers: readonly string[]): Promise<MarkerHit[]> {
  if (markers.length === 0) throw new Error('scanDatabaseForMarkers needs at least one marker');
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  if (tables.length === 0) throw new Error('scanDatabaseForMarkers found no tables in the current schema (wrong search_path?)');
  const hits: MarkerHit[] = [];
  for (const { table_name: table } of tables) {
    for (const marker of markers) {
      const needles = [marker.toLowerCase(), Buffer.from(marker, 'utf8').toString('hex')];
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table.replace(/"/g, '""')}" AS t
          WHERE position($1 in lower(t::text)) > 0 OR position($2 in lower(t::text)) > 0`,
        needles,
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n > 0) hits.push({ table, marker, rows: n });
    }
  }
  return hits;
}
