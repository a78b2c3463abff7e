import type { Queryable } from '../../src/adapters/db/database';

/**
 * Inserts a row into audit_log at `seq` the way the application role could (it holds INSERT on
 * the table): plausible content, a made-up MAC, no head moved. Issue 18: such a row used to
 * stop the portal for good.
 */
export async function insertStrayAuditRow(db: Queryable, portalId: number, seq: number): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (portal_id, seq, occurred_at, actor_kind, actor_role, action, object_type, object_id, outcome, prev_mac, mac, key_id)
     VALUES ($1, $2, now(), 'system', 'worker', 'contact.read', 'contact', '424242', 'success', repeat('a', 64), repeat('b', 64), 'h000000000000000')`,
    [portalId, seq],
  );
}
