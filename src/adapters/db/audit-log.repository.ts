import { normalizeAuditEntries, type NormalizedAuditEntry } from '../../app/audit/audit-entry.schema';
import type { AuditAction, AuditEntryInput, AuditLog } from '../../app/ports/audit-log.port';
import { systemClock, type Clock } from '../../app/ports/clock.port';
import type { AuditPage, AuditQuery, AuditTrail, StoredAuditEntry } from '../../app/audit/audit-trail.port';
import { verifyAuditChains } from './audit-verify';
import { chainEntries, type AuditCheckpoint } from './audit-chain';
import type { Database, Queryable } from './database';

export type { AuditCheckpoint } from './audit-chain';
export type { AuditPage, AuditQuery, StoredAuditEntry } from '../../app/audit/audit-trail.port';

/** The audit log's storage: the write port every use case uses and the read side the tools use. */
export interface AuditLogRepository extends AuditLog, AuditTrail {
  /** Portals that have a chain (entries, a head or a checkpoint), ascending. */
  listPortals(): Promise<number[]>;
  /** The checkpoint a portal's remaining chain starts from, if it was ever purged. */
  latestCheckpoint(portalId: number): Promise<AuditCheckpoint | undefined>;
  /**
   * A portal's recorded chain head and, read in the same snapshot, its newest stored entry:
   * the two agree unless entries were removed from the end of the chain or the head was altered.
   */
  readChainEnd(portalId: number): Promise<AuditChainEnd>;
}

/** See AuditLogRepository.readChainEnd. */
export interface AuditChainEnd {
  head: { seq: number; mac: string } | undefined;
  lastStoredSeq: number | undefined;
}

export interface AuditLogRepositoryDeps {
  db: Database;
  /** config.auditHmacKey */
  hmacKey: Buffer;
  metrics?: { auditAppends: { inc(value?: number): void } };
  clock?: Clock;
}

const MAX_PAGE = 1000;

/**
 * The audit log on PostgreSQL / PGlite. `append` writes a batch of any size and any number of
 * portals in one transaction: a per-portal advisory lock (so concurrent writers never fork a
 * chain), one query for the chain heads, one INSERT … SELECT over a JSON array that also moves
 * the heads.
 */
export function createAuditLogRepository(deps: AuditLogRepositoryDeps): AuditLogRepository {
  const { db, hmacKey } = deps;
  const clock = deps.clock ?? systemClock;

  return {
    async append(entries: readonly AuditEntryInput[]) {
      if (entries.length === 0) return;
      const normalized = normalizeAuditEntries(entries, clock.now());
      const portals = [...new Set(normalized.map((e) => e.portalId))];
      await db.transaction(async (tx) => {
        await lockPortalChains(tx, portals);
        await appendLockedEntries(tx, hmacKey, normalized);
      });
      deps.metrics?.auditAppends.inc(entries.length);
    },

    async query(filter, page = {}) {
      const limit = Math.min(Math.max(page.limit ?? 100, 1), MAX_PAGE);
      const { where, params } = buildWhere(filter, page.afterSeq ?? 0);
      const { rows } = await db.query<AuditRow>(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq LIMIT ${limit + 1}`, params);
      const entries = rows.slice(0, limit).map(toStoredEntry);
      return { entries, nextAfterSeq: rows.length > limit ? entries[entries.length - 1]!.seq : undefined };
    },

    async *streamEntries(filter, pageSize = MAX_PAGE) {
      let afterSeq: number | undefined = 0;
      while (afterSeq !== undefined) {
        const page: AuditPage = await this.query(filter, { afterSeq, limit: pageSize });
        yield* page.entries;
        afterSeq = page.nextAfterSeq;
      }
    },

    verify(portalId) {
      return verifyAuditChains(this, hmacKey, { portalId });
    },

    async listPortals() {
      const { rows } = await db.query<{ portal_id: number }>(
        `SELECT portal_id FROM audit_chain_heads
         UNION SELECT DISTINCT portal_id FROM audit_log
         UNION SELECT DISTINCT portal_id FROM audit_checkpoints ORDER BY portal_id`,
      );
      return rows.map((r) => Number(r.portal_id));
    },

    async latestCheckpoint(portalId) {
      return readLatestCheckpoint(db, portalId);
    },

    async readChainEnd(portalId) {
      const { rows } = await db.query<{ head_seq: number | null; head_mac: string | null; last_seq: number | null }>(
        `SELECT (SELECT last_seq FROM audit_chain_heads WHERE portal_id = $1) AS head_seq,
                (SELECT last_mac FROM audit_chain_heads WHERE portal_id = $1) AS head_mac,
                (SELECT max(seq) FROM audit_log WHERE portal_id = $1) AS last_seq`,
        [portalId],
      );
      const r = rows[0];
      const head = r?.head_seq != null && r.head_mac != null ? { seq: Number(r.head_seq), mac: r.head_mac } : undefined;
      return { head, lastStoredSeq: r?.last_seq != null ? Number(r.last_seq) : undefined };
    },
  };
}

/** Serialises appends per portal. Keys are taken in hash order so two batches never deadlock. */
export async function lockPortalChains(tx: Queryable, portalIds: readonly number[]): Promise<void> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtext('audit:' || p::text) AS k FROM unnest($1::bigint[]) AS p ORDER BY k
     ) AS keys`,
    [portalIds],
  );
}

/** The last seq and MAC per portal (its recorded chain head). Call under the lock. */
export async function readChainTails(tx: Queryable, portalIds: readonly number[]): Promise<Map<number, { seq: number; mac: string }>> {
  const { rows } = await tx.query<{ portal_id: number; last_seq: number; last_mac: string }>(
    'SELECT portal_id, last_seq, last_mac FROM audit_chain_heads WHERE portal_id = ANY($1::bigint[])',
    [portalIds],
  );
  return new Map(rows.map((r) => [Number(r.portal_id), { seq: Number(r.last_seq), mac: r.last_mac }]));
}

/**
 * Chains and inserts already-normalised entries inside a transaction that holds the portals'
 * chain locks (see lockPortalChains): one query for the tails, one INSERT for the batch.
 */
export async function appendLockedEntries(tx: Queryable, hmacKey: Buffer, entries: readonly NormalizedAuditEntry[]): Promise<void> {
  const tails = await readChainTails(tx, [...new Set(entries.map((e) => e.portalId))]);
  await insertEntries(tx, chainEntries(hmacKey, entries, tails));
}

async function insertEntries(tx: Queryable, entries: StoredAuditEntry[]): Promise<void> {
  const records = entries.map((e) => ({
    portal_id: e.portalId,
    seq: e.seq,
    occurred_at: e.occurredAt.toISOString(),
    actor_kind: e.actorKind,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    actor_job_id: e.actorJobId,
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId,
    property_names: e.propertyNames,
    criteria_version: e.criteriaVersion,
    outcome: e.outcome,
    error_code: e.errorCode,
    request_id: e.requestId,
    job_id: e.jobId,
    prev_mac: e.prevMac,
    mac: e.mac,
    key_id: e.keyId,
  }));
  // One statement: the entries and the moved chain heads, so a head never disagrees with its chain.
  await tx.query(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
         portal_id bigint, seq bigint, occurred_at timestamptz, actor_kind text, actor_id text, actor_role text,
         actor_job_id text, action text, object_type text, object_id text, property_names text[],
         criteria_version text, outcome text, error_code text, request_id text, job_id text,
         prev_mac text, mac text, key_id text)
     ), inserted AS (
       INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) SELECT ${AUDIT_COLUMNS.join(', ')} FROM r
     )
     INSERT INTO audit_chain_heads (portal_id, last_seq, last_mac)
     SELECT DISTINCT ON (portal_id) portal_id, seq, mac FROM r ORDER BY portal_id, seq DESC
     ON CONFLICT (portal_id) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_mac = EXCLUDED.last_mac`,
    [JSON.stringify(records)],
  );
}

const AUDIT_COLUMNS = [
  'portal_id', 'seq', 'occurred_at', 'actor_kind', 'actor_id', 'actor_role', 'actor_job_id', 'action', 'object_type', 'object_id',
  'property_names', 'criteria_version', 'outcome', 'error_code', 'request_id', 'job_id', 'prev_mac', 'mac', 'key_id',
] as const;

/** A raw audit_log row. */
export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number], unknown>;

/** Maps a row back to the stored entry; the mapping the canonical form is computed from. */
export function toStoredEntry(row: AuditRow): StoredAuditEntry {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    portalId: Number(row.portal_id),
    seq: Number(row.seq),
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at : new Date(String(row.occurred_at)),
    actorKind: row.actor_kind as StoredAuditEntry['actorKind'],
    actorId: text(row.actor_id),
    actorRole: text(row.actor_role) as StoredAuditEntry['actorRole'],
    actorJobId: text(row.actor_job_id),
    action: row.action as AuditAction,
    objectType: text(row.object_type) as StoredAuditEntry['objectType'],
    objectId: text(row.object_id),
    propertyNames: Array.isArray(row.property_names) ? row.property_names.map(String) : [],
    criteriaVersion: text(row.criteria_version),
    outcome: row.outcome as StoredAuditEntry['outcome'],
    errorCode: text(row.error_code),
    requestId: text(row.request_id),
    jobId: text(row.job_id),
    prevMac: String(row.prev_mac),
    mac: String(row.mac),
    keyId: String(row.key_id),
  };
}

export async function readLatestCheckpoint(q: Queryable, portalId: number): Promise<AuditCheckpoint | undefined> {
  const { rows } = await q.query<Record<string, unknown>>(
    'SELECT * FROM audit_checkpoints WHERE portal_id = $1 ORDER BY last_seq DESC LIMIT 1',
    [portalId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    portalId: Number(r.portal_id),
    lastSeq: Number(r.last_seq),
    lastMac: String(r.last_mac),
    purgedBefore: new Date(r.purged_before as Date),
    entriesPurged: Number(r.entries_purged),
    createdAt: new Date(r.created_at as Date),
    mac: String(r.mac),
    keyId: String(r.key_id),
  };
}

function buildWhere(f: AuditQuery, afterSeq: number): { where: string; params: unknown[] } {
  const params: unknown[] = [f.portalId, afterSeq];
  const clauses = ['portal_id = $1', 'seq > $2'];
  const add = (column: string, op: string, value: unknown) => {
    if (value === undefined) return;
    params.push(value instanceof Date ? value.toISOString() : value);
    clauses.push(`${column} ${op} $${params.length}`);
  };
  add('object_id', '=', f.objectId);
  add('object_type', '=', f.objectType);
  add('actor_kind', '=', f.actorKind);
  add('actor_id', '=', f.actorId);
  add('actor_role', '=', f.actorRole);
  add('action', '=', f.action);
  add('occurred_at', '>=', f.from);
  add('occurred_at', '<', f.to);
  return { where: clauses.join(' AND '), params };
}
