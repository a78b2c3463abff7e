import { tenantId } from '../../app/ports/ids';
import { normalizeAuditEntries } from '../../app/audit/audit-entry.schema';
import type { AuditAction, AuditEntryInput, AuditLog } from '../../app/ports/audit-log.port';
import { systemClock, type Clock } from '../../app/ports/clock.port';
import type { AuditPage, AuditQuery, AuditTrail, StoredAuditEntry } from '../../app/audit/audit-trail.port';
import type { AuditTamperAlarm } from '../../app/audit/audit-trail.port';
import { appendLockedEntries, AUDIT_COLUMNS, lockPortalChains } from './audit-append';
import { verifyAuditChains } from './audit-verify';
import type { AuditChainReader, AuditCheckpoint } from './audit-chain';
import type { Database, Queryable } from './database';

export type { AuditChainEnd, AuditChainReader, AuditCheckpoint } from './audit-chain';
export { appendLockedEntries, lockPortalChains } from './audit-append';
export type { AuditPage, AuditQuery, StoredAuditEntry } from '../../app/audit/audit-trail.port';

/** The audit log's storage: the write port every use case uses and the read side the tools use. */
export interface AuditLogRepository extends AuditLog, AuditTrail, AuditChainReader {
  /** Portals whose last append found stray rows, or that hold rows past their head now. */
  listTamperedPortals(): Promise<number[]>;
}

export interface AuditLogRepositoryDeps {
  db: Database;
  /** config.auditHmacKey */
  hmacKey: Buffer;
  metrics?: { auditAppends: { inc(value?: number): void } };
  clock?: Clock;
  /** Called after commit for each tamper alarm an append raised (see audit-append.ts). */
  onTamperAlarm?: (alarm: AuditTamperAlarm) => void;
}

const MAX_PAGE = 1000;
const UNIQUE_VIOLATION = '23505';
const MAX_APPEND_ATTEMPTS = 3;

/**
 * The audit log on PostgreSQL / PGlite. `append` writes a batch of any size and any number of
 * portals in one transaction: a per-portal advisory lock (so concurrent writers never fork a
 * chain), one query for the chain ends, one INSERT … SELECT over a JSON array, one call that
 * moves the heads (audit-append.ts).
 */
export function createAuditLogRepository(deps: AuditLogRepositoryDeps): AuditLogRepository {
  const { db, hmacKey } = deps;
  const clock = deps.clock ?? systemClock;

  return {
    async append(entries: readonly AuditEntryInput[]) {
      if (entries.length === 0) return;
      const normalized = normalizeAuditEntries(entries, clock.now());
      const portals = [...new Set(normalized.map((e) => e.portalId))];
      let alarms: AuditTamperAlarm[] = [];
      for (let attempt = 1; ; attempt += 1) {
        try {
          alarms = await db.transaction(async (tx) => {
            await lockPortalChains(tx, portals);
            return appendLockedEntries(tx, hmacKey, normalized);
          });
          break;
        } catch (error) {
          // A row inserted beside the lock between our read and our insert: read again and step past it.
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        }
      }
      deps.metrics?.auditAppends.inc(entries.length);
      for (const alarm of alarms) deps.onTamperAlarm?.(alarm);
    },

    async query(filter, page = {}) {
      const limit = Math.min(Math.max(page.limit ?? 100, 1), MAX_PAGE);
      const { where, params } = buildWhere(filter, page.afterSeq ?? 0);
      const { rows } = await db.query<AuditRow>(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq LIMIT ${limit + 1}`, params);
      const entries = rows.slice(0, limit).map(toStoredEntry);
      return { entries, nextAfterSeq: rows.length > limit ? entries[entries.length - 1]!.seq : undefined };
    },

    async pageNewestFirst(filter, { page, pageSize }) {
      const size = Math.min(Math.max(Math.trunc(pageSize), 1), MAX_PAGE);
      const number = Math.max(Math.trunc(page), 1);
      const { where, params } = buildWhere(filter, 0);
      const { rows } = await db.query<AuditRow>(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq DESC LIMIT ${size} OFFSET ${(number - 1) * size}`, params);
      const counted = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM audit_log WHERE ${where}`, params);
      return { entries: rows.map(toStoredEntry), total: Number(counted.rows[0]?.n ?? 0), page: number, pageSize: size };
    },

    async listActors(portalId) {
      const { rows } = await db.query<{ actor_kind: StoredAuditEntry['actorKind']; actor_id: string | null; actor_role: 'web' | 'worker' | 'cli' | null; n: number | string }>(
        'SELECT actor_kind, actor_id, actor_role, count(*) AS n FROM audit_log WHERE portal_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        [portalId],
      );
      return rows.map((r) => ({ kind: r.actor_kind, id: r.actor_id, role: r.actor_role, entries: Number(r.n) }));
    },

    async *streamEntries(filter, pageSize = MAX_PAGE) {
      let afterSeq: number | undefined = 0;
      while (afterSeq !== undefined) {
        const page: AuditPage = await this.query(filter, { afterSeq, limit: pageSize });
        yield* page.entries;
        afterSeq = page.nextAfterSeq;
      }
    },

    verify(portalId, opts) {
      return verifyAuditChains(this, hmacKey, { portalId, expectHeads: opts?.expectHeads });
    },

    async listPortals() {
      const { rows } = await db.query<{ portal_id: number }>(
        `SELECT portal_id FROM audit_chain_heads
         UNION SELECT DISTINCT portal_id FROM audit_log
         UNION SELECT DISTINCT portal_id FROM audit_checkpoints ORDER BY portal_id`,
      );
      return rows.map((r) => tenantId(Number(r.portal_id)));
    },

    async latestCheckpoint(portalId) {
      return readLatestCheckpoint(db, portalId);
    },

    async readChainEnd(portalId) {
      const { rows } = await db.query<{ head_seq: number | null; head_last_mac: string | null; head_mac: string | null; head_key_id: string | null; last_seq: number | null }>(
        `SELECT h.last_seq AS head_seq, h.last_mac AS head_last_mac, h.mac AS head_mac, h.key_id AS head_key_id,
                (SELECT max(seq) FROM audit_log WHERE portal_id = $1) AS last_seq
         FROM (SELECT $1::bigint AS portal_id) AS p LEFT JOIN audit_chain_heads h ON h.portal_id = p.portal_id`,
        [portalId],
      );
      const r = rows[0];
      const head =
        r?.head_seq != null && r.head_last_mac != null
          ? { portalId, seq: Number(r.head_seq), lastMac: r.head_last_mac, mac: r.head_mac, keyId: r.head_key_id }
          : undefined;
      return { head, lastStoredSeq: r?.last_seq != null ? Number(r.last_seq) : undefined };
    },

    async listTamperEntries(portalId) {
      const { rows } = await db.query<AuditRow>("SELECT * FROM audit_log WHERE portal_id = $1 AND action = 'audit.tamper_detected' ORDER BY seq", [portalId]);
      return rows.map(toStoredEntry);
    },

    async listInstalledPortalsWithoutChain() {
      const { rows } = await db.query<{ portal_id: number }>(
        `SELECT i.portal_id FROM installations i
         WHERE NOT EXISTS (SELECT 1 FROM audit_chain_heads h WHERE h.portal_id = i.portal_id)
           AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.portal_id = i.portal_id)
           AND NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.portal_id = i.portal_id)
         ORDER BY i.portal_id`,
      );
      return rows.map((r) => tenantId(Number(r.portal_id)));
    },

    async listTamperedPortals() {
      const { rows } = await db.query<{ portal_id: number }>(
        `SELECT DISTINCT portal_id FROM audit_log WHERE action = 'audit.tamper_detected'
         UNION
         SELECT h.portal_id FROM audit_chain_heads h WHERE EXISTS (SELECT 1 FROM audit_log l WHERE l.portal_id = h.portal_id AND l.seq > h.last_seq)
         ORDER BY portal_id`,
      );
      return rows.map((r) => tenantId(Number(r.portal_id)));
    },
  };
}

/** A raw audit_log row. */
export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number], unknown>;

/** Maps a row back to the stored entry; the mapping the canonical form is computed from. */
export function toStoredEntry(row: AuditRow): StoredAuditEntry {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    portalId: tenantId(Number(row.portal_id)),
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
    portalId: tenantId(Number(r.portal_id)),
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
