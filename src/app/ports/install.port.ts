import type { TenantId } from './ids';
import type { Criteria, DataMode } from '../../core';
import type { AuditActor } from './audit-log.port';

/** Why a presented OAuth `state` was refused. */
export type OAuthStateRefusal = 'unknown' | 'foreign' | 'expired' | 'replayed';

/**
 * Single-use, expiring OAuth `state` values bound to a browser. The store keeps hashes only
 * (a database reader cannot replay a state).
 */
export interface OAuthStateStore {
  create(input: { stateHash: string; browserHash: string; purpose: 'install' | 'console_sign_in'; expiresAt: Date; returnTo?: string }): Promise<void>;
  /** Consumes the state atomically: the first matching presentation wins, every later one is `replayed`. */
  consume(input: { stateHash: string; browserHash: string; purpose: 'install' | 'console_sign_in'; now: Date }): Promise<{ ok: true; returnTo: string | undefined } | { ok: false; reason: OAuthStateRefusal }>;
}

/** What an authorization-code exchange yields, in domain terms. */
export interface InstallGrant {
  accessToken: string;
  /** HubSpot may omit it on refresh: then the old refresh token stays valid (DESIGN.md §3). */
  refreshToken: string | undefined;
  expiresAt: Date;
  /** From the grant when HubSpot includes it (hub_id); introspect otherwise. */
  portalId: TenantId | undefined;
  userId: number | undefined;
  scopes: string[] | undefined;
}

/** HubSpot's OAuth endpoints as the install flow needs them. */
export interface OAuthGateway {
  exchangeCode(code: string, redirectUri: string): Promise<InstallGrant>;
  /** `dataMode`: what the granted access lets CareQual put into the portal (the adapter knows which scopes mean which). */
  introspectToken(token: string): Promise<{ portalId: TenantId; userId: number; hubDomain: string | undefined; scopes: string[]; dataMode: DataMode }>;
  revokeRefreshToken(refreshToken: string): Promise<void>;
}

/** Creates CareQual's properties in a portal with a token the caller supplies (install) or the stored one. */
export interface PropertyBootstrapper {
  (portalId: TenantId, accessToken: string | undefined, mode: DataMode): Promise<{ version: string; created: string[]; updated: string[]; recreated?: string[] }>;
}

export interface RecordInstallInput {
  portalId: TenantId;
  scopes: readonly string[];
  /** From the granted scopes (the OAuth gateway's introspection). */
  dataMode: DataMode;
  installedByUserId: number | undefined;
  hubDomain: string | undefined;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  propertiesVersion: string;
  defaultCriteria: Criteria;
  actor: AuditActor;
}

export interface RecordInstallResult {
  firstInstall: boolean;
  criteria: { created: boolean; version: number; hash: string };
}

/**
 * Stores a completed install in one transaction: the installation (sealed tokens, status
 * active, properties version) and, when the portal has none, the default criteria published.
 */
export interface InstallationRecorder {
  recordInstall(input: RecordInstallInput): Promise<RecordInstallResult>;
  /** True when the portal has an installation that is not uninstalled. */
  isInstalled(portalId: TenantId): Promise<boolean>;
  /** The data mode the portal was last installed with (undefined: never installed). */
  tryGetDataMode?(portalId: TenantId): Promise<DataMode | undefined>;
}

/**
 * Subscribes CareQual to a portal's app lifecycle events (the webhooks journal's APP_UNINSTALL is
 * how uninstalls are learnt: HubSpot sends no uninstall webhook). Idempotent.
 */
export interface LifecycleSubscriber {
  subscribe(portalId: TenantId): Promise<void>;
}
