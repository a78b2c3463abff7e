import type { AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { TenantId } from '../ports/ids';
import type { InstallationDirectory } from '../ports/tenancy.port';
import type { ConsolePasskey, ConsoleRole, ConsoleUser, ConsoleUserStore, PasskeyStore } from './console-access.port';
import { recordSignedIn } from './sign-in-with-crm';

/**
 * The console's session events decided and audited here, never in a route: passkey sign-in,
 * sign-out and refused access. Routes parse the request, call one of these, then render
 * (HubSpot sign-in is in sign-in-with-crm.ts, invitations in manage-console-users.ts).
 */

/** A known user of one portal acting in the console, with the request id for the audit entry. */
export interface ConsoleUserRequest {
  portalId: TenantId;
  userId: number;
  requestId?: string;
}

export interface ConsoleRoleDeps {
  installations: Pick<InstallationDirectory, 'tryGet'>;
  users: Pick<ConsoleUserStore, 'tryGet'>;
}

/**
 * The user's role, read on every request (so a role change or removal takes effect at once).
 * Undefined when the installation is not active or the user is not a known user of the portal.
 */
export async function consoleRoleOf(deps: ConsoleRoleDeps, portalId: TenantId, userId: number): Promise<ConsoleRole | undefined> {
  return (await activeConsoleUser(deps, portalId, userId))?.role;
}

/** The known user of an active installation; undefined otherwise (their session ends). */
export async function activeConsoleUser(deps: ConsoleRoleDeps, portalId: TenantId, userId: number): Promise<ConsoleUser | undefined> {
  const installation = await deps.installations.tryGet(portalId);
  if (!installation || installation.status !== 'active') return undefined;
  return deps.users.tryGet(portalId, userId);
}

export interface PasskeySignInDeps extends ConsoleRoleDeps {
  passkeys: Pick<PasskeyStore, 'recordUse'>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Lets the owner of a known passkey in, or says no: the WebAuthn check must have passed (its
 * new signature counter given) and the user must still hold a role in an active installation.
 * A refusal is audited as `console.sign_in_failed` (`passkey.invalid` or `installation.not_active`);
 * on admission the caller starts the session and then calls {@link recordPasskeySignedIn}.
 */
export async function admitPasskeyUser(deps: PasskeySignInDeps, passkey: ConsolePasskey, verifiedCounter: number | undefined, requestId?: string): Promise<{ admitted: boolean }> {
  const role = verifiedCounter === undefined ? undefined : await consoleRoleOf(deps, passkey.portalId, passkey.userId);
  if (verifiedCounter === undefined || !role) {
    const errorCode = verifiedCounter === undefined ? 'passkey.invalid' : 'installation.not_active';
    await deps.audit.append([{
      portalId: passkey.portalId, action: 'console.sign_in_failed', actor: { kind: 'user', hubspotUserId: String(passkey.userId) }, outcome: 'failure',
      requestId, objectType: 'session', objectId: 'passkey', errorCode,
    }]);
    return { admitted: false };
  }
  await deps.passkeys.recordUse(passkey.credentialId, verifiedCounter, deps.clock.now());
  return { admitted: true };
}

/** `console.signed_in` (objectId `passkey`) for a session a passkey just started (sign-in or accepted invitation). */
export async function recordPasskeySignedIn(deps: { audit: AuditLog }, who: ConsoleUserRequest): Promise<void> {
  await recordSignedIn(deps, who, who.requestId, 'passkey');
}

/** Ends a console session and audits `console.signed_out`. */
export async function signOut(deps: { sessions: { delete(idHash: string): Promise<boolean> }; audit: AuditLog }, sessionIdHash: string, who: ConsoleUserRequest): Promise<void> {
  await deps.sessions.delete(sessionIdHash);
  await deps.audit.append([userEntry(who, 'console.signed_out', { objectType: 'session' })]);
}

/**
 * Records a console request refused for the signed-in user (`console.access_denied` with the
 * refusal's code: `auth.forbidden`, `auth.reauth_required`, `portal.not_found`), in the user's
 * own portal's log: who tried, never what was there.
 */
export async function recordAccessDenied(deps: { audit: AuditLog }, who: ConsoleUserRequest, errorCode: string): Promise<void> {
  await deps.audit.append([userEntry(who, 'console.access_denied', { errorCode })]);
}

function userEntry(who: ConsoleUserRequest, action: 'console.signed_out' | 'console.access_denied', extra: Pick<AuditEntryInput, 'objectType' | 'errorCode'>): AuditEntryInput {
  return {
    portalId: who.portalId, action, actor: { kind: 'user', hubspotUserId: String(who.userId) }, outcome: extra.errorCode ? 'failure' : 'success',
    requestId: who.requestId, ...extra,
  };
}
