import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../../app/errors';
import type { ConsoleInvitation, ConsolePasskey } from '../../../app/console-access/console-access.port';

/**
 * The WebAuthn ceremonies of the console, with @simplewebauthn/server (a well-kept library:
 * attestation/assertion parsing, COSE keys, counters). CareQual is the relying party named by
 * PUBLIC_BASE_URL: its host is the RP ID and its origin the only one accepted, so a passkey made
 * for CareQual answers nowhere else and a phishing origin gets nothing usable.
 */
export interface RelyingParty {
  rpID: string;
  origin: string;
  rpName: string;
}

export function relyingPartyOf(publicBaseUrl: string): RelyingParty {
  const url = new URL(publicBaseUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'CareQual console' };
}

const CEREMONY_TIMEOUT_MS = 5 * 60_000;

/** Options for an invited person's first passkey: discoverable (so sign-in needs no user name), user verification preferred. */
export function registrationOptions(rp: RelyingParty, invitation: ConsoleInvitation): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.rpName, rpID: rp.rpID, userName: `${invitation.label} (CareQual ${invitation.portalId})`, userDisplayName: invitation.label,
    userID: new TextEncoder().encode(`cq:${invitation.portalId}:${invitation.userId}`), attestationType: 'none', timeout: CEREMONY_TIMEOUT_MS,
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
}

/** Checks the browser's answer to the registration challenge; the new credential, or passkey.invalid. */
export async function verifyRegistration(rp: RelyingParty, response: unknown, expectedChallenge: string): Promise<Pick<ConsolePasskey, 'credentialId' | 'publicKey' | 'signCount' | 'transports'>> {
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON, expectedChallenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false,
    });
    if (!result.verified) throw new Error('not verified');
    const credential = result.registrationInfo.credential;
    return { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), signCount: credential.counter, transports: credential.transports ?? [] };
  } catch (error) {
    throw new AppError('passkey.invalid', 'The passkey could not be registered. Please try again.', { expose: true, cause: error });
  }
}

/** Options for signing in with any of the user's passkeys (discoverable: the browser offers them). */
export function authenticationOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred', timeout: CEREMONY_TIMEOUT_MS });
}

/** The credential id a sign-in answer names (to find the stored passkey), if it looks like one. */
export function credentialIdOf(response: unknown): string | undefined {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{16,1400}$/.test(id) ? id : undefined;
}

/** Checks a sign-in answer against the stored passkey; the new signature counter, or undefined when it fails. */
export async function verifyAuthentication(rp: RelyingParty, response: unknown, expectedChallenge: string, passkey: ConsolePasskey): Promise<number | undefined> {
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON, expectedChallenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false,
      credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.signCount, transports: passkey.transports },
    });
    return result.verified ? result.authenticationInfo.newCounter : undefined;
  } catch {
    return undefined;
  }
}
