import { tenantId } from '../../app/ports/ids';
import { actorFromLabel, actorLabel } from '../../app/actor-label';
import type { AuditActor } from '../../app/ports/audit-log.port';
import type { BackfillPage, BackfillRun, BackfillRunStore } from '../../app/backfill';
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

/** Backfill runs in `backfill_runs` and their pages in `backfill_pages`: cursors, page and contact counts (ids and numbers only). */
export class BackfillRunRepository implements BackfillRunStore {
  constructor(private readonly db: Queryable) {}

  async create(run: { id: string; portalId: number; reason: string; requestedBy: AuditActor }): Promise<BackfillRun> {
    // The run and its first page (listed from the start) in one statement.
    const { rows } = await this.db.query<Row>(
      `WITH run AS (INSERT INTO backfill_runs (id, portal_id, status, reason, requested_by) VALUES ($1, $2, 'running', $3, $4) RETURNING *),
            first_page AS (INSERT INTO backfill_pages (run_id, page) SELECT id, 0 FROM run)
       SELECT * FROM run`,
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

  async tryGetPage(runId: string, page: number): Promise<BackfillPage | undefined> {
    const { rows } = await this.db.query<{ after_cursor: string | null; contacts: number | null; done_at: Date | null }>(
      'SELECT after_cursor, contacts, done_at FROM backfill_pages WHERE run_id = $1 AND page = $2',
      [runId, page],
    );
    const row = rows[0];
    return row && { afterCursor: row.after_cursor, listed: row.contacts !== null, done: row.done_at !== null };
  }

  async recordListed(runId: string, page: number, contacts: number, nextAfter: string | null): Promise<boolean> {
    // Only the first listing of a page counts: it saves the next page's cursor and advances the run.
    const { rows } = await this.db.query<{ first: boolean }>(
      `WITH listed AS (
         UPDATE backfill_pages SET contacts = $3 WHERE run_id = $1 AND page = $2 AND contacts IS NULL RETURNING page),
       next_page AS (
         INSERT INTO backfill_pages (run_id, page, after_cursor) SELECT $1, page + 1, $4::text FROM listed WHERE $4::text IS NOT NULL
         ON CONFLICT DO NOTHING),
       run AS (
         UPDATE backfill_runs SET after_cursor = $4::text, pages_enqueued = pages_enqueued + 1, contacts_enqueued = contacts_enqueued + $3, updated_at = now()
          WHERE id = $1 AND EXISTS (SELECT 1 FROM listed))
       SELECT EXISTS (SELECT 1 FROM listed) AS first`,
      [runId, page, contacts, nextAfter],
    );
    return rows[0]?.first === true;
  }

  async recordDone(runId: string, page: number): Promise<boolean> {
    const { rows } = await this.db.query<{ first: boolean }>(
      `WITH done AS (
         UPDATE backfill_pages SET done_at = now() WHERE run_id = $1 AND page = $2 AND contacts IS NOT NULL AND done_at IS NULL RETURNING contacts),
       run AS (
         UPDATE backfill_runs SET contacts_done = contacts_done + (SELECT contacts FROM done), updated_at = now()
          WHERE id = $1 AND EXISTS (SELECT 1 FROM done))
       SELECT EXISTS (SELECT 1 FROM done) AS first`,
      [runId, page],
    );
    return rows[0]?.first === true;
  }

  async addDone(runId: string, contacts: number): Promise<BackfillRun | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE backfill_runs SET contacts_done = contacts_done + $2, updated_at = now() WHERE id = $1 RETURNING *`,
      [runId, contacts],
    );
    return rows[0] && toRun(rows[0]);
  }

  async finishIfComplete(runId: string): Promise<boolean> {
    // A finished run's page rows have served their purpose: they go with it.
    const { rows } = await this.db.query<{ finished: boolean }>(
      `WITH finished AS (
         UPDATE backfill_runs SET status = 'finished', finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'running' AND after_cursor IS NULL AND pages_enqueued > 0
            AND contacts_done >= contacts_enqueued RETURNING id),
       pages AS (DELETE FROM backfill_pages WHERE run_id IN (SELECT id FROM finished))
       SELECT EXISTS (SELECT 1 FROM finished) AS finished`,
      [runId],
    );
    return rows[0]?.finished === true;
  }
}
