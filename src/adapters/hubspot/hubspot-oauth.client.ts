import { tenantId, type TenantId } from '../../app/ports/ids';
import type { DataMode } from '../../core';
import { dataModeFor } from './oauth-scopes';
import type { z } from 'zod';
import { toBadResponseError } from './hubspot-errors';
import type { HubSpotHttp, HubSpotResponse } from './hubspot-http';
import { ClientCredentialsResponseSchema, PublicUserSchema, TokenInfoResponseSchema, TokenResponseSchema } from './hubspot.schemas';
import type { InstallGrant } from '../../app/ports/install.port';

/** What a token grant gives CareQual (never logged): the install port's grant, one definition. */
export type TokenGrant = InstallGrant;

/** Token metadata from introspection: whose portal, which user installed, which scopes. */
export interface TokenInfo {
  active: boolean;
  portalId: TenantId;
  userId: number;
  appId: number | undefined;
  hubDomain: string | undefined;
  scopes: string[];
  /** What the granted scopes let CareQual put into the portal (see dataModeFor). */
  dataMode: DataMode;
}

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

const TOKEN_PATH = '/oauth/2026-03/token';

/**
 * HubSpot's OAuth endpoints (2026-03 spec: form-encoded bodies, client id and secret in the
 * body, no bearer). `/oauth/v1/token` is deprecated on 2027-02-16, so only the date-versioned
 * paths are used.
 */
export class HubSpotOAuthClient {
  constructor(
    private readonly http: HubSpotHttp,
    private readonly credentials: OAuthClientCredentials,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** grant_type=authorization_code. A code is single-use, so this is never retried. */
  async exchangeCode(code: string, redirectUri: string): Promise<TokenGrant> {
    const res = await this.http.send<unknown>({
      operation: 'oauth.exchange_code', method: 'POST', path: TOKEN_PATH, oauth: true, idempotent: false,
      form: { grant_type: 'authorization_code', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, redirect_uri: redirectUri, code },
    });
    return this.toGrant('oauth.exchange_code', res);
  }

  /**
   * grant_type=refresh_token. Not retried here: the token provider holds a lock around it and
   * decides. A revoked token throws `hubspot.invalid_grant`.
   */
  async refreshToken(refreshToken: string): Promise<TokenGrant> {
    const res = await this.http.send<unknown>({
      operation: 'oauth.refresh_token', method: 'POST', path: TOKEN_PATH, oauth: true, idempotent: false,
      form: { grant_type: 'refresh_token', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, refresh_token: refreshToken },
    });
    return this.toGrant('oauth.refresh_token', res);
  }

  /** The app-level token of the client-credentials grant (webhooks journal). */
  async getClientCredentialsToken(scopes: readonly string[]): Promise<{ accessToken: string; expiresAt: Date }> {
    const res = await this.http.send<unknown>({
      operation: 'oauth.client_credentials', method: 'POST', path: TOKEN_PATH, oauth: true, idempotent: true,
      form: { grant_type: 'client_credentials', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, scope: scopes.join(' ') },
    });
    const body = parse('oauth.client_credentials', res, ClientCredentialsResponseSchema);
    return { accessToken: body.access_token, expiresAt: new Date(this.now().getTime() + body.expires_in * 1000) };
  }

  /** Introspects an access or refresh token: the portal (hub_id) and the installing user. */
  async introspectToken(token: string, hint: 'access_token' | 'refresh_token' = 'access_token'): Promise<TokenInfo> {
    const res = await this.http.send<unknown>({
      operation: 'oauth.introspect', method: 'POST', path: `${TOKEN_PATH}/introspect`, idempotent: true,
      form: { client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, token, token_type_hint: hint },
    });
    const body = parse('oauth.introspect', res, TokenInfoResponseSchema);
    return { active: body.active, portalId: tenantId(body.hub_id), userId: body.user_id, appId: body.app_id, hubDomain: body.hub_domain, scopes: body.scopes, dataMode: dataModeFor(body.scopes) };
  }

  /** Revokes a refresh token (uninstall). Revoking an already-revoked token is not an error worth failing on. */
  async revokeRefreshToken(refreshToken: string): Promise<void> {
    await this.http.send<unknown>({
      operation: 'oauth.revoke', method: 'POST', path: `${TOKEN_PATH}/revoke`, idempotent: true,
      form: { client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret, token: refreshToken, token_type_hint: 'refresh_token' },
    });
  }

  /**
   * Whether a user of the token's portal is a Super Admin (User Provisioning API,
   * `GET /settings/v3/users/{userId}`, scope `settings.users.read`; HubSpot has no date-versioned
   * path for it yet). Used with the short-lived token of a console sign-in.
   */
  async isSuperAdmin(accessToken: string, userId: number): Promise<boolean> {
    const res = await this.http.send<unknown>({ operation: 'settings.read_user', method: 'GET', path: `/settings/v3/users/${userId}`, bearer: accessToken, idempotent: true });
    return parse('settings.read_user', res, PublicUserSchema).superAdmin === true;
  }

  private toGrant(operation: string, res: HubSpotResponse<unknown>): TokenGrant {
    const body = parse(operation, res, TokenResponseSchema);
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: new Date(this.now().getTime() + body.expires_in * 1000),
      portalId: body.hub_id === undefined ? undefined : tenantId(body.hub_id),
      userId: body.user_id,
      scopes: body.scopes,
    };
  }
}

function parse<S extends z.ZodType>(operation: string, res: HubSpotResponse<unknown>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw toBadResponseError(operation, res.status);
  return parsed.data;
}

export { parse as parseHubSpotBody };
