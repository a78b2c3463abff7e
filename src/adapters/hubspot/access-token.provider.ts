import type { TenantId } from '../../app/ports/ids';
import { AppError } from '../../app/errors';
import type { TokenEvent, TokenEventListener } from '../../app/token-events';
import { systemClock, type Clock } from '../../app/ports/clock.port';
import { currentContext } from '../../observability/context';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { InstallationRepository, InstallationTokens } from '../db/installation.repository';
import type { DistributedLock } from '../locks/redis-lock';
import { isInvalidGrant } from './hubspot-errors';
import type { TokenGrant } from './hubspot-oauth.client';
import type { AccessTokenSource } from './hubspot.client';

/** Refresh this long before HubSpot's 30-minute access token runs out (never "on 401", DESIGN.md §3). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface TokenRefresher {
  refreshToken(refreshToken: string): Promise<TokenGrant>;
}

export interface AccessTokenProviderDeps {
  installations: Pick<InstallationRepository, 'getTokens' | 'saveRefreshedTokens' | 'markNeedsReauth'>;
  oauth: TokenRefresher;
  lock: DistributedLock;
  /** Told about every refresh and refusal (wired to auditTokenEvents): the provider audits nothing itself. */
  onTokenEvent: TokenEventListener;
  metrics: Metrics;
  logger: Logger;
  clock?: Clock;
  refreshMarginMs?: number;
}

/**
 * Hands out a valid access token for one portal.
 *
 * - Scope: when the caller runs inside a portal's context (a job for portal A), asking for any
 *   other portal's token throws `tenancy.cross_portal_access` before anything is read or sent.
 *   The tokens themselves are sealed to their portal (see TokenCipher), a second net.
 * - Refresh ahead of expiry (REFRESH_MARGIN_MS), under a per-portal lock shared by all
 *   processes (Redis), re-reading the row after taking it (another process may have refreshed
 *   meanwhile), and at most one refresh in flight per portal in this process (promise map).
 * - HubSpot may omit the refresh token on refresh: the old one is kept.
 * - `invalid_grant` / BAD_REFRESH_TOKEN (uninstalled or revoked): the installation becomes
 *   `needs_reauth`, reported as a token event, and callers get `installation.needs_reauth`.
 */
export class AccessTokenProvider implements AccessTokenSource {
  private readonly inFlight = new Map<number, Promise<string>>();
  private readonly clock: Clock;
  private readonly marginMs: number;

  constructor(private readonly deps: AccessTokenProviderDeps) {
    this.clock = deps.clock ?? systemClock;
    this.marginMs = deps.refreshMarginMs ?? REFRESH_MARGIN_MS;
  }

  async getAccessToken(portalId: TenantId): Promise<string> {
    assertPortalScope(portalId);
    const tokens = await this.deps.installations.getTokens(portalId);
    if (!this.isDue(tokens)) return tokens.accessToken;
    let pending = this.inFlight.get(portalId);
    if (!pending) {
      pending = this.refreshUnderLock(portalId).finally(() => this.inFlight.delete(portalId));
      this.inFlight.set(portalId, pending);
    }
    return pending;
  }

  /**
   * HubSpot answered 401 to `rejectedToken` (DESIGN.md §3 says refresh ahead of expiry, never
   * "on 401" — this is the fallback for a token HubSpot ended early). Refreshes under the same
   * per-portal lock, unless the stored token is already another one (a concurrent job or
   * process refreshed it), so a burst of 401s costs one refresh.
   */
  async refreshRejectedToken(portalId: TenantId, rejectedToken: string): Promise<string> {
    assertPortalScope(portalId);
    let pending = this.inFlight.get(portalId);
    if (!pending) {
      pending = this.deps.lock
        .withLock(`token-refresh:${portalId}`, async () => {
          const current = await this.deps.installations.getTokens(portalId);
          return current.accessToken !== rejectedToken ? current.accessToken : this.refresh(current);
        })
        .finally(() => this.inFlight.delete(portalId));
      this.inFlight.set(portalId, pending);
    }
    return pending;
  }

  private isDue(tokens: InstallationTokens): boolean {
    return tokens.expiresAt.getTime() - this.clock.now().getTime() <= this.marginMs;
  }

  private refreshUnderLock(portalId: TenantId): Promise<string> {
    return this.deps.lock.withLock(`token-refresh:${portalId}`, async () => {
      const current = await this.deps.installations.getTokens(portalId);
      if (!this.isDue(current)) return current.accessToken; // another process refreshed while we waited
      return this.refresh(current);
    });
  }

  private async refresh(current: InstallationTokens): Promise<string> {
    const { portalId } = current;
    let grant: TokenGrant;
    try {
      grant = await this.deps.oauth.refreshToken(current.refreshToken);
    } catch (error) {
      await this.onRefreshFailed(portalId, error);
      throw error instanceof AppError && isInvalidGrant(error)
        ? new AppError('installation.needs_reauth', `Portal ${portalId} must reinstall CareQual (HubSpot refused its refresh token)`, { cause: error })
        : error;
    }
    await this.deps.installations.saveRefreshedTokens(portalId, {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken ?? current.refreshToken,
      expiresAt: grant.expiresAt,
    });
    this.deps.metrics.tokenRefreshes.inc({ result: 'success' });
    await this.report({ kind: 'refreshed', portalId, context: eventContext() });
    return grant.accessToken;
  }

  private async onRefreshFailed(portalId: TenantId, error: unknown): Promise<void> {
    const code = error instanceof AppError ? error.code : 'internal_error';
    if (!isInvalidGrant(error)) {
      this.deps.metrics.tokenRefreshes.inc({ result: 'failure' });
      this.deps.logger.warn('token refresh failed', { portalId, code });
      await this.report({ kind: 'refresh_failed', portalId, errorCode: code, needsReauth: false, context: eventContext() });
      return;
    }
    this.deps.metrics.tokenRefreshes.inc({ result: 'invalid_grant' });
    const changed = await this.deps.installations.markNeedsReauth(portalId, code);
    this.deps.logger.warn('refresh token refused by HubSpot; installation needs re-authorisation', { portalId, code });
    await this.report({ kind: 'refresh_failed', portalId, errorCode: code, needsReauth: changed, context: eventContext() });
  }

  private async report(event: TokenEvent): Promise<void> {
    try {
      await this.deps.onTokenEvent(event);
    } catch (error) {
      // The refresh itself happened (or failed) either way; a lost audit entry is an operator alert, not a failed job.
      this.deps.logger.error('token event not recorded', { portalId: event.portalId, kind: event.kind, error });
    }
  }
}

/** The job or request the refresh runs in, from the async context (ids only). */
function eventContext(): { jobId?: string; requestId?: string } {
  const jobId = currentContext()?.jobId;
  const requestId = currentContext()?.requestId;
  return { ...(jobId ? { jobId } : {}), ...(requestId ? { requestId } : {}) };
}

/**
 * Throws when the current job/request context belongs to another portal: a job for portal A
 * can never load portal B's token.
 */
export function assertPortalScope(portalId: TenantId): void {
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new AppError('portal.invalid', 'A portal id must be a positive integer');
  const scoped = currentContext()?.portalId;
  if (scoped !== undefined && Number(scoped) !== portalId) {
    throw new AppError('tenancy.cross_portal_access', `A task scoped to portal ${String(scoped)} asked for portal ${portalId}'s credentials`);
  }
}
