import type { ContactId, TenantId } from './ports/ids';
import { AppError } from './errors';
import type { AuditActor } from './ports/audit-log.port';
import type { ContactClaims } from './ports/pipeline.port';
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

/** One page of a run: where its listing starts, and how far it got. */
export interface BackfillPage {
  /** HubSpot's paging cursor the page lists from (null: the portal's first contacts). */
  afterCursor: string | null;
  listed: boolean;
  done: boolean;
}

export interface BackfillRunStore {
  /** Creates the run and its first page. */
  create(run: { id: string; portalId: TenantId; reason: string; requestedBy: AuditActor }): Promise<BackfillRun>;
  get(runId: string): Promise<BackfillRun | undefined>;
  latestForPortal(portalId: TenantId): Promise<BackfillRun | undefined>;
  /** The page, once the page before it was listed (page 0: once the run exists); undefined otherwise. */
  tryGetPage(runId: string, page: number): Promise<BackfillPage | undefined>;
  /**
   * Records the first listing of a page: its `contacts`, the next page starting at `nextAfter`
   * (none when null: the last page) and the run's listed counts. False when it was listed before.
   */
  recordListed(runId: string, page: number, contacts: number, nextAfter: string | null): Promise<boolean>;
  /** Counts a listed page's contacts as done, once; false when it was counted before. */
  recordDone(runId: string, page: number): Promise<boolean>;
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
  /** One job at a time per contact, shared with the live qualify jobs (absent: no claims, e.g. a single-job test). */
  claims?: ContactClaims;
};

/** How long a page whose contacts a live job holds waits before it lists them again. */
export const PAGE_CONTACTS_BUSY_RETRY_MS = 1_000;

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
 * Lists page number `page` (≤100 contacts, with the properties the criteria need) from the
 * cursor saved for it, hands the next page's cursor on at once — so page N+1 is listed while
 * page N is qualified and written, and the portal's budget never idles behind one page — then
 * qualifies and writes the page and counts it done. Resumable after a crash: each page's cursor
 * and counts live in the database, a page job run again re-lists from its own cursor, job ids
 * derive from the page number, and qualifying a page again writes nothing twice (unchanged
 * contacts are not written, tasks are claimed) — so no page is skipped and none counted twice.
 *
 * Pages of one run hold different contacts, but a live job (a new inquiry, a merge, a re-check)
 * can hold one of them: the page claims its contacts as the live jobs do, and when one is held it
 * lets go and comes back (one list call more, rare) rather than write over a job in flight.
 */
export async function processBackfillPage(runId: string, page: number, deps: BackfillDeps): Promise<BackfillPageResult> {
  const run = await deps.runs.get(runId);
  if (!run || run.status !== 'running') return { state: 'not_running' };
  const current = await deps.runs.tryGetPage(runId, page);
  if (!current) return { state: 'not_running' };
  if (current.done) {
    // Done pages handed their successor on when they were listed; a crash can have lost that job.
    const next = await deps.runs.tryGetPage(runId, page + 1);
    if (next && !next.done) await deps.enqueueNextPage(runId, page + 1);
    return { state: 'already_done' };
  }
  let next: string | undefined;
  let release: (() => Promise<void>) | undefined;
  try {
    const outcome = await qualifyLoadedContacts({ portalId: run.portalId, jobId: `bf-${runId}-${page}` }, deps, async (names) => {
      const found = await deps.crm.listContacts(run.portalId, names, current.afterCursor ?? undefined);
      next = found.after;
      await deps.runs.recordListed(runId, page, found.contacts.length, next ?? null);
      if (next) await deps.enqueueNextPage(runId, page + 1);
      release = await claimPage(run.portalId, found.contacts.map((c) => c.id), deps);
      return { found: found.contacts, missingIds: [] };
    }, PAGE_CALLS_UP_FRONT);
    // An uninstalled portal, or one without published criteria, has nothing to qualify: the run ends here.
    if (outcome.skipped) await deps.runs.recordListed(runId, page, 0, null);
    await deps.runs.recordDone(runId, page);
    await finishIfComplete(runId, deps);
    return { state: next && !outcome.skipped ? 'qualified' : 'last_page', outcome };
  } finally {
    await release?.();
  }
}

async function claimPage(portalId: TenantId, contactIds: ContactId[], deps: BackfillDeps): Promise<() => Promise<void>> {
  if (!deps.claims) return async () => undefined;
  const release = await deps.claims.tryClaim(portalId, contactIds);
  if (!release) throw new AppError('contacts.busy', 'a live qualify job holds some of this page\'s contacts', { retryable: true, retryAfterMs: PAGE_CONTACTS_BUSY_RETRY_MS });
  return release;
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
