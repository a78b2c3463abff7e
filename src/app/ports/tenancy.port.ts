import type { Criteria, DataMode } from '../../core';

export type InstallationStatus = 'active' | 'needs_reauth' | 'uninstalled';

/** Cheap look-up of whether CareQual should work for a portal at all. */
export interface InstallationDirectory {
  /** undefined: the portal never installed CareQual. */
  tryGetStatus(portalId: number): Promise<InstallationStatus | undefined>;
  /** The installation's data mode (undefined: never installed); callers without it assume `standard`. */
  tryGetDataMode?(portalId: number): Promise<DataMode | undefined>;
}

/** A portal's live criteria version. */
export interface PublishedCriteria {
  portalId: number;
  version: number;
  /** criteriaHash(criteria): what results name as their rules version. */
  hash: string;
  criteria: Criteria;
}

export interface PublishedCriteriaReader {
  /** undefined: the portal has no published criteria (not installed, or purged). */
  tryGetPublished(portalId: number): Promise<PublishedCriteria | undefined>;
}
