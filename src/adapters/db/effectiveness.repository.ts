import { contactId, tenantId, type ContactId } from '../../app/ports/ids';
import type { EffectivenessCheckpoint, EffectivenessRun, EffectivenessStore, NewEffectivenessRun } from '../../app/effectiveness/effectiveness.ports';
import { OutcomeSignalConfigSchema, type EffectivenessReport, type EffectivenessTally, type OutcomeSignalConfig } from '../../core';
import type { Database, Queryable } from './database';

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
  id: r.id, portalId: tenantId(Number(r.portal_id)), status: r.status, requestedBy: r.requested_by,
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

  async startRun(run: NewEffectivenessRun): Promise<void> {
    await this.db.query(
      `INSERT INTO effectiveness_runs (id, portal_id, status, requested_by, window_start, window_end, job_id, basis) VALUES ($1, $2, 'running', $3, $4, $5, $6, $7)`,
      [run.id, run.portalId, run.requestedBy, run.windowStart, run.windowEnd, run.jobId ?? null, run.basis],
    );
  }

  async resumeRun(portalId: number, jobId: string, basis: string): Promise<EffectivenessRun | undefined> {
    const { rows } = await this.db.query<RunRow>(
      `UPDATE effectiveness_runs SET status = 'running', error_code = NULL, finished_at = NULL
        WHERE id = (SELECT id FROM effectiveness_runs WHERE portal_id = $1 AND job_id = $2 AND basis = $3 AND status IN ('running', 'failed')
                    ORDER BY started_at DESC, id DESC LIMIT 1)
        RETURNING *`,
      [portalId, jobId, basis],
    );
    return rows[0] && toRun(rows[0]);
  }

  async checkpoints(runId: string): Promise<EffectivenessCheckpoint[]> {
    const { rows } = await this.db.query<{ slice_start: Date; tally: EffectivenessTally | string; contacts_read: number }>(
      'SELECT slice_start, tally, contacts_read FROM effectiveness_checkpoints WHERE run_id = $1 ORDER BY slice_start', [runId],
    );
    return rows.map((r) => ({
      sliceStart: new Date(r.slice_start), contactsRead: r.contacts_read,
      tally: typeof r.tally === 'string' ? (JSON.parse(r.tally) as EffectivenessTally) : r.tally,
    }));
  }

  async saveCheckpoint(runId: string, checkpoint: EffectivenessCheckpoint, progress: { contactsRead: number; hubspotCalls: number }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO effectiveness_checkpoints (run_id, slice_start, tally, contacts_read) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (run_id, slice_start) DO UPDATE SET tally = EXCLUDED.tally, contacts_read = EXCLUDED.contacts_read`,
        [runId, checkpoint.sliceStart, JSON.stringify(checkpoint.tally), checkpoint.contactsRead],
      );
      await tx.query('UPDATE effectiveness_runs SET contacts_read = $2, hubspot_calls = $3 WHERE id = $1', [runId, progress.contactsRead, progress.hubspotCalls]);
    });
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
      await tx.query('DELETE FROM effectiveness_checkpoints WHERE run_id = $1', [runId]);
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

  async followUpTaskContacts(portalId: number): Promise<Map<string, ContactId>> {
    const { rows } = await this.db.query<{ task_id: string; contact_id: string }>(
      'SELECT hubspot_task_id AS task_id, contact_id FROM follow_up_tasks WHERE portal_id = $1 AND hubspot_task_id IS NOT NULL', [portalId],
    );
    return new Map(rows.map((r) => [r.task_id, contactId(r.contact_id)]));
  }

  async saveSignals(portalId: number, config: OutcomeSignalConfig): Promise<void> {
    await this.db.query(
      `INSERT INTO effectiveness_settings (portal_id, outcome_signals) VALUES ($1, $2::jsonb)
       ON CONFLICT (portal_id) DO UPDATE SET outcome_signals = EXCLUDED.outcome_signals, updated_at = now()`,
      [portalId, JSON.stringify(OutcomeSignalConfigSchema.parse(config))],
    );
  }
}

/**
 * Deletes a portal's effectiveness runs (their cells and checkpoints go with them) and signal
 * settings: part of the uninstall purge, inside its transaction.
 */
export async function purgeEffectiveness(tx: Queryable, portalId: number): Promise<void> {
  await tx.query('DELETE FROM effectiveness_runs WHERE portal_id = $1', [portalId]);
  await tx.query('DELETE FROM effectiveness_settings WHERE portal_id = $1', [portalId]);
}
