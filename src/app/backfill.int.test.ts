import { contactId, type TenantId, tenantId } from './ports/ids';
import { migrate } from '../adapters/db/migrator';
import { BackfillRunRepository } from '../adapters/db/backfill-run.repository';
import type { Database } from '../adapters/db/database';
import { buildDefaultCriteria } from '../core';
import { buildContact } from '../core/testing/contact.factory';
import { databaseEngines, openTestDatabase } from '../../test/support/databases';
import { CountingBudget, InMemoryCrm, InMemoryFollowUps, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../../test/fakes/pipeline.fakes';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisContactClaims } from '../adapters/queue/contact-claims';
import { isAppError } from './errors';
import { waitFor } from '../../test/support/wait';
import { PAGE_CONTACTS_BUSY_RETRY_MS, processBackfillPage, startBackfill, type BackfillDeps } from './backfill';

/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const NOW = new Date('2026-11-17T15:00:00Z');
const DAY_MS = 86_400_000;

describe.each(databaseEngines())('backfill on %s', (engine) => {
  let db: Database;
  let redis: Redis;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });
  afterAll(async () => {
    await db.close();
    await redis.quit();
  });

  /** A portal of `contactCount` care-ready leads whose inquiries came in `ageDays` ago; page jobs are recorded, not queued. */
  function setup(portalId: TenantId, contactCount: number, ageDays = 60) {
    const crm = new InMemoryCrm();
    const createdate = new Date(NOW.getTime() - ageDays * DAY_MS).toISOString();
    for (let i = 0; i < contactCount; i++) crm.add(portalId, String(100_000 + i), { ...buildContact({ email: `dana.whitfield.${i}@gmail.com` }), createdate });
    const tenancy = new StaticTenancy();
    tenancy.install(portalId, buildDefaultCriteria());
    const pageJobs: [string, number][] = [];
    const deps: BackfillDeps = {
      runs: new BackfillRunRepository(db),
      installations: tenancy,
      criteria: tenancy,
      crm,
      budget: new CountingBudget(),
      followUps: new InMemoryFollowUps(),
      rechecks: new RecordingRechecks(),
      audit: new RecordingAuditLog(),
      clock: { now: () => NOW },
      enqueueNextPage: async (runId, page) => void pageJobs.push([runId, page]),
    };
    const runAll = async () => {
      while (pageJobs.length) await processBackfillPage(...pageJobs.shift()!, deps);
    };
    return { deps, crm, tenancy, pageJobs, runAll };
  }

  const written = (deps: BackfillDeps) => (deps.audit as RecordingAuditLog).entries.filter((e) => e.action === 'contact.written').map((e) => e.objectId);
  const backfillActions = (deps: BackfillDeps) => (deps.audit as RecordingAuditLog).actions().filter((a) => a.startsWith('backfill.'));

  it('when a portal with 250 contacts is backfilled, then three pages are listed with their properties, written, and the run finishes', async () => {
    const { deps, crm, runAll } = setup(tenantId(501), 250);
    const { run } = await startBackfill({ portalId: tenantId(501), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run501' }, deps);
    await runAll();

    expect(new Set(written(deps)).size).toBe(250);
    expect(written(deps)).toHaveLength(250);
    expect(crm.get(tenantId(501), '100249')!.carequal_outcome).toBe('care_ready');
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', contactsEnqueued: 250, contactsDone: 250, pagesEnqueued: 3 });
    expect(backfillActions(deps)).toEqual(['backfill.started:run501', 'backfill.finished:run501']);
    // No batch read after the list, and no tasks for inquiries older than the follow-up age (14 days).
    expect(crm.calls).toEqual(['list:501', 'write:501:100', 'list:501', 'write:501:100', 'list:501', 'write:501:50']);
    expect(crm.tasks).toHaveLength(0);
  });

  it('when the portal is re-scored and nothing changed, then each page costs its list call only', async () => {
    const { deps, crm, runAll } = setup(tenantId(506), 150);
    await startBackfill({ portalId: tenantId(506), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run506a' }, deps);
    await runAll();
    crm.calls.length = 0;
    const { run } = await startBackfill({ portalId: tenantId(506), reason: 'rescore', requestedBy: { kind: 'user', hubspotUserId: '77' }, runId: 'run506b' }, deps);
    await runAll();
    expect(crm.calls).toEqual(['list:506', 'list:506']);
    expect((await deps.runs.get(run.id))!.status).toBe('finished');
  });

  it('when recent inquiries are backfilled, then care-ready leads get their follow-up task in one task batch per page', async () => {
    const { deps, crm, runAll } = setup(tenantId(507), 30, 1);
    await startBackfill({ portalId: tenantId(507), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run507' }, deps);
    await runAll();
    expect(crm.calls).toEqual(['list:507', 'write:507:30', 'tasks:507:30']);
    expect(crm.openTasks(tenantId(507))).toHaveLength(30);
  });

  it('when a page job is retried after a crash, then no contact is written twice and none is skipped', async () => {
    const { deps, pageJobs, runAll } = setup(tenantId(502), 230);
    const { run } = await startBackfill({ portalId: tenantId(502), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run502' }, deps);
    const first = pageJobs.shift()!;
    await processBackfillPage(...first, deps);
    // The worker died after finishing page 0 but before acknowledging it: BullMQ runs it again.
    expect((await processBackfillPage(...first, deps)).state).toBe('already_done');
    await runAll();
    expect(written(deps)).toHaveLength(230);
    expect(new Set(written(deps)).size).toBe(230);
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', contactsDone: 230 });
  });

  it('when the page was recorded but the next page job was lost in a crash, then running the page job again re-creates only the next page job', async () => {
    const { deps, pageJobs, runAll } = setup(tenantId(505), 150);
    await startBackfill({ portalId: tenantId(505), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run505' }, deps);
    const first = pageJobs.shift()!;
    await processBackfillPage(...first, deps);
    pageJobs.length = 0; // the enqueue of page 1 never reached Redis
    expect((await processBackfillPage(...first, deps)).state).toBe('already_done');
    expect(pageJobs).toEqual([['run505', 1]]);
    await runAll();
    expect(written(deps)).toHaveLength(150);
  });

  it('when the portal was uninstalled during the run, then the next page lists nothing and the run finishes', async () => {
    const { deps, crm, tenancy, pageJobs } = setup(tenantId(508), 150);
    const { run } = await startBackfill({ portalId: tenantId(508), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run508' }, deps);
    await processBackfillPage(...pageJobs.shift()!, deps);
    tenancy.statuses.set(508, 'uninstalled');
    crm.calls.length = 0;
    expect(await processBackfillPage(...pageJobs.shift()!, deps)).toMatchObject({ state: 'last_page', outcome: { skipped: 'portal_not_active' } });
    expect(crm.calls).toEqual([]);
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', contactsDone: 100 });
  });

  it('when page 0 is still being written, then page 1 is already queued from its own cursor, later pages finish first and the run waits for page 0', async () => {
    const { deps, crm, pageJobs, runAll } = setup(tenantId(509), 250);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const write = crm.batchUpdateContacts.bind(crm);
    let writes = 0;
    crm.batchUpdateContacts = async (portalId, updates) => {
      if (writes++ === 0) await gate; // page 0's write is slow
      return write(portalId, updates);
    };
    const { run } = await startBackfill({ portalId: tenantId(509), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run509' }, deps);
    const pageZero = processBackfillPage(...pageJobs.shift()!, deps);
    await waitFor(() => pageJobs.length === 1); // handed on before page 0's write
    expect(pageJobs).toEqual([['run509', 1]]);
    await runAll(); // pages 1 and 2, while page 0 is held
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'running', pagesEnqueued: 3, contactsEnqueued: 250, contactsDone: 150 });
    openGate();
    expect((await pageZero).state).toBe('qualified');
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', contactsDone: 250 });
    expect(new Set(written(deps)).size).toBe(250);
    expect(written(deps)).toHaveLength(250);
    expect(backfillActions(deps)).toEqual(['backfill.started:run509', 'backfill.finished:run509']);
  });

  it('when a worker dies after handing page 1 on but before writing page 0, then page 0 runs again from its own cursor and every contact is written once', async () => {
    const { deps, crm, pageJobs, runAll } = setup(tenantId(510), 250);
    const write = crm.batchUpdateContacts.bind(crm);
    let crashed = false;
    crm.batchUpdateContacts = async (portalId, updates) => {
      if (!crashed) {
        crashed = true;
        throw new Error('worker killed');
      }
      return write(portalId, updates);
    };
    const { run } = await startBackfill({ portalId: tenantId(510), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run510' }, deps);
    const first = pageJobs.shift()!;
    await expect(processBackfillPage(...first, deps)).rejects.toThrow('worker killed');
    await runAll(); // pages 1 and 2
    expect((await deps.runs.get(run.id))!.status).toBe('running');
    expect((await processBackfillPage(...first, deps)).state).toBe('qualified'); // BullMQ's retry of page 0
    await runAll();
    expect(new Set(written(deps)).size).toBe(250);
    expect(written(deps)).toHaveLength(250);
    expect(crm.get(tenantId(510), '100000')!.carequal_outcome).toBe('care_ready');
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', pagesEnqueued: 3, contactsEnqueued: 250, contactsDone: 250 });
  });

  it('when a live job holds one of a page\'s contacts, then the page writes none of them and comes back; after the live job, the page writes them all', async () => {
    const { deps, crm, pageJobs, runAll } = setup(tenantId(511), 120);
    deps.claims = createRedisContactClaims(redis, { prefix: `test:bfclaims:${randomBytes(4).toString('hex')}`, ttlMs: 30_000 });
    const liveJob = (await deps.claims.tryClaim(tenantId(511), [contactId('100042')]))!; // a new inquiry's job is qualifying contact 100042
    const { run } = await startBackfill({ portalId: tenantId(511), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run511' }, deps);
    const first = pageJobs.shift()!;
    const busy = await processBackfillPage(...first, deps).catch((e: unknown) => e);
    expect(isAppError(busy) && busy.code === 'contacts.busy' && busy.retryable && busy.retryAfterMs).toBe(PAGE_CONTACTS_BUSY_RETRY_MS);
    expect(written(deps)).toHaveLength(0);
    expect(crm.calls.filter((c) => c.startsWith('write'))).toEqual([]);
    await runAll(); // page 1 was handed on and holds none of the live job's contacts
    expect(written(deps)).toHaveLength(20);
    await liveJob();
    expect((await processBackfillPage(...first, deps)).state).toBe('qualified');
    expect(new Set(written(deps)).size).toBe(120);
    expect(await deps.runs.get(run.id)).toMatchObject({ status: 'finished', contactsDone: 120 });
    // Released: a live job can claim the page's contacts again.
    expect(await deps.claims.tryClaim(tenantId(511), [contactId('100000'), contactId('100042')])).toBeDefined();
  });

  it('when a backfill is already running for the portal, then starting another returns the running one', async () => {
    const { deps } = setup(tenantId(503), 10);
    const first = await startBackfill({ portalId: tenantId(503), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run503a' }, deps);
    const second = await startBackfill({ portalId: tenantId(503), reason: 'rescore', requestedBy: { kind: 'user', hubspotUserId: '77' }, runId: 'run503b' }, deps);
    expect(second).toEqual({ run: first.run, alreadyRunning: true });
  });

  it('when the portal has no contacts, then the run finishes at once', async () => {
    const { deps, pageJobs } = setup(tenantId(504), 0);
    const { run } = await startBackfill({ portalId: tenantId(504), reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: 'run504' }, deps);
    await processBackfillPage(...pageJobs.shift()!, deps);
    expect((await deps.runs.get(run.id))!.status).toBe('finished');
  });
});
