import { tenantId } from '../../app/ports/ids';
import type { ConsoleInvitation, ConsolePasskey, InvitationStore, PasskeyStore } from '../../app/console-access/console-access.port';
import type { Database } from './database';

interface PasskeyRow {
  credential_id: string;
  portal_id: number;
  user_id: number;
  public_key: string;
  sign_count: number;
  transports: string[];
  created_at: Date | string;
  last_used_at: Date | string | null;
}

const PASSKEY_COLUMNS = 'credential_id, portal_id, user_id, public_key, sign_count, transports, created_at, last_used_at';
const toPasskey = (r: PasskeyRow): ConsolePasskey => ({
  credentialId: r.credential_id, portalId: tenantId(Number(r.portal_id)), userId: Number(r.user_id), publicKey: r.public_key, signCount: Number(r.sign_count),
  transports: r.transports ?? [], createdAt: new Date(r.created_at), lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : undefined,
});

/** `console_passkeys`: staff users' WebAuthn credentials (public keys only). */
export class PasskeyRepository implements PasskeyStore {
  constructor(private readonly db: Database) {}

  async listForPortal(portalId: number): Promise<ConsolePasskey[]> {
    const { rows } = await this.db.query<PasskeyRow>(`SELECT ${PASSKEY_COLUMNS} FROM console_passkeys WHERE portal_id = $1 ORDER BY created_at`, [portalId]);
    return rows.map(toPasskey);
  }

  async tryGet(credentialId: string): Promise<ConsolePasskey | undefined> {
    const { rows } = await this.db.query<PasskeyRow>(`SELECT ${PASSKEY_COLUMNS} FROM console_passkeys WHERE credential_id = $1`, [credentialId]);
    return rows[0] && toPasskey(rows[0]);
  }

  async recordUse(credentialId: string, signCount: number, at: Date): Promise<void> {
    await this.db.query('UPDATE console_passkeys SET sign_count = $2, last_used_at = $3 WHERE credential_id = $1', [credentialId, signCount, at]);
  }

  async remove(portalId: number, credentialId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ user_id: number }>('DELETE FROM console_passkeys WHERE portal_id = $1 AND credential_id = $2 RETURNING user_id', [portalId, credentialId]);
    return rows[0] ? Number(rows[0].user_id) : undefined;
  }
}

interface InvitationRow {
  token_hash: string;
  portal_id: number;
  user_id: number;
  role: ConsoleInvitation['role'];
  label: string;
  created_by: number;
  created_at: Date | string;
  expires_at: Date | string;
  used_at: Date | string | null;
  expiry_audited_at: Date | string | null;
}

const INVITATION_COLUMNS = 'token_hash, portal_id, user_id, role, label, created_by, created_at, expires_at, used_at, expiry_audited_at';
const toInvitation = (r: InvitationRow): ConsoleInvitation => ({
  tokenHash: r.token_hash, portalId: tenantId(Number(r.portal_id)), userId: Number(r.user_id), role: r.role, label: r.label, createdBy: Number(r.created_by),
  createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : undefined,
  expiryAuditedAt: r.expiry_audited_at ? new Date(r.expiry_audited_at) : undefined,
});

/** `console_invitations`: one-time invitation links (token hashes only). */
export class InvitationRepository implements InvitationStore {
  constructor(private readonly db: Database) {}

  async create(input: Omit<ConsoleInvitation, 'userId' | 'usedAt' | 'expiryAuditedAt'>): Promise<ConsoleInvitation> {
    const { rows } = await this.db.query<InvitationRow>(
      `INSERT INTO console_invitations (token_hash, portal_id, user_id, role, label, created_by, created_at, expires_at)
       VALUES ($1, $2, nextval('console_staff_user_ids'), $3, $4, $5, $6, $7) RETURNING ${INVITATION_COLUMNS}`,
      [input.tokenHash, input.portalId, input.role, input.label, input.createdBy, input.createdAt, input.expiresAt],
    );
    return toInvitation(rows[0]!);
  }

  async tryGet(tokenHash: string): Promise<ConsoleInvitation | undefined> {
    const { rows } = await this.db.query<InvitationRow>(`SELECT ${INVITATION_COLUMNS} FROM console_invitations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] && toInvitation(rows[0]);
  }

  async listOpen(portalId: number, now: Date): Promise<ConsoleInvitation[]> {
    const { rows } = await this.db.query<InvitationRow>(
      `SELECT ${INVITATION_COLUMNS} FROM console_invitations WHERE portal_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at`, [portalId, now],
    );
    return rows.map(toInvitation);
  }

  async markExpiryAudited(tokenHash: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE console_invitations SET expiry_audited_at = $2 WHERE token_hash = $1 AND expiry_audited_at IS NULL', [tokenHash, at]);
    return rowCount > 0;
  }

  async accept(tokenHash: string, now: Date, passkey: Pick<ConsolePasskey, 'credentialId' | 'publicKey' | 'signCount' | 'transports'>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<InvitationRow>(
        `UPDATE console_invitations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING ${INVITATION_COLUMNS}`, [tokenHash, now],
      );
      const invitation = rows[0] && toInvitation(rows[0]);
      if (!invitation) return false;
      await tx.query(
        `INSERT INTO console_users (portal_id, user_id, kind, role, label, created_by, created_at, updated_at) VALUES ($1, $2, 'staff', $3, $4, $5, $6, $6)`,
        [invitation.portalId, invitation.userId, invitation.role, invitation.label, invitation.createdBy, now],
      );
      await tx.query(
        'INSERT INTO console_passkeys (credential_id, portal_id, user_id, public_key, sign_count, transports, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [passkey.credentialId, invitation.portalId, invitation.userId, passkey.publicKey, passkey.signCount, passkey.transports, now],
      );
      return true;
    });
  }
}

/** A WebAuthn challenge handed to one browser (bound by the hash of a cookie nonce). */
export interface PendingChallenge {
  purpose: 'register' | 'authenticate';
  challenge: string;
  invitationHash: string | undefined;
}

/** `console_webauthn_challenges`: each challenge is answered once, by the browser that asked, before it expires. */
export class WebAuthnChallengeRepository {
  constructor(private readonly db: Database) {}

  async save(browserHash: string, pending: PendingChallenge, expiresAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO console_webauthn_challenges (browser_hash, purpose, challenge, invitation_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (browser_hash) DO UPDATE SET purpose = EXCLUDED.purpose, challenge = EXCLUDED.challenge, invitation_hash = EXCLUDED.invitation_hash, expires_at = EXCLUDED.expires_at`,
      [browserHash, pending.purpose, pending.challenge, pending.invitationHash ?? null, expiresAt],
    );
  }

  /** Takes the browser's challenge (single use); undefined when absent, expired or for another purpose. */
  async consume(browserHash: string, purpose: PendingChallenge['purpose'], now: Date): Promise<PendingChallenge | undefined> {
    await this.db.query('DELETE FROM console_webauthn_challenges WHERE expires_at <= $1', [now]);
    const { rows } = await this.db.query<{ challenge: string; invitation_hash: string | null }>(
      'DELETE FROM console_webauthn_challenges WHERE browser_hash = $1 AND purpose = $2 RETURNING challenge, invitation_hash', [browserHash, purpose],
    );
    return rows[0] && { purpose, challenge: rows[0].challenge, invitationHash: rows[0].invitation_hash ?? undefined };
  }
}
