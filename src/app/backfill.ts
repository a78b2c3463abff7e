import type { AuditActor, AuditLog } from './ports/audit-log.port';
import type { HubSpotCrm } from './ports/hubspot-crm.port';
import type { JobQueue, QualifyRequest } from './ports/job-queue.port';
import type { CallBudget } from './ports/pipeline.port';

/** A backfill / re-score run as the operator and the console see it. */
export interface BackfillRun {
  id: string;
  portalId: number;
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  reason: string;
  requestedBy: AuditActor;
  afterCursor: string | null;
  pagesEnqueued: number;
  contactsEnqueued: number;
  contactsDone: number;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface BackfillRunStore {
  create(run: { id: string; portalId: number; reason: string; requestedBy: AuditActor }): Promise<BackfillRun>;
  get(runId: string): Promise<BackfillRun | undefined>;
  latestForPortal(portalId: number): Promise<BackfillRun | undefined>;
  /** Advances the cursor only if no one else did (optimistic on `pagesEnqueued`); false when someone did. */
  recordPage(runId: string, expectedPages: number, nextAfter: string | null, contacts: number): Promise<boolean>;
  /** Adds finished contacts; returns the run after the update. */
  addDone(runId: string, contacts: number): Promise<BackfillRun | undefined>;
  /** Marks the run finished once every page is enqueued and every contact done; true if this call did it. */
  finishIfComplete(runId: string): Promise<boolean>;
}

export interface BackfillDeps {
  runs: BackfillRunStore;
  crm: HubSpotCrm;
  budget: CallBudget;
  audit: AuditLog;
  /** The qualify queue: one job per listed page (reason `backfill`, so it waits behind live inquiries). */
  qualifyJobs: JobQueue<QualifyRequest>;
  /** Enqueues the job that lists the next page. */
  enqueueNextPage(runId: string, pageNumber: number): Promise<void>;
}

/**
 * Lists page number `page` (≤100 contacts) of the portal from the run's saved cursor and enqueues
 * a qualify job for it. Resumable after a crash: the cursor and the page count live in the
 * database, job ids derive from the page number, and a page job that runs again after its page
 * was recorded only makes sure the next page job exists — so no page is enqueued twice and none
 * is skipped.
 */
export async function processBackfillPage(runId: string, page: number, deps: BackfillDeps): Promise<'enqueued' | 'last_page' | 'already_done' | 'not_running'> {
  const run = await deps.runs.get(runId);
  if (!run || run.status !== 'running') return 'not_running';
  if (page < run.pagesEnqueued) {
    if (page === run.pagesEnqueued - 1 && run.afterCursor !== null) await deps.enqueueNextPage(runId, run.pagesEnqueued);
    return 'already_done';
  }
  if (page > run.pagesEnqueued) return 'not_running';
  await deps.budget.reserve(run.portalId, 1);
  const listed = await deps.crm.listContactIds(run.portalId, run.afterCursor ?? undefined);
  const jobId = `bf-${runId}-${page}`;
  if (listed.ids.length) await deps.qualifyJobs.enqueue([{ jobId, data: { portalId: run.portalId, contactIds: listed.ids, traceId: jobId, reason: 'backfill', backfillRunId: runId } }]);
  if (!(await deps.runs.recordPage(runId, page, listed.after ?? null, listed.ids.length))) return 'already_done';
  if (listed.after) {
    await deps.enqueueNextPage(runId, page + 1);
    return 'enqueued';
  }
  await finishIfComplete(runId, deps);
  return 'last_page';
}

/** Called by the qualify worker for backfill jobs: counts progress and closes the run at the end. */
export async function recordBackfillProgress(runId: string, contacts: number, deps: Pick<BackfillDeps, 'runs' | 'audit'>): Promise<void> {
  await deps.runs.addDone(runId, contacts);
  await finishIfComplete(runId, deps);
}

async function finishIfComplete(runId: string, deps: Pick<BackfillDeps, 'runs' | 'audit'>): Promise<void> {
  if (!(await deps.runs.finishIfComplete(runId))) return;
  const run = await deps.runs.get(runId);
  if (!run) return;
  await deps.audit.append([
    { portalId: run.portalId, action: 'backfill.finished', actor: { kind: 'system', role: 'worker' }, objectType: 'backfill', objectId: runId, outcome: 'success' },
  ]);
}

/**
 * Starts a backfill / re-score of every contact of a portal (from the CLI or the console's
 * "Re-score all"). At most one run per portal is active: asking again returns the running one.
 */
export async function startBackfill(
  req: { portalId: number; reason: 'backfill' | 'rescore'; requestedBy: AuditActor; runId: string },
  deps: Pick<BackfillDeps, 'audit' | 'enqueueNextPage'> & { runs: Pick<BackfillRunStore, 'create' | 'latestForPortal'> },
): Promise<{ run: BackfillRun; alreadyRunning: boolean }> {
  const latest = await deps.runs.latestForPortal(req.portalId);
  if (latest?.status === 'running') return { run: latest, alreadyRunning: true };
  const run = await deps.runs.create({ id: req.runId, portalId: req.portalId, reason: req.reason, requestedBy: req.requestedBy });
  await deps.enqueueNextPage(run.id, 0);
  await deps.audit.append([
    { portalId: req.portalId, action: 'backfill.started', actor: req.requestedBy, objectType: 'backfill', objectId: run.id, outcome: 'success' },
  ]);
  return { run, alreadyRunning: false };
}
