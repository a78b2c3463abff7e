import type { TenantId } from './ports/ids';
import { AppError } from './errors';
import type { AuditActor, AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { InstallationStatus } from './ports/tenancy.port';

export interface UninstallDeps {
  installations: {
    tryGetStatus(portalId: TenantId): Promise<InstallationStatus | undefined>;
    getTokens(portalId: TenantId): Promise<{ refreshToken: string }>;
  };
  hubspot: { uninstallApp(portalId: TenantId): Promise<void> };
  oauth: { revokeRefreshToken(refreshToken: string): Promise<void> };
  /** Erases the portal's tokens (status uninstalled) and its criteria, in one transaction. */
  purge(portalId: TenantId, reason: string): Promise<{ wasInstalled: boolean; criteriaVersionsDeleted: number }>;
  audit: AuditLog;
  /** Drops the portal's jobs still waiting in the queues (an uninstalled portal's work is void). */
  jobs?: QueuedJobs;
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/** Whether HubSpot still honours the grant CareQual holds for a portal. */
export interface StoredGrantCheck {
  /** True when the stored refresh token is live: the portal re-installed after the uninstall being read. */
  isStoredGrantLive(portalId: TenantId): Promise<boolean>;
}

/** The portal's queued (not yet running) jobs. */
export interface QueuedJobs {
  /** Removes them; resolves with how many went. A job already running finishes and finds the portal uninstalled. */
  dropQueued(portalId: TenantId): Promise<number>;
}

export interface UninstallResult {
  portalId: TenantId;
  /** HubSpot confirmed the app-uninstall call (false when the grant was already gone). */
  hubspotUninstalled: boolean;
  refreshTokenRevoked: boolean;
  criteriaVersionsDeleted: number;
}

/** HubSpot answers that mean "this grant no longer exists": the uninstall already happened there. */
const GONE = new Set(['hubspot.unauthorized', 'hubspot.invalid_grant', 'hubspot.not_found', 'installation.needs_reauth']);

/**
 * Uninstalls CareQual from a portal on request (CLI, console): HubSpot's app-uninstall
 * endpoint, then revocation of the refresh token, then the purge of the portal's tokens and
 * criteria. The audit log stays (retention). A retryable HubSpot failure stops before anything
 * is purged, so running it again finishes the job; a grant HubSpot no longer knows is not an
 * obstacle.
 */
export async function uninstallPortal(deps: UninstallDeps, portalId: TenantId, actor: AuditActor, requestId?: string): Promise<UninstallResult> {
  const status = await deps.installations.tryGetStatus(portalId);
  if (status === undefined) throw new AppError('portal.not_found', `Portal ${portalId} never installed CareQual`, { expose: true });
  if (status === 'uninstalled') throw new AppError('installation.already_uninstalled', `CareQual is already uninstalled from portal ${portalId}`, { expose: true });

  let hubspotUninstalled = false;
  let refreshTokenRevoked = false;
  if (status === 'active') {
    const { refreshToken } = await deps.installations.getTokens(portalId);
    hubspotUninstalled = await tolerateGone(() => deps.hubspot.uninstallApp(portalId), deps, portalId, 'app uninstall');
    refreshTokenRevoked = await tolerateGone(() => deps.oauth.revokeRefreshToken(refreshToken), deps, portalId, 'token revoke');
  }
  await deps.jobs?.dropQueued(portalId);
  const purged = await deps.purge(portalId, 'uninstall_requested');
  const base = { portalId, actor, ...(requestId ? { requestId } : {}) };
  const entries: AuditEntryInput[] = [{ ...base, action: 'installation.uninstalled', objectType: 'installation', objectId: String(portalId), outcome: 'success' }];
  if (refreshTokenRevoked) entries.push({ ...base, action: 'token.revoked', objectType: 'token', objectId: String(portalId), outcome: 'success' });
  await deps.audit.append(entries);
  return { portalId, hubspotUninstalled, refreshTokenRevoked, criteriaVersionsDeleted: purged.criteriaVersionsDeleted };
}

/**
 * Records an uninstall HubSpot reported (webhooks journal APP_UNINSTALL): no HubSpot calls,
 * the grant is already gone. The portal's queued jobs go first (idempotent: if anything after
 * fails, the journal entry is read again and the whole uninstall runs again), then its tokens
 * and criteria (status `uninstalled`: a job enqueued or picked up meanwhile skips the portal),
 * then the audit entry with HubSpot as the actor. `uninstalled: false` when the portal was not
 * installed (a repeated journal entry, or a portal that never installed): nothing audited.
 *
 * An event read late can be older than the portal's current install (removed and installed
 * again before the poll): when `grant` says the stored grant is live, the event is stale and
 * nothing happens.
 */
export async function recordUninstallFromHubSpot(
  deps: Pick<UninstallDeps, 'purge' | 'audit'> & { jobs: QueuedJobs; grant?: StoredGrantCheck },
  portalId: TenantId,
  reason: string,
): Promise<{ uninstalled: boolean; jobsDropped: number; stale?: true }> {
  if (deps.grant && (await deps.grant.isStoredGrantLive(portalId))) return { uninstalled: false, jobsDropped: 0, stale: true };
  const jobsDropped = await deps.jobs.dropQueued(portalId);
  const purged = await deps.purge(portalId, reason);
  if (!purged.wasInstalled) return { uninstalled: false, jobsDropped };
  await deps.audit.append([{ portalId, action: 'installation.uninstalled', actor: { kind: 'hubspot' }, objectType: 'installation', objectId: String(portalId), outcome: 'success' }]);
  return { uninstalled: true, jobsDropped };
}

/**
 * A {@link StoredGrantCheck} by introspecting the stored refresh token (HubSpot invalidates an
 * app's refresh tokens when it is uninstalled). No stored token, or one HubSpot no longer knows,
 * is not live; any other failure throws, so the journal entry is read again next poll.
 */
export function createStoredGrantCheck(deps: {
  installations: Pick<UninstallDeps['installations'], 'getTokens'>;
  introspectRefreshToken(refreshToken: string): Promise<{ active: boolean }>;
}): StoredGrantCheck {
  return {
    async isStoredGrantLive(portalId) {
      const tokens = await deps.installations.getTokens(portalId).catch(() => undefined);
      if (!tokens) return false;
      try {
        return (await deps.introspectRefreshToken(tokens.refreshToken)).active;
      } catch (error) {
        if (error instanceof AppError && GONE.has(error.code)) return false;
        throw error;
      }
    },
  };
}

async function tolerateGone(call: () => Promise<void>, deps: Pick<UninstallDeps, 'warn'>, portalId: TenantId, what: string): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof AppError && GONE.has(error.code)) {
      deps.warn(`${what}: HubSpot no longer knows this grant; continuing`, { portalId, code: error.code });
      return false;
    }
    throw error;
  }
}
