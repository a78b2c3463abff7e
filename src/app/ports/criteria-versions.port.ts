import type { TenantId } from './ids';
import type { Criteria } from '../../core';
import type { AuditActor } from './audit-log.port';
import type { PublishedCriteriaReader } from './tenancy.port';

/** One saved criteria version of a portal (immutable), without its document. */
export interface CriteriaVersionSummary {
  portalId: TenantId;
  version: number;
  /** criteriaHash(criteria): what results name as their rules version. */
  hash: string;
  note: string | undefined;
  createdBy: AuditActor;
  createdAt: Date;
  /** True for the portal's live version. */
  published: boolean;
  /** The live version only (from listVersions): when the live pointer last moved to it. */
  liveSince?: Date;
  /** The live version only (from listVersions): who moved the live pointer to it. */
  liveBy?: AuditActor;
}

export interface CriteriaVersion extends CriteriaVersionSummary {
  criteria: Criteria;
}

/**
 * A portal's criteria versions: save (a new immutable version), publish (move the live pointer;
 * rollback is publishing an older one), list and read. The store validates nothing and audits
 * nothing: the criteria use cases (src/app/criteria) validate once and write the audit entries.
 */
export interface CriteriaVersionStore extends PublishedCriteriaReader {
  /** Every version of the portal, newest first. */
  listVersions(portalId: TenantId): Promise<CriteriaVersionSummary[]>;
  tryGetVersion(portalId: TenantId, version: number): Promise<CriteriaVersion | undefined>;
  /** Stores already validated criteria as the portal's next version (not live). */
  saveVersion(portalId: TenantId, criteria: Criteria, by: { actor: AuditActor; note?: string }): Promise<CriteriaVersion>;
  /** Makes a saved version live (its document is not read back). Throws AppError `criteria.version_not_found` for an unknown one. */
  publishVersion(portalId: TenantId, version: number, by: { actor: AuditActor }): Promise<CriteriaVersionSummary>;
}
