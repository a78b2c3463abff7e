import type { EffectivenessRun, EffectivenessStore } from '../../app/effectiveness/effectiveness.ports';
import { OutcomeSignalConfigSchema, type EffectivenessReport, type OutcomeSignalConfig } from '../../core';
import type { Database } from './database';

interface RunRow {
  id: string;
  portal_id: string | number;
  status: EffectivenessRun['status'];
  requested_by: string;
  window_start: Date;
  window_end: Date;
  contacts_read: number;
  hubspot_calls: number;
  error_code: string | null;
  report: EffectivenessReport | string | null;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (r: RunRow): EffectivenessRun => ({
  id: r.id, portalId: Number(r.portal_id), status: r.status, requestedBy: r.requested_by,
  windowStart: new Date(r.window_start), windowEnd: new Date(r.window_end), contactsRead: r.contacts_read, hubspotCalls: r.hubspot_calls,
  errorCode: r.error_code, report: typeof r.report === 'string' ? (JSON.parse(r.report) as EffectivenessReport) : r.report,
  startedAt: new Date(r.started_at), finishedAt: r.finished_at && new Date(r.finished_at),
});

/**
 * Effectiveness runs, aggregate cells and signal settings (migration 011). Counts and summary
 * statistics only: nothing here names a contact.
 */
export class EffectivenessRepository implements EffectivenessStore {
  constructor(private readonly db: Database) {}

  async startRun(run: { id: string; portalId: number; requestedBy: string; windowStart: Date; windowEnd: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO effectiveness_runs (id, portal_id, status, requested_by, window_start, window_end) VALUES ($1, $2, 'running', $3, $4, $5)`,
      [run.id, run.portalId, run.requestedBy, run.windowStart, run.windowEnd],
    );
  }

  async finishRun(runId: string, report: EffectivenessReport, stats: { contactsRead: number; hubspotCalls: number }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ portal_id: string }>(
        `UPDATE effectiveness_runs SET status = 'finished', report = $2::jsonb, contacts_read = $3, hubspot_calls = $4, finished_at = now()
          WHERE id = $1 AND status = 'running' RETURNING portal_id`,
        [runId, JSON.stringify(report), stats.contactsRead, stats.hubspotCalls],
      );
      const portalId = rows[0]?.portal_id;
      if (portalId === undefined) return;
      for (const c of report.cells) {
        await tx.query(
          `INSERT INTO effectiveness_cells (run_id, portal_id, criteria_version, band, outcome, route, week_start, leads, booked, respond_due, respond_met)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [runId, portalId, c.criteriaVersion, c.band, c.outcome, c.route, c.weekStart, c.leads, c.booked, c.due, c.met],
        );
      }
    });
  }

  async failRun(runId: string, errorCode: string, stats: { contactsRead: number; hubspotCalls: number }): Promise<void> {
    await this.db.query(
      `UPDATE effectiveness_runs SET status = 'failed', error_code = $2, contacts_read = $3, hubspot_calls = $4, finished_at = now() WHERE id = $1 AND status = 'running'`,
      [runId, errorCode, stats.contactsRead, stats.hubspotCalls],
    );
  }

  async latestRun(portalId: number): Promise<EffectivenessRun | undefined> {
    const { rows } = await this.db.query<RunRow>('SELECT * FROM effectiveness_runs WHERE portal_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1', [portalId]);
    return rows[0] && toRun(rows[0]);
  }

  /** The newest finished run (the figures shown while a new run is still reading). */
  async latestFinishedRun(portalId: number): Promise<EffectivenessRun | undefined> {
    const { rows } = await this.db.query<RunRow>(
      `SELECT * FROM effectiveness_runs WHERE portal_id = $1 AND status = 'finished' ORDER BY finished_at DESC, id DESC LIMIT 1`, [portalId],
    );
    return rows[0] && toRun(rows[0]);
  }

  async tryGetSignals(portalId: number): Promise<OutcomeSignalConfig | undefined> {
    const { rows } = await this.db.query<{ outcome_signals: unknown }>('SELECT outcome_signals FROM effectiveness_settings WHERE portal_id = $1', [portalId]);
    const raw = rows[0]?.outcome_signals;
    return raw === undefined ? undefined : OutcomeSignalConfigSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  }

  async followUpTaskContacts(portalId: number): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ task_id: string; contact_id: string }>(
      'SELECT hubspot_task_id AS task_id, contact_id FROM follow_up_tasks WHERE portal_id = $1 AND hubspot_task_id IS NOT NULL', [portalId],
    );
    return new Map(rows.map((r) => [r.task_id, r.contact_id]));
  }

  async saveSignals(portalId: number, config: OutcomeSignalConfig): Promise<void> {
    await this.db.query(
      `INSERT INTO effectiveness_settings (portal_id, outcome_signals) VALUES ($1, $2::jsonb)
       ON CONFLICT (portal_id) DO UPDATE SET outcome_signals = EXCLUDED.outcome_signals, updated_at = now()`,
      [portalId, JSON.stringify(OutcomeSignalConfigSchema.parse(config))],
    );
  }
}
