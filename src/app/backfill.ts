import type { TenantId } from './ports/ids';
import type { AuditActor } from './ports/audit-log.port';
import { qualifyLoadedContacts, type QualifyDeps, type QualifyOutcome } from './qualify-contacts';

/** A backfill / re-score run as the operator and the console see it. */
export interface BackfillRun {
  id: string;
  portalId: TenantId;
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
  create(run: { id: string; portalId: TenantId; reason: string; requestedBy: AuditActor }): Promise<BackfillRun>;
  get(runId: string): Promise<BackfillRun | undefined>;
  latestForPortal(portalId: TenantId): Promise<BackfillRun | undefined>;
  /**
   * Records a page listed (`contacts`) and qualified (`done`) and advances the cursor, only if no
   * one else did (optimistic on `pagesEnqueued`); false when someone did.
   */
  recordPage(runId: string, expectedPages: number, nextAfter: string | null, contacts: number, done: number): Promise<boolean>;
  /** Adds finished contacts; returns the run after the update. */
  addDone(runId: string, contacts: number): Promise<BackfillRun | undefined>;
  /** Marks the run finished once every page is enqueued and every contact done; true if this call did it. */
  finishIfComplete(runId: string): Promise<boolean>;
}

/**
 * A backfill page is listed and qualified in one job (issue 22): the list call returns the
 * properties the criteria need, so a page of 100 costs the list call, a batch update of the
 * contacts whose CareQual values changed and, rarely, a task batch — no batch read. The job data
 * holds the run id and page number only; the contacts' values never leave the worker's memory.
 * `budget` is the bulk lane: it leaves part of each window to the portal's live inquiries.
 */
export type BackfillDeps = QualifyDeps & {
  runs: BackfillRunStore;
  /** Enqueues the job that lists the next page. */
  enqueueNextPage(runId: string, pageNumber: number): Promise<void>;
};

/**
 * A page reserves its list call and its batch update before it starts; a task batch (only for
 * inquiries younger than the follow-up age, rare in a re-score) reserves its own call. Reserving
 * all four a job could make would leave a page waiting for calls it almost never spends.
 */
const PAGE_CALLS_UP_FRONT = 2;

/** What one page job did: its state, and the qualification counts when it qualified a page. */
export interface BackfillPageResult {
  state: 'qualified' | 'last_page' | 'already_done' | 'not_running';
  outcome?: QualifyOutcome;
}

/**
 * Lists page number `page` (≤100 contacts, with the properties the criteria need) of the
 * portal from the run's saved cursor, qualifies and writes it, then records the page and starts
 * the next one. Resumable after a crash: the cursor and the counts live in the database and move
 * only after the page was qualified, job ids derive from the page number, and qualifying a page
 * again writes nothing twice (unchanged contacts are not written, tasks are claimed) — so no
 * page is skipped and none is counted twice.
 */
export async function processBackfillPage(runId: string, page: number, deps: BackfillDeps): Promise<BackfillPageResult> {
  const run = await deps.runs.get(runId);
  if (!run || run.status !== 'running') return { state: 'not_running' };
  if (page < run.pagesEnqueued) {
    if (page === run.pagesEnqueued - 1 && run.afterCursor !== null) await deps.enqueueNextPage(runId, run.pagesEnqueued);
    return { state: 'already_done' };
  }
  if (page > run.pagesEnqueued) return { state: 'not_running' };
  let next: string | undefined;
  let listed = 0;
  const outcome = await qualifyLoadedContacts({ portalId: run.portalId, jobId: `bf-${runId}-${page}` }, deps, async (names) => {
    const found = await deps.crm.listContacts(run.portalId, names, run.afterCursor ?? undefined);
    next = found.after;
    listed = found.contacts.length;
    return { found: found.contacts, missingIds: [] };
  }, PAGE_CALLS_UP_FRONT);
  // An uninstalled portal, or one without published criteria, has nothing to qualify: the run ends.
  if (outcome.skipped) next = undefined;
  if (!(await deps.runs.recordPage(runId, page, next ?? null, listed, listed))) return { state: 'already_done', outcome };
  if (next) {
    await deps.enqueueNextPage(runId, page + 1);
    return { state: 'qualified', outcome };
  }
  await finishIfComplete(runId, deps);
  return { state: 'last_page', outcome };
}

/**
 * Called by the qualify worker for qualify jobs that carry a backfill run id: counts progress and
 * closes the run at the end. Pages are qualified in their own job now; this keeps runs started
 * before that change (their qualify jobs still queued) finishing.
 */
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
  req: { portalId: TenantId; reason: 'backfill' | 'rescore'; requestedBy: AuditActor; runId: string },
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
