import type { TenantId } from '../ports/ids';
import type { NormalizedAuditEntry } from './audit-entry.schema';
import type { AuditAction } from '../ports/audit-log.port';

/**
 * The read side of the audit log, for the tools a compliance officer uses (console and CLI):
 * query, export, verify. The write side is the AuditLog port every use case appends through.
 */

/** An entry as stored: the normalised fields plus its place in the chain. */
export interface StoredAuditEntry extends NormalizedAuditEntry {
  seq: number;
  prevMac: string;
  mac: string;
  keyId: string;
}

/** Filters for reading one portal's audit entries; all optional but the portal. */
export interface AuditQuery {
  portalId: TenantId;
  /** Contact (or other object) id. */
  objectId?: string;
  objectType?: StoredAuditEntry['objectType'];
  actorKind?: StoredAuditEntry['actorKind'];
  /** HubSpot user id of a user actor. */
  actorId?: string;
  actorRole?: 'web' | 'worker' | 'cli';
  action?: AuditAction;
  /** occurred_at ≥ from. */
  from?: Date;
  /** occurred_at < to. */
  to?: Date;
}

/** One page of a keyset-paged query: pass `nextAfterSeq` back as `afterSeq` for the next page. */
export interface AuditPage {
  entries: StoredAuditEntry[];
  nextAfterSeq: number | undefined;
}

/** One numbered page, newest first, and how many entries match in all. */
export interface AuditNumberedPage {
  entries: StoredAuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** Someone who appears in a portal's log, and how often. */
export interface AuditActorSummary {
  kind: StoredAuditEntry['actorKind'];
  /** HubSpot user id for users. */
  id: string | null;
  /** Process role for system actors. */
  role: 'web' | 'worker' | 'cli' | null;
  entries: number;
}

/** Why a chain does not verify, at the first entry where it stops verifying. */
export type AuditChainProblem =
  /** An entry is missing (deleted or renumbered): `seq` is the missing one. */
  | 'gap'
  /** The entry's content or MAC was altered in place. */
  | 'mac_mismatch'
  /** The entry is not where it was written: neither its link nor its position-bound MAC fit. */
  | 'reordered'
  /** The entry is intact but does not link to the one before it (that one was replaced). */
  | 'link_mismatch'
  /** The entry names another HMAC key than the configured one. */
  | 'unknown_key'
  /** The retention checkpoint the chain starts from was forged or altered. */
  | 'checkpoint_mismatch'
  /** The chain's end disagrees with its recorded head: the head was rewound or pointed elsewhere. */
  | 'head_mismatch'
  /** The head's own MAC does not match it: the head was edited. */
  | 'head_forged'
  /** The head carries no MAC (written before migration 008 and not moved since). */
  | 'head_unsigned'
  /** Rows stored past the head or in a range a tamper alarm skipped: not written by CareQual. */
  | 'stray_entries'
  /** The chain ends before a head saved earlier (--expect-heads): entries and head were cut off. */
  | 'behind_expected_head'
  /** The entry at a saved head's seq is not the one saved: the chain was rewritten. */
  | 'expected_head_mismatch'
  /** An installed portal has no audit chain at all. */
  | 'missing_chain';

/**
 * Raised by an append that found rows stored past a portal's head (see audit-append.ts): the
 * append continued the chain past them and recorded `audit.tamper_detected`.
 */
export interface AuditTamperAlarm {
  portalId: TenantId;
  problem: 'stray_entries';
  firstSeq: number;
  lastSeq: number;
}

/** A chain head saved outside the database by an earlier verify. */
export interface ExpectedAuditHead {
  portalId: TenantId;
  seq: number;
  mac: string;
}

export interface AuditChainBreak {
  portalId: TenantId;
  seq: number;
  problem: AuditChainProblem;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  portalsChecked: number;
  entriesChecked: number;
  /**
   * Each verified portal's chain head. Keep them outside the database (a ticket, a log store):
   * a later verify that finds an older head for a portal shows entries removed from its end,
   * which a chain alone cannot prove.
   */
  heads: Array<{ portalId: TenantId; seq: number; mac: string }>;
  /** The first broken entry, when not ok. */
  broken?: AuditChainBreak;
  /** Installed portals with no audit chain at all (reported when every portal was verified). */
  portalsWithoutChain?: TenantId[];
}

/** Reading and checking the audit log. */
export interface AuditTrail {
  /** Entries matching the filters in chain order, after `afterSeq`, at most `limit` (≤1000). */
  query(filter: AuditQuery, page?: { afterSeq?: number; limit?: number }): Promise<AuditPage>;
  /** Page `page` (1-based) of the matching entries, newest first, with the total count. */
  pageNewestFirst(filter: AuditQuery, page: { page: number; pageSize: number }): Promise<AuditNumberedPage>;
  /** Everyone who appears in a portal's log (for the actor picker). */
  listActors(portalId: TenantId): Promise<AuditActorSummary[]>;
  /** Every matching entry in chain order, fetched page by page (never the whole log in memory). */
  streamEntries(filter: AuditQuery, pageSize?: number): AsyncGenerator<StoredAuditEntry>;
  /**
   * Walks one portal's chain, or every portal's (and reports installed portals without one),
   * and reports the first broken entry; with `expectHeads`, also fails when a chain is behind
   * or rewrites a head saved earlier.
   */
  verify(portalId?: TenantId, opts?: { expectHeads?: readonly ExpectedAuditHead[] }): Promise<AuditVerification>;
}
