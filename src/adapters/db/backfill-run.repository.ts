import { tenantId } from '../../app/ports/ids';
import { actorFromLabel, actorLabel } from '../../app/actor-label';
import type { AuditActor } from '../../app/ports/audit-log.port';
import type { BackfillRun, BackfillRunStore } from '../../app/backfill';
import type { Queryable } from './database';

interface Row {
  id: string;
  portal_id: number;
  status: BackfillRun['status'];
  reason: string;
  requested_by: string;
  after_cursor: string | null;
  pages_enqueued: number;
  contacts_enqueued: number;
  contacts_done: number;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (r: Row): BackfillRun => ({
  id: r.id,
  portalId: tenantId(Number(r.portal_id)),
  status: r.status,
  reason: r.reason,
  requestedBy: actorFromLabel(r.requested_by),
  afterCursor: r.after_cursor,
  pagesEnqueued: r.pages_enqueued,
  contactsEnqueued: r.contacts_enqueued,
  contactsDone: r.contacts_done,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Backfill runs in `backfill_runs`: cursor, page and contact counts (ids and numbers only). */
export class BackfillRunRepository implements BackfillRunStore {
  constructor(private readonly db: Queryable) {}

  async create(run: { id: string; portalId: number; reason: string; requestedBy: AuditActor }): Promise<BackfillRun> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO backfill_runs (id, portal_id, status, reason, requested_by) VALUES ($1, $2, 'running', $3, $4) RETURNING *`,
      [run.id, run.portalId, run.reason, actorLabel(run.requestedBy)],
    );
    return toRun(rows[0]!);
  }

  async get(runId: string): Promise<BackfillRun | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM backfill_runs WHERE id = $1', [runId]);
    return rows[0] && toRun(rows[0]);
  }

  async latestForPortal(portalId: number): Promise<BackfillRun | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM backfill_runs WHERE portal_id = $1 ORDER BY started_at DESC LIMIT 1', [portalId]);
    return rows[0] && toRun(rows[0]);
  }

  async recordPage(runId: string, expectedPages: number, nextAfter: string | null, contacts: number, done: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE backfill_runs SET after_cursor = $3, pages_enqueued = pages_enqueued + 1, contacts_enqueued = contacts_enqueued + $4,
              contacts_done = contacts_done + $5, updated_at = now()
        WHERE id = $1 AND pages_enqueued = $2 AND status = 'running'`,
      [runId, expectedPages, nextAfter, contacts, done],
    );
    return rowCount === 1;
  }

  async addDone(runId: string, contacts: number): Promise<BackfillRun | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE backfill_runs SET contacts_done = contacts_done + $2, updated_at = now() WHERE id = $1 RETURNING *`,
      [runId, contacts],
    );
    return rows[0] && toRun(rows[0]);
  }

  async finishIfComplete(runId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE backfill_runs SET status = 'finished', finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running' AND after_cursor IS NULL AND pages_enqueued > 0
          AND contacts_done >= contacts_enqueued`,
      [runId],
    );
    return rowCount === 1;
  }
}
