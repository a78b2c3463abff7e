import type { NormalizedAuditEntry } from '../../app/audit/audit-entry.schema';
import type { AuditTamperAlarm, StoredAuditEntry } from '../../app/audit/audit-trail.port';
import { auditKeyId, chainEntries, computeHeadMac, GENESIS_MAC } from './audit-chain';
import type { Queryable } from './database';

/**
 * The append path of the audit log, inside a transaction that holds the portals' chain locks:
 * read each portal's recorded head and newest stored seq, chain the batch onto the head, insert
 * it, and move the heads through `audit_move_chain_heads()` (migration 008), the only way the
 * database lets a head change.
 *
 * Rows stored past a portal's head were not written by this path (it moves the head in the same
 * transaction as every insert): someone with INSERT on audit_log put them there. They used to
 * stop the portal (every append hit a duplicate key). Now the append raises a tamper alarm and
 * continues the chain past them: a MACed `audit.tamper_detected` entry, linked to the head's
 * MAC, names the stray seq range (object id `first-last`), and the batch follows it. The stray
 * rows stay where they are as evidence; verify names them (`stray_entries`) and checks the
 * chain on both sides.
 */

/** Serialises appends per portal. Keys are taken in hash order so two batches never deadlock. */
export async function lockPortalChains(tx: Queryable, portalIds: readonly number[]): Promise<void> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtext('audit:' || p::text) AS k FROM unnest($1::bigint[]) AS p ORDER BY k
     ) AS keys`,
    [portalIds],
  );
}

/** Error code of `audit.tamper_detected` entries. */
export const STRAY_ENTRIES_ERROR = 'audit.stray_entries';

/** The object id a tamper entry gives a stray range, and back. */
export const strayRangeId = (firstSeq: number, lastSeq: number) => `${firstSeq}-${lastSeq}`;
export function parseStrayRangeId(objectId: string | null): { firstSeq: number; lastSeq: number } | undefined {
  const m = /^([0-9]{1,16})-([0-9]{1,16})$/.exec(objectId ?? '');
  return m ? { firstSeq: Number(m[1]), lastSeq: Number(m[2]) } : undefined;
}

/**
 * Chains and inserts already-normalised entries (see the module comment). Returns the tamper
 * alarms it raised, for the caller to report once the transaction has committed.
 */
export async function appendLockedEntries(tx: Queryable, hmacKey: Buffer, entries: readonly NormalizedAuditEntry[]): Promise<AuditTamperAlarm[]> {
  const portals = [...new Set(entries.map((e) => e.portalId))];
  const ends = await readLockedChainEnds(tx, portals);
  const alarms: AuditTamperAlarm[] = [];
  const markers: NormalizedAuditEntry[] = [];
  const tails = new Map<number, { seq: number; mac: string }>();
  for (const portalId of portals) {
    const end = ends.get(portalId) ?? { headSeq: 0, headMac: GENESIS_MAC, storedSeq: 0 };
    tails.set(portalId, { seq: end.headSeq, mac: end.headMac });
    if (end.storedSeq <= end.headSeq) continue;
    const alarm: AuditTamperAlarm = { portalId, problem: 'stray_entries', firstSeq: end.headSeq + 1, lastSeq: end.storedSeq };
    alarms.push(alarm);
    markers.push(tamperEntry(alarm, entries.find((e) => e.portalId === portalId)!));
    tails.set(portalId, { seq: end.storedSeq, mac: end.headMac });
  }
  const chained = chainEntries(hmacKey, [...markers, ...entries], tails);
  await insertEntries(tx, chained);
  await moveChainHeads(tx, hmacKey, chained);
  return alarms;
}

/** Each portal's head (seq 0 and the genesis MAC when it has none) and its newest stored seq. */
async function readLockedChainEnds(tx: Queryable, portalIds: readonly number[]): Promise<Map<number, { headSeq: number; headMac: string; storedSeq: number }>> {
  const { rows } = await tx.query<{ portal_id: number; last_seq: number | null; last_mac: string | null; stored_seq: number | null }>(
    `SELECT p.portal_id, h.last_seq, h.last_mac, (SELECT max(l.seq) FROM audit_log l WHERE l.portal_id = p.portal_id) AS stored_seq
     FROM unnest($1::bigint[]) AS p(portal_id) LEFT JOIN audit_chain_heads h ON h.portal_id = p.portal_id`,
    [portalIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.portal_id),
      { headSeq: Number(r.last_seq ?? 0), headMac: r.last_mac ?? GENESIS_MAC, storedSeq: Number(r.stored_seq ?? 0) },
    ]),
  );
}

/** The chained record of a tamper alarm, written by the same kind of process as the batch it precedes. */
function tamperEntry(alarm: AuditTamperAlarm, sibling: NormalizedAuditEntry): NormalizedAuditEntry {
  return {
    portalId: alarm.portalId,
    occurredAt: sibling.occurredAt,
    actorKind: 'system',
    // Users and HubSpot act through the web process; a system entry names its own role.
    actorRole: sibling.actorRole ?? 'web',
    actorId: null,
    actorJobId: null,
    action: 'audit.tamper_detected',
    objectType: 'audit_log',
    objectId: strayRangeId(alarm.firstSeq, alarm.lastSeq),
    propertyNames: [],
    criteriaVersion: null,
    outcome: 'failure',
    errorCode: STRAY_ENTRIES_ERROR,
    requestId: null,
    jobId: null,
  };
}

export const AUDIT_COLUMNS = [
  'portal_id', 'seq', 'occurred_at', 'actor_kind', 'actor_id', 'actor_role', 'actor_job_id', 'action', 'object_type', 'object_id',
  'property_names', 'criteria_version', 'outcome', 'error_code', 'request_id', 'job_id', 'prev_mac', 'mac', 'key_id',
] as const;

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
  await tx.query(
    `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')})
     SELECT ${AUDIT_COLUMNS.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(
       portal_id bigint, seq bigint, occurred_at timestamptz, actor_kind text, actor_id text, actor_role text,
       actor_job_id text, action text, object_type text, object_id text, property_names text[],
       criteria_version text, outcome text, error_code text, request_id text, job_id text,
       prev_mac text, mac text, key_id text)`,
    [JSON.stringify(records)],
  );
}

/** Moves each portal's head to its last new entry, with the head's MAC (same transaction as the insert). */
async function moveChainHeads(tx: Queryable, hmacKey: Buffer, entries: readonly StoredAuditEntry[]): Promise<void> {
  const keyId = auditKeyId(hmacKey);
  const last = new Map(entries.map((e) => [e.portalId, e]));
  const heads = [...last.values()].map((e) => ({
    portal_id: e.portalId,
    last_seq: e.seq,
    last_mac: e.mac,
    mac: computeHeadMac(hmacKey, { portalId: e.portalId, seq: e.seq, lastMac: e.mac }, keyId),
    key_id: keyId,
  }));
  await tx.query('SELECT audit_move_chain_heads($1::jsonb)', [JSON.stringify(heads)]);
}
