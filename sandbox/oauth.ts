import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock';
import { HubSpotHttpError, buildErrorBody } from './hubspot-errors';

/** Access tokens live 30 minutes, as HubSpot's do. */
export const ACCESS_TOKEN_TTL_MS = 30 * 60 * 1000;
const AUTH_CODE_TTL_MS = 10 * 60 * 1000;

/**
 * A webhook subscription of an app: generic `object.*` types with the object's type id
 * (`0-1` contacts, `0-27` tasks) as project-based apps declare them, or legacy `contact.*`.
 */
export interface AppSubscription { subscriptionId: number; eventType: string; propertyName?: string; objectTypeId?: string }

/** What an app registration names per subscription. */
export type SubscriptionSpec = Omit<AppSubscription, 'subscriptionId'>;

/**
 * An app registered with the sandbox (the marketplace app's configuration): `scopes` are its
 * required scopes, `optionalScopes` those an account grants only when it can.
 */
export interface RegisteredApp {
  appId: number; clientId: string; clientSecret: string; redirectUris: string[];
  webhookTargetUrl?: string; subscriptions: AppSubscription[]; scopes: string[]; optionalScopes: string[];
}

/** What `registerApp` takes (`scopes`: required scopes, as `requiredScopes` in app-hsmeta.json). */
export interface AppRegistration {
  appId: number; clientId: string; clientSecret: string; redirectUris: string[];
  webhookTargetUrl?: string; subscriptions?: SubscriptionSpec[]; scopes?: string[]; optionalScopes?: string[];
}

interface Grant { appId: number; portalId: number; userId: number; userEmail: string; scopes: string[] }
interface AuthCode extends Grant { redirectUri: string; expiresAtMs: number; used: boolean }
/** An issued access token. */
export interface AccessToken extends Grant { token: string; expiresAtMs: number; refreshToken: string }
interface RefreshToken extends Grant { token: string; revoked: boolean }

/** The result of checking a bearer token. */
export type AuthResult = { ok: true; token: AccessToken } | { ok: false; reason: 'missing' | 'invalid' | 'expired'; expiredAtMs?: number };

/** HubSpot's token-endpoint error: v1's `status` code plus OAuth 2's `error`, and the spec's `category`. */
export function oauthError(status: string, error: string, message: string, statusCode = 400): HubSpotHttpError {
  return new HubSpotHttpError(statusCode, buildErrorBody(status, message, { status, error, error_description: message, requestId: randomUUID() }));
}

/**
 * Apps, installs, authorization codes and tokens. The clock is the sandbox's, so tests can
 * advance it past a token's 30-minute life.
 */
export class OAuthState {
  readonly apps = new Map<number, RegisteredApp>();
  /** `${portalId}:${appId}` → grant */
  readonly installs = new Map<string, Grant>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private nextSubscriptionId = 500_001;
  /** Told of each install and uninstall (the webhooks journal writes APP_INSTALL / APP_UNINSTALL). */
  onLifecycle?: (appId: number, portalId: number, action: 'APP_INSTALL' | 'APP_UNINSTALL') => void;

  constructor(private readonly clock: SandboxClock) {}

  registerApp(app: AppRegistration): RegisteredApp {
    const registered: RegisteredApp = {
      appId: app.appId, clientId: app.clientId, clientSecret: app.clientSecret, redirectUris: [...app.redirectUris],
      webhookTargetUrl: app.webhookTargetUrl, scopes: [...(app.scopes ?? [])], optionalScopes: [...(app.optionalScopes ?? [])],
      subscriptions: (app.subscriptions ?? []).map((s) => ({ subscriptionId: this.nextSubscriptionId++, eventType: s.eventType, propertyName: s.propertyName, objectTypeId: s.objectTypeId })),
    };
    this.apps.set(app.appId, registered);
    return registered;
  }

  findAppByClientId(clientId: string | undefined): RegisteredApp | undefined {
    return [...this.apps.values()].find((a) => a.clientId === clientId);
  }

  /** Apps installed in a portal (used to address webhooks). */
  installedApps(portalId: number): RegisteredApp[] {
    return [...this.installs.values()].filter((g) => g.portalId === portalId).flatMap((g) => this.apps.get(g.appId) ?? []);
  }

  /** Records consent and returns a one-time authorization code. */
  approve(grant: Grant & { redirectUri: string }): string {
    const isNew = !this.installs.has(`${grant.portalId}:${grant.appId}`);
    this.installs.set(`${grant.portalId}:${grant.appId}`, { appId: grant.appId, portalId: grant.portalId, userId: grant.userId, userEmail: grant.userEmail, scopes: grant.scopes });
    const code = randomUUID();
    this.codes.set(code, { ...grant, expiresAtMs: this.clock.now() + AUTH_CODE_TTL_MS, used: false });
    if (isNew) this.onLifecycle?.(grant.appId, grant.portalId, 'APP_INSTALL');
    return code;
  }

  /** grant_type=authorization_code */
  exchangeCode(form: Record<string, string | undefined>): Record<string, unknown> {
    const app = this.assertClient(form);
    const code = form.code ? this.codes.get(form.code) : undefined;
    if (!code || code.used || code.appId !== app.appId || code.expiresAtMs <= this.clock.now()) {
      throw oauthError('BAD_AUTH_CODE', 'invalid_grant', 'missing or unknown auth code');
    }
    if (form.redirect_uri !== code.redirectUri) throw oauthError('BAD_REDIRECT_URI', 'invalid_grant', 'redirect_uri does not match initial request');
    code.used = true;
    const refresh: RefreshToken = { ...pickGrant(code), token: `na1-${randomUUID()}`, revoked: false };
    this.refreshTokens.set(refresh.token, refresh);
    return this.issueAccessToken(refresh);
  }

  /** grant_type=refresh_token; the same refresh token comes back, as with HubSpot. */
  refresh(form: Record<string, string | undefined>): Record<string, unknown> {
    const app = this.assertClient(form);
    const refresh = form.refresh_token ? this.refreshTokens.get(form.refresh_token) : undefined;
    if (!refresh || refresh.revoked || refresh.appId !== app.appId || !this.installs.has(`${refresh.portalId}:${refresh.appId}`)) {
      throw oauthError('BAD_REFRESH_TOKEN', 'invalid_grant', 'missing or unknown refresh token');
    }
    return this.issueAccessToken(refresh);
  }

  /** Checks a bearer token for an API call. */
  authenticate(bearer: string | undefined): AuthResult {
    if (!bearer) return { ok: false, reason: 'missing' };
    const token = this.accessTokens.get(bearer);
    if (!token || !this.installs.has(`${token.portalId}:${token.appId}`)) return { ok: false, reason: 'invalid' };
    if (token.expiresAtMs <= this.clock.now()) return { ok: false, reason: 'expired', expiredAtMs: token.expiresAtMs };
    return { ok: true, token };
  }

  /** Token metadata for introspection and the legacy info endpoints; undefined if unknown. */
  describeToken(token: string): { kind: 'access'; info: AccessToken; app: RegisteredApp; active: boolean } | { kind: 'refresh'; info: RefreshToken; app: RegisteredApp; active: boolean } | undefined {
    const access = this.accessTokens.get(token);
    if (access) {
      const app = this.apps.get(access.appId);
      const active = access.expiresAtMs > this.clock.now() && this.installs.has(`${access.portalId}:${access.appId}`);
      return app && { kind: 'access', info: access, app, active };
    }
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      const app = this.apps.get(refresh.appId);
      return app && { kind: 'refresh', info: refresh, app, active: !refresh.revoked };
    }
    return undefined;
  }

  /** Revokes a refresh token: the next refresh gets BAD_REFRESH_TOKEN (issued access tokens run out normally). */
  revokeRefreshToken(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (!refresh) return false;
    refresh.revoked = true;
    return true;
  }

  /** How many refresh tokens of an app in a portal still work (grants HubSpot holds for the app). */
  countLiveRefreshTokens(portalId: number, appId: number): number {
    return [...this.refreshTokens.values()].filter((r) => r.portalId === portalId && r.appId === appId && !r.revoked).length;
  }

  /** Makes issued access tokens expired now (all, or one portal's). */
  expireAccessTokens(portalId?: number): void {
    const now = this.clock.now();
    for (const token of this.accessTokens.values()) {
      if (portalId === undefined || token.portalId === portalId) token.expiresAtMs = Math.min(token.expiresAtMs, now);
    }
  }

  /** Uninstalls an app from a portal: its tokens stop working and it gets no more webhooks. */
  uninstall(portalId: number, appId: number): void {
    const wasInstalled = this.installs.delete(`${portalId}:${appId}`);
    for (const refresh of this.refreshTokens.values()) if (refresh.portalId === portalId && refresh.appId === appId) refresh.revoked = true;
    if (wasInstalled) this.onLifecycle?.(appId, portalId, 'APP_UNINSTALL');
  }

  /** Forgets installs, codes and tokens (registered apps stay). */
  reset(): void {
    this.installs.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private assertClient(form: Record<string, string | undefined>): RegisteredApp {
    const app = this.findAppByClientId(form.client_id);
    if (!app) throw oauthError('BAD_CLIENT_ID', 'invalid_client', 'missing or unknown client id');
    if (form.client_secret !== app.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'invalid_client', 'missing or invalid client secret');
    return app;
  }

  private issueAccessToken(refresh: RefreshToken): Record<string, unknown> {
    const token: AccessToken = {
      ...pickGrant(refresh), token: `CQ${randomBytes(36).toString('base64url')}`,
      expiresAtMs: this.clock.now() + ACCESS_TOKEN_TTL_MS, refreshToken: refresh.token,
    };
    this.accessTokens.set(token.token, token);
    return {
      token_type: 'bearer', access_token: token.token, refresh_token: refresh.token, expires_in: ACCESS_TOKEN_TTL_MS / 1000,
      hub_id: refresh.portalId, user_id: refresh.userId, scopes: refresh.scopes, token_use: 'access_token',
    };
  }
}

function pickGrant(g: Grant): Grant {
  return { appId: g.appId, portalId: g.portalId, userId: g.userId, userEmail: g.userEmail, scopes: [...g.scopes] };
}
