import type { TenantId } from '../../app/ports/ids';
import type { HubSpotOAuthClient } from './hubspot-oauth.client';

/** Who signed in through HubSpot: learned from the code exchange plus token info. */
export interface SignInIdentity {
  portalId: TenantId;
  userId: number;
  /** A HubSpot Super Admin (known only with the optional settings.users.read scope). */
  superAdmin: boolean;
}

/**
 * Sign-in identity: exchange the code, introspect the token for hub and user, and (with
 * `settings.users.read`) ask HubSpot whether the user is a Super Admin. The sign-in is a
 * full authorization (HubSpot requires every required scope in it), so it mints a refresh token:
 * that one is revoked at once — CareQual keeps only the installation's own tokens, and HubSpot
 * holds no grant CareQual forgot. A failed revoke is reported, not fatal to the sign-in.
 */
export function createIdentityProvider(
  oauth: Pick<HubSpotOAuthClient, 'exchangeCode' | 'introspectToken' | 'revokeRefreshToken' | 'isSuperAdmin'>,
  warn: (message: string, meta: Record<string, unknown>) => void = () => undefined,
): { identify(code: string, redirectUri: string): Promise<SignInIdentity> } {
  return {
    async identify(code, redirectUri) {
      const grant = await oauth.exchangeCode(code, redirectUri);
      try {
        const info = await oauth.introspectToken(grant.accessToken);
        // A Super Admin is a console admin. Learnt from HubSpot when the portal granted the optional
        // settings.users.read scope; without it (or if HubSpot does not answer) they sign in as who they are.
        const superAdmin = info.scopes.includes('settings.users.read')
          ? await oauth.isSuperAdmin(grant.accessToken, info.userId).catch((error: unknown) => {
            warn('console sign-in: could not read the user from HubSpot', { code: (error as { code?: string }).code ?? 'unknown' });
            return false;
          })
          : false;
        return { portalId: info.portalId, userId: info.userId, superAdmin };
      } finally {
        if (grant.refreshToken) {
          await oauth.revokeRefreshToken(grant.refreshToken).catch((error: unknown) => warn('console sign-in: could not revoke the sign-in refresh token', { code: (error as { code?: string }).code ?? 'unknown' }));
        }
      }
    },
  };
}
