import { startBackfill, type BackfillRun } from '../backfill';
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
export async function tryGetRescoreProgress(portalId: number, deps: Pick<RescoreDeps, 'runs'>): Promise<RescoreProgress | undefined> {
  const run = await deps.runs.latestForPortal(portalId);
  return run && toRescoreProgress(run);
}

function toRescoreProgress(run: BackfillRun): RescoreProgress {
  return {
    runId: run.id, status: run.status, contactsEnqueued: run.contactsEnqueued, contactsDone: run.contactsDone,
    startedAt: run.startedAt, finishedAt: run.finishedAt ?? undefined,
  };
}
