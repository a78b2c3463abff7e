import type { FollowUpTaskStore } from '../../app/ports/pipeline.port';
import type { Queryable } from './database';

/** Follow-up task bookkeeping in `follow_up_tasks` / `owner_rotation` (ids only). */
export class FollowUpTaskRepository implements FollowUpTaskStore {
  constructor(private readonly db: Queryable) {}

  async claim(portalId: number, contactId: string, criteriaHash: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO follow_up_tasks (portal_id, contact_id, criteria_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [portalId, contactId, criteriaHash],
    );
    return rowCount === 1;
  }

  async reclaimIfStale(portalId: number, contactId: string, criteriaHash: string, leaseMs: number): Promise<'done' | 'reclaimed' | { pendingForMs: number }> {
    // The database's clock for both ends of the lease: one clock for every worker process.
    const taken = await this.db.query(
      `UPDATE follow_up_tasks SET created_at = now()
        WHERE portal_id = $1 AND contact_id = $2 AND criteria_hash = $3 AND hubspot_task_id IS NULL
          AND created_at <= now() - make_interval(secs => $4::double precision / 1000)`,
      [portalId, contactId, criteriaHash, leaseMs],
    );
    if (taken.rowCount === 1) return 'reclaimed';
    const { rows } = await this.db.query<{ task_id: string | null; pending_ms: number }>(
      `SELECT hubspot_task_id AS task_id, GREATEST(1, $4::double precision - EXTRACT(EPOCH FROM (now() - created_at)) * 1000)::int AS pending_ms
         FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = $2 AND criteria_hash = $3`,
      [portalId, contactId, criteriaHash, leaseMs],
    );
    const row = rows[0];
    if (!row) return (await this.claim(portalId, contactId, criteriaHash)) ? 'reclaimed' : { pendingForMs: 1000 }; // released meanwhile
    return row.task_id !== null ? 'done' : { pendingForMs: row.pending_ms };
  }

  async recordCreated(portalId: number, contactId: string, criteriaHash: string, taskId: string, ownerId: string | undefined): Promise<void> {
    await this.db.query(
      `UPDATE follow_up_tasks SET hubspot_task_id = $4, owner_id = $5 WHERE portal_id = $1 AND contact_id = $2 AND criteria_hash = $3`,
      [portalId, contactId, criteriaHash, taskId, ownerId ?? null],
    );
  }

  async release(portalId: number, contactId: string, criteriaHash: string): Promise<void> {
    await this.db.query(
      `DELETE FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = $2 AND criteria_hash = $3 AND hubspot_task_id IS NULL`,
      [portalId, contactId, criteriaHash],
    );
  }

  async nextOwner(portalId: number, ownerIds: readonly string[]): Promise<string | undefined> {
    if (!ownerIds.length) return undefined;
    const { rows } = await this.db.query<{ next_index: number }>(
      `INSERT INTO owner_rotation (portal_id, next_index) VALUES ($1, 1)
       ON CONFLICT (portal_id) DO UPDATE SET next_index = owner_rotation.next_index + 1
       RETURNING next_index - 1 AS next_index`,
      [portalId],
    );
    return ownerIds[(rows[0]?.next_index ?? 0) % ownerIds.length];
  }

  /** Removes what CareQual holds for deleted contacts (the purge job). */
  async purgeContacts(portalId: number, contactIds: readonly string[]): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = ANY($2::text[])`, [portalId, contactIds]);
    return rowCount;
  }
}
