import { migrate } from '../adapters/db/migrator';
import { BackfillRunRepository } from '../adapters/db/backfill-run.repository';
import type { Database } from '../adapters/db/database';
import { databaseEngines, openTestDatabase } from '../../test/support/databases';
import { CountingBudget, InMemoryCrm, RecordingAuditLog } from '../../test/fakes/pipeline.fakes';
import { processBackfillPage, recordBackfillProgress, startBackfill, type BackfillDeps } from './backfill';

describe.each(databaseEngines())('backfill on %s', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A queue stand-in: records qualify pages by job id (a Map, so a re-enqueued id is one job) and pending page jobs. */
  function setup(portalId: number, contactCount: number) {
    const crm = new InMemoryCrm();
    for (let i = 0; i < contactCount; i++) crm.add(portalId, String(100_000 + i), { email: `c${i}@example.com` });
    const qualifyJobs = new Map<string, string[]>();
    const pageJobs: [string, number][] = [];
    const deps: BackfillDeps = {
      runs: new BackfillRunRepository(db),
      crm,
      budget: new CountingBudget(),
      audit: new RecordingAuditLog(),
      qualifyJobs: { enqueue: async (jobs) => jobs.forEach((job) => void qualifyJobs.set(job.jobId, job.data.contactIds)) },
      enqueueNextPage: async (runId, page) => void pageJobs.push([runId, page]),
    };
    return { deps, qualifyJobs, pageJobs };
  }

  it('when a portal with 250 contacts is backfilled, then three pages are enqueued once each and the run finishes when all are done', async () => {
    const { deps, qualifyJobs, pageJobs } = setup(501, 250);
    const { run } = await startBackfill({ portalId: 501, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run501' }, deps);
    while (pageJobs.length) await processBackfillPage(...pageJobs.shift()!, deps);

    expect([...qualifyJobs.keys()]).toEqual(['bf-run501-0', 'bf-run501-1', 'bf-run501-2']);
    expect([...qualifyJobs.values()].flat()).toHaveLength(250);
    expect(new Set([...qualifyJobs.values()].flat()).size).toBe(250);
    expect((await deps.runs.get(run.id))!.status).toBe('running');

    for (const ids of qualifyJobs.values()) await recordBackfillProgress(run.id, ids.length, deps);
    const finished = (await deps.runs.get(run.id))!;
    expect(finished).toMatchObject({ status: 'finished', contactsEnqueued: 250, contactsDone: 250, pagesEnqueued: 3 });
    expect((deps.audit as RecordingAuditLog).actions()).toEqual(['backfill.started:run501', 'backfill.finished:run501']);
  });

  it('when a page job is retried after a crash, then no page is enqueued twice and no contact is skipped', async () => {
    const { deps, qualifyJobs, pageJobs } = setup(502, 230);
    await startBackfill({ portalId: 502, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run502' }, deps);
    const first = pageJobs.shift()!;
    await processBackfillPage(...first, deps);
    // The worker died after finishing page 0 but before acknowledging it: BullMQ runs it again.
    await processBackfillPage(...first, deps);
    while (pageJobs.length) await processBackfillPage(...pageJobs.shift()!, deps);
    const all = [...qualifyJobs.values()].flat();
    expect(all).toHaveLength(230);
    expect(new Set(all).size).toBe(230);
  });

  it('when the page was recorded but the next page job was lost in a crash, then running the page job again re-creates only the next page job', async () => {
    const { deps, qualifyJobs, pageJobs } = setup(505, 150);
    await startBackfill({ portalId: 505, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run505' }, deps);
    const first = pageJobs.shift()!;
    await processBackfillPage(...first, deps);
    pageJobs.length = 0; // the enqueue of page 1 never reached Redis
    expect(await processBackfillPage(...first, deps)).toBe('already_done');
    expect(pageJobs).toEqual([['run505', 1]]);
    while (pageJobs.length) await processBackfillPage(...pageJobs.shift()!, deps);
    expect([...qualifyJobs.values()].flat()).toHaveLength(150);
  });

  it('when a backfill is already running for the portal, then starting another returns the running one', async () => {
    const { deps } = setup(503, 10);
    const first = await startBackfill({ portalId: 503, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run503a' }, deps);
    const second = await startBackfill({ portalId: 503, reason: 'rescore', requestedBy: { kind: 'user', hubspotUserId: '77' }, runId: 'run503b' }, deps);
    expect(second).toEqual({ run: first.run, alreadyRunning: true });
  });

  it('when the portal has no contacts, then the run finishes at once', async () => {
    const { deps, pageJobs } = setup(504, 0);
    const { run } = await startBackfill({ portalId: 504, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run504' }, deps);
    await processBackfillPage(...pageJobs.shift()!, deps);
    expect((await deps.runs.get(run.id))!.status).toBe('finished');
  });
});
