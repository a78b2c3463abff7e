import type { TenantId } from '../ports/ids';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { isConsoleRole, type ConsoleInvitation, type ConsoleRole, type ConsoleUserStore, type InvitationStore, type PasskeyStore } from './console-access.port';

/** Invitation links work once, for this long (long enough to reach a colleague, short enough to leak little). */
export const INVITATION_TTL_MS = 72 * 3600_000;

export interface ManageUsersDeps {
  users: ConsoleUserStore;
  passkeys: PasskeyStore;
  invitations: InvitationStore;
  audit: AuditLog;
  clock: Clock;
}

/** The admin acting, and the request it came in (for the audit entries). */
export interface Acting {
  portalId: TenantId;
  userId: number;
  requestId?: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Audit entries of user management name who (actor), whom (objectId: the user id, and for a
 * role change `userId:role`), and the outcome. Never names, e-mails or anything of a patient.
 */
function entry(acting: Acting, action: AuditEntryInput['action'], objectType: AuditEntryInput['objectType'], objectId: string, errorCode?: string): AuditEntryInput {
  return {
    portalId: acting.portalId, action, actor: { kind: 'user', hubspotUserId: String(acting.userId) }, objectType, objectId,
    outcome: errorCode ? 'failure' : 'success', ...(errorCode ? { errorCode } : {}), ...(acting.requestId ? { requestId: acting.requestId } : {}),
  };
}

async function refuse(deps: ManageUsersDeps, acting: Acting, action: AuditEntryInput['action'], objectId: string, error: AppError): Promise<never> {
  await deps.audit.append([entry(acting, action, 'console_user', objectId, error.code)]);
  throw error;
}

const unknownUser = () => new AppError('user.not_found', 'That person is not a user of this console. Invite them first, or ask them to sign in with HubSpot once.', { expose: true });
const lastAdmin = () => new AppError('user.last_admin', 'This is the only admin. Make someone else admin first.', { expose: true });

/**
 * Gives a known user of the portal a role (console.access_granted). Only users the console
 * knows (invited staff, HubSpot users who signed in) can be given a role: a bare number that
 * names nobody is refused, and the refusal is audited too.
 */
export async function grantRole(deps: ManageUsersDeps, acting: Acting, userId: number, role: unknown): Promise<void> {
  if (!isConsoleRole(role)) throw new AppError('request.invalid', 'Choose a role: admin, editor, compliance or viewer.', { expose: true });
  const target = await deps.users.tryGet(acting.portalId, userId);
  if (!target) return refuse(deps, acting, 'console.access_granted', `${userId}:${role}`, unknownUser());
  if (target.role === 'admin' && role !== 'admin' && (await deps.users.countAdmins(acting.portalId)) <= 1) return refuse(deps, acting, 'console.access_granted', `${userId}:${role}`, lastAdmin());
  await deps.users.setRole(acting.portalId, userId, role);
  await deps.audit.append([entry(acting, 'console.access_granted', 'console_user', `${userId}:${role}`)]);
}

/** Takes a user's role back to viewer, the least one (console.access_revoked names the role taken). */
export async function revokeRole(deps: ManageUsersDeps, acting: Acting, userId: number): Promise<void> {
  const target = await deps.users.tryGet(acting.portalId, userId);
  if (!target) return refuse(deps, acting, 'console.access_revoked', String(userId), unknownUser());
  if (target.role === 'admin' && (await deps.users.countAdmins(acting.portalId)) <= 1) return refuse(deps, acting, 'console.access_revoked', `${userId}:admin`, lastAdmin());
  await deps.users.setRole(acting.portalId, userId, 'viewer');
  await deps.audit.append([entry(acting, 'console.access_revoked', 'console_user', `${userId}:${target.role}`)]);
}

/** Removes a user, their passkeys and every open session of theirs at once (console.user_removed). */
export async function removeUser(deps: ManageUsersDeps, acting: Acting, userId: number): Promise<void> {
  const target = await deps.users.tryGet(acting.portalId, userId);
  if (!target) return refuse(deps, acting, 'console.user_removed', String(userId), unknownUser());
  if (target.role === 'admin' && (await deps.users.countAdmins(acting.portalId)) <= 1) return refuse(deps, acting, 'console.user_removed', String(userId), lastAdmin());
  const passkeys = (await deps.passkeys.listForPortal(acting.portalId)).filter((p) => p.userId === userId);
  await deps.users.remove(acting.portalId, userId);
  await deps.audit.append([
    entry(acting, 'console.user_removed', 'console_user', `${userId}:${target.role}`),
    ...passkeys.map(() => entry(acting, 'console.passkey_removed', 'passkey', String(userId))),
  ]);
}

/** Removes one passkey of a user of the portal (console.passkey_removed names whose). */
export async function removePasskey(deps: ManageUsersDeps, acting: Acting, credentialId: string): Promise<void> {
  const owner = await deps.passkeys.remove(acting.portalId, credentialId);
  if (owner === undefined) {
    await deps.audit.append([entry(acting, 'console.passkey_removed', 'passkey', 'unknown', 'passkey.not_found')]);
    throw new AppError('not_found', 'No such passkey.', { expose: true });
  }
  await deps.audit.append([entry(acting, 'console.passkey_removed', 'passkey', String(owner))]);
}

const LABEL = /^[\p{L}\p{N} .,'()&/-]{1,80}$/u;

/**
 * Makes a one-time invitation for a person who cannot sign in with HubSpot. The link (shown
 * once to the admin to copy; CareQual sends no e-mail) carries a random token; only its hash
 * is stored. The invited person's user id is reserved now, so the audit names them from here on.
 */
export async function inviteStaff(deps: ManageUsersDeps, acting: Acting, input: { label: unknown; role: unknown }): Promise<{ token: string; invitation: ConsoleInvitation }> {
  const label = typeof input.label === 'string' ? input.label.trim() : '';
  if (!LABEL.test(label)) throw new AppError('request.invalid', 'Give the person a short name (letters, digits and spaces, up to 80) so you can tell users apart.', { expose: true });
  if (!isConsoleRole(input.role)) throw new AppError('request.invalid', 'Choose a role: admin, editor, compliance or viewer.', { expose: true });
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const invitation = await deps.invitations.create({
    tokenHash: hashToken(token), portalId: acting.portalId, role: input.role, label, createdBy: acting.userId, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
  });
  await deps.audit.append([entry(acting, 'console.invite_created', 'invitation', `${invitation.userId}:${input.role}`)]);
  return { token, invitation };
}

export type OpenInvitation = { kind: 'open'; invitation: ConsoleInvitation } | { kind: 'used' } | { kind: 'expired' } | { kind: 'unknown' };

/**
 * Looks an invitation link up. An expired one is audited the first time someone tries it
 * (console.invite_expired), with the reserved user as the actor.
 */
export async function openInvitation(deps: Pick<ManageUsersDeps, 'invitations' | 'audit' | 'clock'>, token: string, requestId?: string): Promise<OpenInvitation> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
  const invitation = await deps.invitations.tryGet(hashToken(token));
  if (!invitation) return { kind: 'unknown' };
  if (invitation.usedAt) return { kind: 'used' };
  const now = deps.clock.now();
  if (invitation.expiresAt <= now) {
    if (await deps.invitations.markExpiryAudited(invitation.tokenHash, now)) {
      await deps.audit.append([entry({ portalId: invitation.portalId, userId: invitation.userId, ...(requestId ? { requestId } : {}) }, 'console.invite_expired', 'invitation', `${invitation.userId}:${invitation.role}`, 'invitation.expired')]);
    }
    return { kind: 'expired' };
  }
  return { kind: 'open', invitation };
}

/** The roles an admin can hand out, in the order the page offers them (least first). */
export const ROLE_CHOICES: readonly ConsoleRole[] = ['viewer', 'compliance', 'editor', 'admin'];

/**
 * Uses an open invitation with the person's first passkey (already verified by the WebAuthn
 * ceremony): the staff user appears with the invitation's role, the link stops working, and
 * both facts are audited with the new user as the actor.
 */
export async function acceptInvitation(
  deps: Pick<ManageUsersDeps, 'invitations' | 'audit' | 'clock'>, invitation: ConsoleInvitation,
  passkey: Parameters<InvitationStore['accept']>[2], requestId?: string,
): Promise<void> {
  const accepted = await deps.invitations.accept(invitation.tokenHash, deps.clock.now(), passkey);
  const acting = { portalId: invitation.portalId, userId: invitation.userId, ...(requestId ? { requestId } : {}) };
  if (!accepted) {
    await deps.audit.append([entry(acting, 'console.invite_used', 'invitation', `${invitation.userId}:${invitation.role}`, 'invitation.invalid')]);
    throw new AppError('invitation.invalid', 'This invitation was already used or has expired. Ask your CareQual admin for a new one.', { expose: true });
  }
  await deps.audit.append([
    entry(acting, 'console.invite_used', 'invitation', `${invitation.userId}:${invitation.role}`),
    entry(acting, 'console.passkey_added', 'passkey', String(invitation.userId)),
  ]);
}
