import { tenantId, type TenantId } from '../../app/ports/ids';
import type { Queryable } from './database';

/** A console session as the server keeps it: whose, which portal, and its clock. */
export interface ConsoleSessionRecord {
  portalId: TenantId;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute limit: the session ends then, however active. */
  expiresAt: Date;
  /** How the user proved who they are, and when (re-authentication checks this). */
  authMethod: 'hubspot' | 'passkey';
  authenticatedAt: Date;
}

interface SessionRow {
  portal_id: number;
  user_id: number;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  auth_method: 'hubspot' | 'passkey';
  authenticated_at: Date | string | null;
}

/**
 * `console_sessions`. Only SHA-256 hashes of session ids are stored: a database reader cannot
 * ride a session. (Sign-in `state` values live in `oauth_states`, see OAuthStateRepository.)
 */
export class ConsoleSessionRepository {
  constructor(private readonly db: Queryable) {}

  async create(idHash: string, session: ConsoleSessionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO console_sessions (id_hash, portal_id, user_id, created_at, last_seen_at, expires_at, auth_method, authenticated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [idHash, session.portalId, session.userId, session.createdAt, session.lastSeenAt, session.expiresAt, session.authMethod, session.authenticatedAt],
    );
  }

  async tryGet(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const { rows } = await this.db.query<SessionRow>('SELECT portal_id, user_id, created_at, last_seen_at, expires_at, auth_method, authenticated_at FROM console_sessions WHERE id_hash = $1', [idHash]);
    const row = rows[0];
    return row && {
      portalId: tenantId(Number(row.portal_id)), userId: Number(row.user_id), createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at), expiresAt: new Date(row.expires_at),
      authMethod: row.auth_method, authenticatedAt: new Date(row.authenticated_at ?? row.created_at),
    };
  }

  /** Records activity: the idle clock restarts from `at`. */
  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.query('UPDATE console_sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
  }

  /** Ends a session (sign-out, idle or absolute expiry). True when a row was removed. */
  async delete(idHash: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
    return rowCount > 0;
  }

  /** Removes sessions past their absolute limit or idle for longer than `idleMs`. */
  async deleteExpired(now: Date, idleMs: number): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [now, new Date(now.getTime() - idleMs)]);
    return rowCount;
  }
}
