import type { TenantId } from '../ports/ids';
/**
 * Console identities (issue 18), in domain terms: who may use a portal's console and with which
 * role, their passkeys, and one-time invitations. The roles are least privilege:
 *
 * - admin: users and invitations, criteria, publishing;
 * - editor: criteria drafts, simulate and "try a lead" (which read real contacts);
 * - compliance: the audit log (read, export, verify) and criteria read-only;
 * - viewer: health and criteria read-only.
 */
export const CONSOLE_ROLES = ['admin', 'editor', 'compliance', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const isConsoleRole = (value: unknown): value is ConsoleRole => typeof value === 'string' && (CONSOLE_ROLES as readonly string[]).includes(value);

/** How a person signs in: their HubSpot login ("Sign in with HubSpot") or a passkey (invited staff). */
export type ConsoleUserKind = 'hubspot' | 'staff';

export interface ConsoleUser {
  portalId: TenantId;
  userId: number;
  kind: ConsoleUserKind;
  role: ConsoleRole;
  /** The admin's name for an invited person; undefined for HubSpot users (shown by id). */
  label: string | undefined;
  createdAt: Date;
}

export interface ConsolePasskey {
  credentialId: string;
  portalId: TenantId;
  userId: number;
  /** COSE public key, base64url. */
  publicKey: string;
  signCount: number;
  transports: string[];
  createdAt: Date;
  lastUsedAt: Date | undefined;
}

export interface ConsoleInvitation {
  tokenHash: string;
  portalId: TenantId;
  /** The id the invited person will have (reserved when the invitation is made). */
  userId: number;
  role: ConsoleRole;
  label: string;
  createdBy: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | undefined;
  expiryAuditedAt: Date | undefined;
}

export interface ConsoleUserStore {
  list(portalId: TenantId): Promise<ConsoleUser[]>;
  tryGet(portalId: TenantId, userId: number): Promise<ConsoleUser | undefined>;
  /** Records a HubSpot user who signed in; an existing user keeps their role unless `role` is admin. */
  upsertHubSpotUser(portalId: TenantId, userId: number, role: ConsoleRole): Promise<ConsoleUser>;
  /** Changes a known user's role; the previous role, or undefined when there is no such user. */
  setRole(portalId: TenantId, userId: number, role: ConsoleRole): Promise<ConsoleRole | undefined>;
  /** Removes a user with their passkeys and every open session of theirs; false when unknown. */
  remove(portalId: TenantId, userId: number): Promise<boolean>;
  countAdmins(portalId: TenantId): Promise<number>;
}

export interface PasskeyStore {
  listForPortal(portalId: TenantId): Promise<ConsolePasskey[]>;
  tryGet(credentialId: string): Promise<ConsolePasskey | undefined>;
  recordUse(credentialId: string, signCount: number, at: Date): Promise<void>;
  /** Removes one passkey of the portal; the user it belonged to, or undefined. */
  remove(portalId: TenantId, credentialId: string): Promise<number | undefined>;
}

export interface InvitationStore {
  /** Reserves the invited person's user id and stores the invitation. */
  create(input: Omit<ConsoleInvitation, 'userId' | 'usedAt' | 'expiryAuditedAt'>): Promise<ConsoleInvitation>;
  tryGet(tokenHash: string): Promise<ConsoleInvitation | undefined>;
  listOpen(portalId: TenantId, now: Date): Promise<ConsoleInvitation[]>;
  /** True the first time an expired invitation is reported (so its expiry is audited once). */
  markExpiryAudited(tokenHash: string, at: Date): Promise<boolean>;
  /**
   * Uses the invitation: creates the staff user with the invitation's role and their first
   * passkey, in one transaction. False when the invitation was used or expired meanwhile.
   */
  accept(tokenHash: string, now: Date, passkey: Omit<ConsolePasskey, 'portalId' | 'userId' | 'createdAt' | 'lastUsedAt' | 'signCount'> & { signCount: number }): Promise<boolean>;
}
