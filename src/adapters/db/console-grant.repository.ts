import type { Queryable } from './database';

/** A user the portal's admin allowed to edit criteria. */
export interface ConsoleGrant {
  userId: number;
  role: 'editor';
  grantedBy: number;
  grantedAt: Date;
}

/** `console_grants`: who may edit a portal's criteria besides its admin. Every query is by portal. */
export class ConsoleGrantRepository {
  constructor(private readonly db: Queryable) {}

  async list(portalId: number): Promise<ConsoleGrant[]> {
    const { rows } = await this.db.query<{ user_id: number; role: 'editor'; granted_by: number; granted_at: Date | string }>(
      'SELECT user_id, role, granted_by, granted_at FROM console_grants WHERE portal_id = $1 ORDER BY user_id', [portalId],
    );
    return rows.map((r) => ({ userId: Number(r.user_id), role: r.role, grantedBy: Number(r.granted_by), grantedAt: new Date(r.granted_at) }));
  }

  async tryGetRole(portalId: number, userId: number): Promise<'editor' | undefined> {
    const { rows } = await this.db.query<{ role: 'editor' }>('SELECT role FROM console_grants WHERE portal_id = $1 AND user_id = $2', [portalId, userId]);
    return rows[0]?.role;
  }

  /** Grants editor (idempotent). */
  async grantEditor(portalId: number, userId: number, grantedBy: number): Promise<void> {
    await this.db.query(
      `INSERT INTO console_grants (portal_id, user_id, role, granted_by) VALUES ($1, $2, 'editor', $3)
       ON CONFLICT (portal_id, user_id) DO NOTHING`,
      [portalId, userId, grantedBy],
    );
  }

  /** Revokes a grant; true when there was one. */
  async revoke(portalId: number, userId: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM console_grants WHERE portal_id = $1 AND user_id = $2', [portalId, userId]);
    return rowCount > 0;
  }
}
