import type { HubSpotOAuthClient } from './hubspot-oauth.client';

/** Who signed in through HubSpot: learned from the code exchange plus token info. */
export interface SignInIdentity {
  portalId: number;
  userId: number;
}

/**
 * Sign-in identity: exchange the code, introspect the token for hub and user. The sign-in is a
 * full authorization (HubSpot requires every required scope in it), so it mints a refresh token:
 * that one is revoked at once — CareQual keeps only the installation's own tokens, and HubSpot
 * holds no grant CareQual forgot. A failed revoke is reported, not fatal to the sign-in.
 */
export function createIdentityProvider(
  oauth: Pick<HubSpotOAuthClient, 'exchangeCode' | 'introspectToken' | 'revokeRefreshToken'>,
  warn: (message: string, meta: Record<string, unknown>) => void = () => undefined,
): { identify(code: string, redirectUri: string): Promise<SignInIdentity> } {
  return {
    async identify(code, redirectUri) {
      const grant = await oauth.exchangeCode(code, redirectUri);
      try {
        const info = await oauth.introspectToken(grant.accessToken);
        return { portalId: info.portalId, userId: info.userId };
      } finally {
        if (grant.refreshToken) {
          await oauth.revokeRefreshToken(grant.refreshToken).catch((error: unknown) => warn('console sign-in: could not revoke the sign-in refresh token', { code: (error as { code?: string }).code ?? 'unknown' }));
        }
      }
    },
  };
}
