import type { OAuthState } from '../oauth';
import type { SandboxContext } from '../sandbox-context';

type Described = NonNullable<ReturnType<OAuthState['describeToken']>>;

const hubDomain = (portalId: number): string => `portal-${portalId}.sandbox.hubspot.local`;

/** Access-token metadata (`PublicAccessTokenInfoResponse` / v1 `AccessTokenInfoResponse`). */
export function accessTokenInfo(ctx: SandboxContext, described: Extract<Described, { kind: 'access' }>, introspection: boolean): Record<string, unknown> {
  const t = described.info;
  const expiresIn = Math.max(0, Math.floor((t.expiresAtMs - ctx.clock.now()) / 1000));
  const signed = {
    appId: t.appId, appInstallId: `${t.portalId}-${t.appId}`, audience: 'api.hubapi.com', expiresAt: t.expiresAtMs, hubId: t.portalId,
    hublet: 'na1', installingUserId: t.userId, isPrivateDistribution: false, isServiceAccount: false, isUserLevel: false,
    newSignature: 'sandbox', scopeToScopeGroupPks: '', scopes: t.scopes.join(' '), signature: 'sandbox',
    trialScopeToScopeGroupPks: '', trialScopes: '', userId: t.userId,
  };
  const info: Record<string, unknown> = {
    token: t.token, user: t.userEmail, hub_domain: hubDomain(t.portalId), scopes: t.scopes, hub_id: t.portalId, app_id: t.appId,
    expires_in: expiresIn, user_id: t.userId, token_type: 'access', is_private_distribution: false, signed_access_token: signed,
  };
  return introspection ? { ...info, active: described.active, client_id: described.app.clientId, token_use: 'access_token' } : info;
}

/** Refresh-token metadata (`PublicRefreshTokenInfoResponse` / v1 `RefreshTokenInfoResponse`). */
export function refreshTokenInfo(described: Extract<Described, { kind: 'refresh' }>, introspection: boolean): Record<string, unknown> {
  const t = described.info;
  const info: Record<string, unknown> = {
    token: t.token, user: t.userEmail, hub_domain: hubDomain(t.portalId), scopes: t.scopes, hub_id: t.portalId,
    client_id: described.app.clientId, user_id: t.userId, token_type: 'refresh',
  };
  return introspection ? { ...info, active: described.active, app_id: t.appId, token_use: 'refresh_token' } : info;
}
