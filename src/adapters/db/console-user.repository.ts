import { tenantId } from '../../app/ports/ids';
import type { ConsoleRole, ConsoleUser, ConsoleUserStore } from '../../app/console-access/console-access.port';
import type { Database, Queryable } from './database';

interface UserRow {
  portal_id: number;
  user_id: number;
  kind: ConsoleUser['kind'];
  role: ConsoleRole;
  label: string | null;
  created_at: Date | string;
}

const COLUMNS = 'portal_id, user_id, kind, role, label, created_at';
const toUser = (r: UserRow): ConsoleUser => ({
  portalId: tenantId(Number(r.portal_id)), userId: Number(r.user_id), kind: r.kind, role: r.role, label: r.label ?? undefined, createdAt: new Date(r.created_at),
});

/**
 * `console_users`: every person who may use a portal's console, with their role. Every query is
 * by portal. Removing a user ends their sessions in the same transaction, so a removed user's
 * next request finds no session.
 */
export class ConsoleUserRepository implements ConsoleUserStore {
  constructor(private readonly db: Database) {}

  async list(portalId: number): Promise<ConsoleUser[]> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM console_users WHERE portal_id = $1 ORDER BY created_at, user_id`, [portalId]);
    return rows.map(toUser);
  }

  async tryGet(portalId: number, userId: number): Promise<ConsoleUser | undefined> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM console_users WHERE portal_id = $1 AND user_id = $2`, [portalId, userId]);
    return rows[0] && toUser(rows[0]);
  }

  async upsertHubSpotUser(portalId: number, userId: number, role: ConsoleRole): Promise<ConsoleUser> {
    const { rows } = await this.db.query<UserRow>(
      `INSERT INTO console_users (portal_id, user_id, kind, role) VALUES ($1, $2, 'hubspot', $3)
       ON CONFLICT (portal_id, user_id) DO UPDATE SET role = CASE WHEN EXCLUDED.role = 'admin' THEN 'admin' ELSE console_users.role END,
         updated_at = CASE WHEN EXCLUDED.role = 'admin' AND console_users.role <> 'admin' THEN now() ELSE console_users.updated_at END
       RETURNING ${COLUMNS}`,
      [portalId, userId, role],
    );
    return toUser(rows[0]!);
  }

  async setRole(portalId: number, userId: number, role: ConsoleRole): Promise<ConsoleRole | undefined> {
    const { rows } = await this.db.query<{ previous: ConsoleRole }>(
      `UPDATE console_users u SET role = $3, updated_at = now() FROM (SELECT role AS previous FROM console_users WHERE portal_id = $1 AND user_id = $2) p
       WHERE u.portal_id = $1 AND u.user_id = $2 RETURNING p.previous`,
      [portalId, userId, role],
    );
    return rows[0]?.previous;
  }

  async remove(portalId: number, userId: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM console_sessions WHERE portal_id = $1 AND user_id = $2', [portalId, userId]);
      const { rowCount } = await tx.query('DELETE FROM console_users WHERE portal_id = $1 AND user_id = $2', [portalId, userId]);
      return rowCount > 0;
    });
  }

  async countAdmins(portalId: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM console_users WHERE portal_id = $1 AND role = 'admin'`, [portalId]);
    return Number(rows[0]?.n ?? 0);
  }
}

/**
 * Makes the installing HubSpot user the portal's admin (first install and every later one), in
 * the install's transaction.
 */
export async function makeInstallerAdmin(q: Queryable, portalId: number, userId: number): Promise<void> {
  await q.query(
    `INSERT INTO console_users (portal_id, user_id, kind, role) VALUES ($1, $2, 'hubspot', 'admin')
     ON CONFLICT (portal_id, user_id) DO UPDATE SET role = 'admin', updated_at = now()`,
    [portalId, userId],
  );
}

/**
 * Uninstall resets console authority: every session, invitation, passkey and user of the portal
 * goes, in the uninstall's transaction. A later install starts from its installer alone.
 */
export async function resetConsoleAuthority(q: Queryable, portalId: number): Promise<void> {
  await q.query('DELETE FROM console_sessions WHERE portal_id = $1', [portalId]);
  await q.query('DELETE FROM console_invitations WHERE portal_id = $1', [portalId]);
  await q.query('DELETE FROM console_passkeys WHERE portal_id = $1', [portalId]);
  await q.query('DELETE FROM console_users WHERE portal_id = $1', [portalId]);
}
