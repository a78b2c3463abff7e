import type { TenantId } from './ports/ids';
import { createHash, randomBytes } from 'node:crypto';
import { buildDefaultCriteria, type DataMode } from '../core';
import { AppError, isAppError } from './errors';
import type { AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { Clock } from './ports/clock.port';
import type { InstallationRecorder, LifecycleSubscriber, OAuthGateway, OAuthStateStore, PropertyBootstrapper } from './ports/install.port';
import { followPublishedCriteria, type FollowCriteriaDeps } from './property-subscriptions';

/** How long an install started in a browser may take to come back (consent screen included). */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface InstallPortalConfig {
  clientId: string;
  /** `${HUBSPOT_AUTH_BASE_URL}` — app.hubspot.com in production, the sandbox in tests. */
  authBaseUrl: string;
  /** `${PUBLIC_BASE_URL}/oauth/callback`: must be a redirect URL of the app. */
  redirectUri: string;
  requiredScopes: readonly string[];
  optionalScopes: readonly string[];
}

export interface InstallPortalDeps {
  config: InstallPortalConfig;
  states: OAuthStateStore;
  oauth: OAuthGateway;
  bootstrap: PropertyBootstrapper;
  recorder: InstallationRecorder;
  audit: AuditLog;
  clock: Clock;
  /** Subscribes to the portal's lifecycle events (uninstall detection); best effort, retried at every start. */
  lifecycle?: LifecycleSubscriber;
  /** Subscribes to changes of the properties the portal's published criteria read; best effort, retried at every start. */
  follow?: Omit<FollowCriteriaDeps, 'warn'>;
  /** Operator-facing problems (never tokens or codes). */
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/** Where to send the browser and the nonce to bind the flow to it (set as an HttpOnly cookie). */
export interface InstallStart {
  authorizeUrl: string;
  browserNonce: string;
}

export interface InstallCallback {
  code?: string;
  state?: string;
  error?: string;
  /** The nonce cookie the browser sent back; undefined when it sent none. */
  browserNonce?: string;
  /**
   * The install began on HubSpot's marketplace (its "seamless" install flow): the callback carries
   * no `state` parameter at all and the browser holds no CareQual install cookie. HubSpot started
   * the flow, so there is no state to check; the code itself is the proof (it is single-use and
   * only CareQual's client secret redeems it). Such an install never signs anyone in.
   */
  fromMarketplace?: boolean;
  requestId?: string;
}

export interface InstallCompleted {
  portalId: TenantId;
  firstInstall: boolean;
  criteriaVersion: number;
  dataMode: DataMode;
  fromMarketplace: boolean;
}

/**
 * The OAuth install flow (issue 5).
 *
 * Start: a random `state` (sent to HubSpot) and a random browser nonce (kept in a cookie);
 * only their SHA-256 hashes are stored, single-use, for 10 minutes.
 *
 * Callback: the state must exist, be unexpired and unused, and belong to this browser's nonce,
 * else `oauth.state_invalid` — except for installs HubSpot's marketplace starts, which carry no
 * state at all (see {@link InstallCallback.fromMarketplace}). Then: exchange the code, learn portal and installing user
 * (introspection), bootstrap the properties with the fresh token, and only then store the
 * installation and publish the default criteria in one transaction.
 *
 * Nothing half-stored (decision): until that last transaction nothing of the portal is written,
 * so a failure after the exchange leaves no row. For a portal that was not installed before,
 * the fresh refresh token is also revoked (best effort), so HubSpot holds no grant CareQual
 * forgot; for a re-install the stored installation stays as it was. The admin sees an error
 * page and simply installs again: every step is idempotent.
 */
export class InstallPortal {
  constructor(private readonly deps: InstallPortalDeps) {}

  async start(): Promise<InstallStart> {
    const state = randomToken();
    const browserNonce = randomToken();
    await this.deps.states.create({
      stateHash: sha256(state), browserHash: sha256(browserNonce), purpose: 'install',
      expiresAt: new Date(this.deps.clock.now().getTime() + OAUTH_STATE_TTL_MS),
    });
    const { config } = this.deps;
    const url = new URL(`${config.authBaseUrl}/oauth/authorize`);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('redirect_uri', config.redirectUri);
    url.searchParams.set('scope', config.requiredScopes.join(' '));
    if (config.optionalScopes.length > 0) url.searchParams.set('optional_scope', config.optionalScopes.join(' '));
    url.searchParams.set('state', state);
    return { authorizeUrl: url.toString(), browserNonce };
  }

  async complete(callback: InstallCallback): Promise<InstallCompleted> {
    if (callback.error) {
      // A refusal changes nothing, so it gets its own page even when the state is stale; the state is still spent.
      await this.consumeState(callback).catch(() => undefined);
      throw new AppError(callback.error === 'access_denied' ? 'oauth.access_denied' : 'oauth.authorization_failed', 'HubSpot did not authorise the install', { expose: true });
    }
    await this.consumeState(callback);
    if (!callback.code) throw new AppError('oauth.code_missing', 'HubSpot sent no authorization code', { expose: true });

    const grant = await this.exchange(callback.code);
    if (!grant.refreshToken) throw new AppError('oauth.exchange_failed', 'HubSpot issued no refresh token', { expose: true });
    const info = await this.deps.oauth.introspectToken(grant.accessToken).catch((cause: unknown) => {
      throw new AppError('oauth.exchange_failed', 'Could not learn which HubSpot account installed CareQual', { cause, expose: true });
    });
    const portalId = info.portalId;
    const userId = grant.userId ?? info.userId;
    const actor = { kind: 'user' as const, hubspotUserId: String(userId) };
    const base = { portalId, actor, ...(callback.requestId ? { requestId: callback.requestId } : {}) };

    // The data mode follows what HubSpot actually granted: optional sensitive scopes are left out
    // on accounts without Sensitive Data (Enterprise only), so those install in standard mode.
    const dataMode = info.dataMode;
    const previousMode = await this.deps.recorder.tryGetDataMode?.(portalId).catch(() => undefined);
    let recorded;
    let properties;
    try {
      properties = await this.deps.bootstrap(portalId, grant.accessToken, dataMode);
      recorded = await this.deps.recorder.recordInstall({
        portalId, scopes: info.scopes, dataMode, installedByUserId: userId, hubDomain: info.hubDomain,
        accessToken: grant.accessToken, refreshToken: grant.refreshToken, expiresAt: grant.expiresAt,
        propertiesVersion: properties.version, defaultCriteria: buildDefaultCriteria(), actor,
      });
    } catch (error) {
      await this.rollBack(portalId, grant.refreshToken, error, base);
      throw new AppError('install.bootstrap_failed', 'CareQual could not finish setting up the HubSpot account', { cause: error, expose: true, retryable: true });
    }

    const entries: AuditEntryInput[] = [
      { ...base, action: 'installation.installed', objectType: 'installation', objectId: String(portalId), outcome: 'success' },
      { ...base, action: 'token.issued', objectType: 'token', objectId: String(portalId), outcome: 'success' },
      { ...base, action: 'properties.bootstrapped', objectType: 'installation', objectId: String(portalId), outcome: 'success', propertyNames: [...properties.created, ...properties.updated, ...(properties.recreated ?? [])] },
    ];
    if (previousMode && previousMode !== dataMode) entries.push(dataModeChanged(base, portalId, previousMode, dataMode));
    if (recorded.criteria.created) {
      const criteria = { objectType: 'criteria' as const, objectId: `v${recorded.criteria.version}`, criteriaVersion: recorded.criteria.hash, outcome: 'success' as const };
      entries.push({ ...base, action: 'criteria.saved', ...criteria }, { ...base, action: 'criteria.published', ...criteria });
    }
    await this.deps.audit.append(entries);
    await this.subscribeToLifecycle(portalId);
    if (this.deps.follow) await followPublishedCriteria({ ...this.deps.follow, warn: this.deps.warn }, portalId);
    return { portalId, firstInstall: recorded.firstInstall, criteriaVersion: recorded.criteria.version, dataMode, fromMarketplace: callback.fromMarketplace === true };
  }

  /**
   * Without this subscription HubSpot never tells CareQual about an uninstall. A failure does not
   * undo a working install: it is logged, and every start subscribes the active installs again.
   */
  private async subscribeToLifecycle(portalId: TenantId): Promise<void> {
    await this.deps.lifecycle?.subscribe(portalId).catch((error: unknown) => {
      this.deps.warn('could not subscribe to the portal\'s lifecycle events; retried at the next start', { portalId, code: isAppError(error) ? error.code : 'internal_error' });
    });
  }

  private async consumeState(callback: InstallCallback): Promise<void> {
    if (callback.fromMarketplace) {
      // Only a callback with neither a state nor CareQual's cookie is HubSpot-initiated; a flow
      // CareQual started that comes back without its state was tampered with.
      if (callback.state !== undefined || callback.browserNonce !== undefined) throw stateInvalid('marketplace_with_state');
      return;
    }
    if (!callback.state || !callback.browserNonce) throw stateInvalid(!callback.state ? 'missing' : 'no_cookie');
    const result = await this.deps.states.consume({
      stateHash: sha256(callback.state), browserHash: sha256(callback.browserNonce), purpose: 'install', now: this.deps.clock.now(),
    });
    if (!result.ok) throw stateInvalid(result.reason);
  }

  private async exchange(code: string) {
    try {
      return await this.deps.oauth.exchangeCode(code, this.deps.config.redirectUri);
    } catch (cause) {
      // HubSpot refusing the code (forged, already used, expired) is the browser's doing, not an
      // outage: a 400 page, no error-level log. Anything else (5xx, no answer) stays a 502.
      if (isAppError(cause) && cause.code === 'hubspot.invalid_grant') throw new AppError('oauth.code_invalid', 'HubSpot did not accept the authorization code', { cause, expose: true });
      throw new AppError('oauth.exchange_failed', 'HubSpot did not accept the authorization code', { cause, expose: true, retryable: true });
    }
  }

  private async rollBack(portalId: TenantId, refreshToken: string, error: unknown, base: Pick<AuditEntryInput, 'portalId' | 'actor' | 'requestId'>): Promise<void> {
    const code = error instanceof AppError ? error.code : 'internal_error';
    this.deps.warn('install failed after the code exchange; nothing stored', { portalId, code });
    const wasInstalled = await this.deps.recorder.isInstalled(portalId).catch(() => true);
    if (!wasInstalled) await this.deps.oauth.revokeRefreshToken(refreshToken).catch(() => this.deps.warn('could not revoke the refresh token of a failed install', { portalId }));
    await this.deps.audit
      .append([{ ...base, action: 'installation.installed', objectType: 'installation', objectId: String(portalId), outcome: 'failure', errorCode: code }])
      .catch(() => this.deps.warn('audit append failed for a failed install', { portalId }));
  }
}

/**
 * A re-install that changes the data mode (an upgrade to Enterprise with Sensitive Data, or the
 * sensitive scopes granted or withdrawn) is a re-bootstrap with the new mode, audited as such.
 */
function dataModeChanged(base: Pick<AuditEntryInput, 'portalId' | 'actor' | 'requestId'>, portalId: TenantId, from: DataMode, to: DataMode): AuditEntryInput {
  // The object id names the change ("<portal>:standard:sensitive"): audit entries carry no free text.
  return { ...base, action: 'installation.data_mode_changed', objectType: 'installation', objectId: `${portalId}:${from}:${to}`, outcome: 'success' };
}

function stateInvalid(reason: string): AppError {
  const e = new AppError('oauth.state_invalid', 'This install link is invalid, expired or was already used', { expose: true });
  (e as AppError & { reason?: string }).reason = reason;
  return e;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a state or nonce: what the database keeps instead of the value. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
