import type { TenantId } from '../ports/ids';
import { startBackfill, type BackfillRun } from '../backfill';
import type { AuditTrail } from '../audit/audit-trail.port';
import type { CriteriaRequester, RescoreDeps } from './criteria-deps';

/** Progress of a re-score run, as the console shows it. */
export interface RescoreProgress {
  runId: string;
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  contactsEnqueued: number;
  contactsDone: number;
  startedAt: Date;
  finishedAt: Date | undefined;
}

export interface RescoreStart {
  progress: RescoreProgress;
  /** True when a run of this portal was already going: that one is returned, no second one starts. */
  alreadyRunning: boolean;
}

/** Re-scores every contact of the portal with its live criteria (a backfill with reason `rescore`). */
export async function startRescore(req: CriteriaRequester, deps: RescoreDeps): Promise<RescoreStart> {
  const { run, alreadyRunning } = await startBackfill({ portalId: req.portalId, reason: 'rescore', requestedBy: req.actor, runId: deps.newRunId() }, deps);
  return { progress: toRescoreProgress(run), alreadyRunning };
}

/** The portal's latest re-score or backfill run (undefined: none ever ran). */
export async function tryGetRescoreProgress(portalId: TenantId, deps: Pick<RescoreDeps, 'runs'>): Promise<RescoreProgress | undefined> {
  const run = await deps.runs.latestForPortal(portalId);
  return run && toRescoreProgress(run);
}

function toRescoreProgress(run: BackfillRun): RescoreProgress {
  return {
    runId: run.id, status: run.status, contactsEnqueued: run.contactsEnqueued, contactsDone: run.contactsDone,
    startedAt: run.startedAt, finishedAt: run.finishedAt ?? undefined,
  };
}

/** What a finished re-score changed: contacts whose CareQual result was written anew, and failed writes. */
export interface RescoreSummary {
  /** Contacts given a new result (CareQual writes only contacts whose result changed). */
  changed: number;
  /** Writes HubSpot refused. */
  failed: number;
  /** True when counting stopped at RESCORE_SUMMARY_CAP (the figures are lower bounds). */
  capped: boolean;
}

/** The most write entries counted for one summary. */
export const RESCORE_SUMMARY_CAP = 10_000;
const PAGE = 1000;

/**
 * Summarises a finished run from the audit log: the contact.written entries between its start
 * and end (CareQual writes a contact only when its result changed, so these are the contacts
 * that changed; writes from new inquiries scored in the same minutes count too). Undefined while
 * the run is still going.
 */
export async function summariseRescore(portalId: TenantId, run: RescoreProgress, trail: Pick<AuditTrail, 'query'>): Promise<RescoreSummary | undefined> {
  if (run.status === 'running' || !run.finishedAt) return undefined;
  const filter = { portalId, action: 'contact.written' as const, from: run.startedAt, to: new Date(run.finishedAt.getTime() + 1) };
  let changed = 0;
  let failed = 0;
  let afterSeq: number | undefined;
  for (let counted = 0; counted < RESCORE_SUMMARY_CAP; counted += PAGE) {
    const page = await trail.query(filter, { limit: PAGE, ...(afterSeq === undefined ? {} : { afterSeq }) });
    for (const e of page.entries) {
      if (e.outcome === 'success') changed += 1;
      else failed += 1;
    }
    if (page.nextAfterSeq === undefined) return { changed, failed, capped: false };
    afterSeq = page.nextAfterSeq;
  }
  return { changed, failed, capped: true };
}
