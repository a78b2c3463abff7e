import type { TenantId } from '../../app/ports/ids';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NormalizedAuditEntry } from '../../app/audit/audit-entry.schema';
import type { AuditQuery, StoredAuditEntry } from '../../app/audit/audit-trail.port';

export type { StoredAuditEntry } from '../../app/audit/audit-trail.port';

/**
 * The audit log's tamper evidence: one HMAC-SHA256 chain per portal,
 * mac_n = HMAC(key, canonical(entry_n) ‖ mac_{n-1}). Pure functions, no I/O.
 */

/** What a retention purge leaves behind so the rest of the chain still verifies. */
export interface AuditCheckpoint {
  portalId: number;
  lastSeq: number;
  lastMac: string;
  purgedBefore: Date;
  entriesPurged: number;
  createdAt: Date;
  mac: string;
  keyId: string;
}

/**
 * What verifying a chain reads from storage. Declared here, beside the chain it describes, so
 * the verifier depends on the chain's shape and not on the repository that stores it.
 */
export interface AuditChainReader {
  /** Portals that have a chain (entries, a head or a checkpoint), ascending. */
  listPortals(): Promise<TenantId[]>;
  /** The checkpoint a portal's remaining chain starts from, if it was ever purged. */
  latestCheckpoint(portalId: number): Promise<AuditCheckpoint | undefined>;
  /**
   * A portal's recorded chain head and, read in the same snapshot, its newest stored entry:
   * the two agree unless entries were removed from the end of the chain or the head was altered.
   */
  readChainEnd(portalId: number): Promise<AuditChainEnd>;
  /** A portal's `audit.tamper_detected` entries, as stored (unverified: verify checks them). */
  listTamperEntries(portalId: number): Promise<StoredAuditEntry[]>;
  /** Installed portals (any status) with no audit chain at all: no entry, head or checkpoint. */
  listInstalledPortalsWithoutChain(): Promise<TenantId[]>;
  /** One portal's entries in chain order, page by page. */
  streamEntries(filter: AuditQuery, pageSize?: number): AsyncGenerator<StoredAuditEntry>;
}

/** See AuditChainReader.readChainEnd. */
export interface AuditChainEnd {
  head: AuditChainHead | undefined;
  lastStoredSeq: number | undefined;
}

/** prev_mac of a portal's first entry. */
export const GENESIS_MAC = '0'.repeat(64);
const FORMAT = 'carequal.audit.v1';
const CHECKPOINT_FORMAT = 'carequal.audit.checkpoint.v1';
const HEAD_FORMAT = 'carequal.audit.head.v1';

/**
 * The bytes an entry's MAC covers: a JSON array in a fixed field order, null for absent
 * fields, property names sorted, time as UTC ISO-8601 with milliseconds. Everything in it is
 * ASCII (the entry schema allows nothing else), so the bytes are the same after a database
 * round trip. `portalId` and `seq` are inside, so moving or renumbering a row breaks its MAC.
 */
export function canonicalizeAuditEntry(entry: Omit<StoredAuditEntry, 'prevMac' | 'mac'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      FORMAT,
      entry.portalId,
      entry.seq,
      entry.occurredAt.toISOString(),
      entry.actorKind,
      entry.actorId,
      entry.actorRole,
      entry.actorJobId,
      entry.action,
      entry.objectType,
      entry.objectId,
      [...entry.propertyNames].sort(),
      entry.criteriaVersion,
      entry.outcome,
      entry.errorCode,
      entry.requestId,
      entry.jobId,
      entry.keyId,
    ]),
    'utf8',
  );
}

/** MAC of one entry given the previous entry's MAC (hex). */
export function computeEntryMac(key: Buffer, entry: Omit<StoredAuditEntry, 'prevMac' | 'mac'>, prevMac: string): string {
  return createHmac('sha256', key).update(canonicalizeAuditEntry(entry)).update(prevMac, 'utf8').digest('hex');
}

/** MAC of a retention checkpoint (it vouches for the seq and MAC the remaining chain starts from). */
export function computeCheckpointMac(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  const canonical = JSON.stringify([CHECKPOINT_FORMAT, c.portalId, c.lastSeq, c.lastMac, c.purgedBefore.toISOString(), c.entriesPurged, c.createdAt.toISOString(), c.keyId]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/** A portal's recorded chain end: the last entry's seq and MAC, and the head's own MAC over both. */
export interface AuditChainHead {
  portalId: number;
  seq: number;
  /** MAC of the entry at `seq`. */
  lastMac: string;
  /** HMAC over the three fields above (null for a head written before migration 008). */
  mac: string | null;
  keyId: string | null;
}

/** MAC of a chain head, so a head edited in the database (rewound, pointed elsewhere) is detected. */
export function computeHeadMac(key: Buffer, head: { portalId: number; seq: number; lastMac: string }, keyId: string): string {
  const canonical = JSON.stringify([HEAD_FORMAT, head.portalId, head.seq, head.lastMac, keyId]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/**
 * A fingerprint naming the key without revealing it (HMAC of a fixed label), stored with each
 * entry so verify can tell "written with another key" from "altered".
 */
export function auditKeyId(key: Buffer): string {
  return 'h' + createHmac('sha256', key).update('carequal.audit.key-id').digest('hex').slice(0, 15);
}

/** Chains normalised entries onto a portal's tail, in order. */
export function chainEntries(
  key: Buffer,
  entries: readonly NormalizedAuditEntry[],
  tails: Map<number, { seq: number; mac: string }>,
): StoredAuditEntry[] {
  const keyId = auditKeyId(key);
  const heads = new Map(tails);
  return entries.map((entry) => {
    const tail = heads.get(entry.portalId) ?? { seq: 0, mac: GENESIS_MAC };
    const unsigned = { ...entry, seq: tail.seq + 1, keyId };
    const mac = computeEntryMac(key, unsigned, tail.mac);
    heads.set(entry.portalId, { seq: unsigned.seq, mac });
    return { ...unsigned, prevMac: tail.mac, mac };
  });
}

/** Constant-time comparison of two hex MACs. */
export function macsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
