import type { TenantId } from './ids';
import type { Criteria, DataMode } from '../../core';

export type InstallationStatus = 'active' | 'needs_reauth' | 'uninstalled';

/** A portal's installation as the use cases and the console see it: never its tokens. */
export interface Installation {
  portalId: TenantId;
  status: InstallationStatus;
  statusReason: string | undefined;
  scopes: string[];
  installedByUserId: number | undefined;
  hubDomain: string | undefined;
  accessTokenExpiresAt: Date | undefined;
  propertiesVersion: string | undefined;
  propertiesBootstrappedAt: Date | undefined;
  /** From the access the CRM granted (the OAuth gateway's introspection): what CareQual may write into the portal. */
  dataMode: DataMode;
  installedAt: Date;
  updatedAt: Date;
  uninstalledAt: Date | undefined;
}

/** Look-ups of a portal's installation: whether CareQual should work for it at all, and its details. */
export interface InstallationDirectory {
  /** The whole installation (undefined: never installed). */
  tryGet(portalId: TenantId): Promise<Installation | undefined>;
  /** undefined: the portal never installed CareQual. */
  tryGetStatus(portalId: TenantId): Promise<InstallationStatus | undefined>;
  /** The installation's data mode (undefined: never installed); callers without it assume `standard`. */
  tryGetDataMode?(portalId: TenantId): Promise<DataMode | undefined>;
}

/** A portal's live criteria version. */
export interface PublishedCriteria {
  portalId: TenantId;
  version: number;
  /** criteriaHash(criteria): what results name as their rules version. */
  hash: string;
  criteria: Criteria;
}

export interface PublishedCriteriaReader {
  /** undefined: the portal has no published criteria (not installed, or purged). */
  tryGetPublished(portalId: TenantId): Promise<PublishedCriteria | undefined>;
}
