import type { AuditLog } from '../ports/audit-log.port';
import type { TenantId } from '../ports/ids';
import type { InstallationDirectory } from '../ports/tenancy.port';
import type { ConsoleUserStore } from './console-access.port';

/** Who the CRM says signed in (HubSpot: the code exchange plus token info); the token is never kept. */
export interface CrmSignIn {
  portalId: TenantId;
  userId: number;
  /** An account owner of the CRM (HubSpot: a Super Admin), who is a console admin. */
  superAdmin: boolean;
}

export interface SignInDeps {
  installations: Pick<InstallationDirectory, 'tryGet'>;
  users: Pick<ConsoleUserStore, 'tryGet' | 'upsertHubSpotUser'>;
  audit: AuditLog;
}

export type SignInDecision = { admitted: true } | { admitted: false; reason: 'not_installed' };

/**
 * Lets a user the CRM vouched for into the console of their portal, or says why not: the portal
 * must have CareQual installed and active. A user who signs in becomes a known user of the
 * portal: an account owner is an admin (audited as `console.access_granted` when that makes them
 * one), anyone else a viewer until an admin gives them more (the installer is admin from the
 * install). A refusal is audited as `console.sign_in_failed`; the caller starts the session and
 * then records `console.signed_in` with {@link recordSignedIn}.
 */
export async function admitCrmUser(deps: SignInDeps, who: CrmSignIn, requestId?: string): Promise<SignInDecision> {
  const installation = await deps.installations.tryGet(who.portalId);
  if (installation?.status !== 'active') {
    await recordSessionEvent(deps, who, 'console.sign_in_failed', { errorCode: 'installation.not_active' }, requestId);
    return { admitted: false, reason: 'not_installed' };
  }
  const before = await deps.users.tryGet(who.portalId, who.userId);
  const user = await deps.users.upsertHubSpotUser(who.portalId, who.userId, who.superAdmin ? 'admin' : 'viewer');
  if (user.role === 'admin' && before?.role !== 'admin' && who.superAdmin) {
    await deps.audit.append([{ portalId: who.portalId, action: 'console.access_granted', actor: { kind: 'hubspot' }, objectType: 'console_user', objectId: `${who.userId}:admin`, outcome: 'success' }]);
  }
  return { admitted: true };
}

/** `console.signed_in` for a session just started (HubSpot sign-in; passkeys name `objectId: 'passkey'`). */
export async function recordSignedIn(deps: Pick<SignInDeps, 'audit'>, who: Pick<CrmSignIn, 'portalId' | 'userId'>, requestId?: string, method?: 'passkey'): Promise<void> {
  await recordSessionEvent(deps, who, 'console.signed_in', method ? { objectId: method } : {}, requestId);
}

async function recordSessionEvent(
  deps: Pick<SignInDeps, 'audit'>,
  who: Pick<CrmSignIn, 'portalId' | 'userId'>,
  action: 'console.signed_in' | 'console.sign_in_failed',
  extra: { errorCode?: string; objectId?: string },
  requestId: string | undefined,
): Promise<void> {
  await deps.audit.append([{
    portalId: who.portalId, action, actor: { kind: 'user', hubspotUserId: String(who.userId) }, outcome: extra.errorCode ? 'failure' : 'success',
    requestId, objectType: 'session', ...extra,
  }]);
}
