import { contactId, type ContactId } from '../../app/ports/ids';
import type { FollowUpPriority } from '../../app/ports/crm-gateway.port';
import type { FollowUpTaskState, FollowUpTaskStore, RecordedFollowUp } from '../../app/ports/pipeline.port';
import type { Queryable } from './database';

/** Follow-up task bookkeeping in `follow_up_tasks` / `owner_rotation` (ids only). */
export class FollowUpTaskRepository implements FollowUpTaskStore {
  constructor(private readonly db: Queryable) {}

  async claim(portalId: number, contactId: ContactId, inquiryKey: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO follow_up_tasks (portal_id, contact_id, inquiry_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [portalId, contactId, inquiryKey],
    );
    return rowCount === 1;
  }

  async reclaimIfStale(portalId: number, contactId: ContactId, inquiryKey: string, leaseMs: number): Promise<'done' | 'reclaimed' | { pendingForMs: number }> {
    // The database's clock for both ends of the lease: one clock for every worker process.
    const taken = await this.db.query(
      `UPDATE follow_up_tasks SET created_at = now()
        WHERE portal_id = $1 AND contact_id = $2 AND inquiry_key = $3 AND hubspot_task_id IS NULL
          AND created_at <= now() - make_interval(secs => $4::double precision / 1000)`,
      [portalId, contactId, inquiryKey, leaseMs],
    );
    if (taken.rowCount === 1) return 'reclaimed';
    const { rows } = await this.db.query<{ task_id: string | null; pending_ms: number }>(
      `SELECT hubspot_task_id AS task_id, GREATEST(1, $4::double precision - EXTRACT(EPOCH FROM (now() - created_at)) * 1000)::int AS pending_ms
         FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = $2 AND inquiry_key = $3`,
      [portalId, contactId, inquiryKey, leaseMs],
    );
    const row = rows[0];
    if (!row) return (await this.claim(portalId, contactId, inquiryKey)) ? 'reclaimed' : { pendingForMs: 1000 }; // released meanwhile
    return row.task_id !== null ? 'done' : { pendingForMs: row.pending_ms };
  }

  async recordCreated(portalId: number, contactId: ContactId, inquiryKey: string, taskId: string, ownerId: string | undefined, state: FollowUpTaskState): Promise<void> {
    await this.db.query(
      `UPDATE follow_up_tasks SET hubspot_task_id = $4, owner_id = $5, band = $6, route = $7, priority = $8, due_at = $9, is_open = $10, updated_at = now()
        WHERE portal_id = $1 AND contact_id = $2 AND inquiry_key = $3`,
      [portalId, contactId, inquiryKey, taskId, ownerId ?? null, state.band, state.route, state.priority, state.dueAt, state.open],
    );
  }

  async listLatestTasks(portalId: number, contactIds: readonly ContactId[]): Promise<Map<ContactId, RecordedFollowUp>> {
    const { rows } = await this.db.query<OpenTaskRow>(
      `SELECT DISTINCT ON (contact_id) contact_id, inquiry_key, hubspot_task_id, band, route, priority, due_at, is_open
         FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = ANY($2::text[]) AND hubspot_task_id IS NOT NULL
        ORDER BY contact_id, is_open DESC, updated_at DESC`,
      [portalId, contactIds],
    );
    return new Map(rows.map((r) => { const recorded = toRecorded(r); return [recorded.contactId, recorded]; }));
  }

  async recordUpdated(portalId: number, contactId: ContactId, fromInquiryKey: string, toInquiryKey: string, state: FollowUpTaskState): Promise<void> {
    await this.db.query(
      `UPDATE follow_up_tasks SET inquiry_key = $4, band = $5, route = $6, priority = $7, due_at = $8, is_open = $9, updated_at = now()
        WHERE portal_id = $1 AND contact_id = $2 AND inquiry_key = $3`,
      [portalId, contactId, fromInquiryKey, toInquiryKey, state.band, state.route, state.priority, state.dueAt, state.open],
    );
  }

  async release(portalId: number, contactId: ContactId, inquiryKey: string): Promise<void> {
    await this.db.query(
      `DELETE FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = $2 AND inquiry_key = $3 AND hubspot_task_id IS NULL`,
      [portalId, contactId, inquiryKey],
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
  async purgeContacts(portalId: number, contactIds: readonly ContactId[]): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = ANY($2::text[])`, [portalId, contactIds]);
    return rowCount;
  }
}

interface OpenTaskRow {
  contact_id: string;
  inquiry_key: string;
  hubspot_task_id: string;
  band: string | null;
  route: string | null;
  priority: string | null;
  due_at: Date | string | null;
  is_open: boolean;
}

/** Rows from before issue 17 carry no state: empty codes, so any current result differs and is sent. */
function toRecorded(r: OpenTaskRow): RecordedFollowUp {
  return {
    contactId: contactId(r.contact_id), inquiryKey: r.inquiry_key, taskId: r.hubspot_task_id, band: r.band ?? '', route: r.route ?? '',
    priority: (r.priority ?? 'HIGH') as FollowUpPriority, dueAt: r.due_at === null ? new Date(0) : new Date(r.due_at), open: r.is_open,
  };
}

/** Removes a portal's follow-up bookkeeping (task ids per contact, owner rotation): the uninstall purge. */
export async function purgeFollowUps(tx: Queryable, portalId: number): Promise<void> {
  await tx.query('DELETE FROM follow_up_tasks WHERE portal_id = $1', [portalId]);
  await tx.query('DELETE FROM owner_rotation WHERE portal_id = $1', [portalId]);
}
