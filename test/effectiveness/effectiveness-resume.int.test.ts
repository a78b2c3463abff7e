import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '../../src/adapters/db/database';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { migrate } from '../../src/adapters/db/migrator';
import { createEffectivenessCrm } from '../../src/adapters/hubspot/effectiveness-crm.adapter';
import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { createEffectivenessWorkers, EFFECTIVENESS_QUEUE, type EffectivenessWorkerDeps } from '../../src/adapters/queue/effectiveness.worker';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import type { EffectivenessCrm } from '../../src/app/effectiveness/effectiveness.ports';
import { runEffectiveness } from '../../src/app/effectiveness/run-effectiveness';
import { buildDefaultCriteria, compileCriteria } from '../../src/core';
import { createSilentLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { buildApp } from '../../sandbox/test-support/sandbox-fixture';
import { CountingBudget, RecordingAuditLog, StaticTenancy } from '../fakes/pipeline.fakes';
import { databaseEngines, openTestDatabase } from '../support/databases';
import { waitFor } from '../support/wait';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = new Date('2026-11-30T12:00:00Z');
const iso = (daysAgo: number, plusMinutes = 0) => new Date(NOW.getTime() - daysAgo * 86_400_000 + plusMinutes * 60_000).toISOString();
/** The worker's first attempt dies on this search: five weekly slices are finished by then. */
const CRASH_ON_SEARCH = 6;

/** 26 scored contacts spread over the 90 days (one every 3.4 days), every third booked, every other one answered late. */
function contacts(version: string): Record<string, string>[] {
  return Array.from({ length: 26 }, (_, i) => {
    const daysAgo = 1 + i * 3.4;
    const high = i % 2 === 0;
    return {
      email: `resume${i}@example.org`, createdate: iso(daysAgo), carequal_scored_at: iso(daysAgo, 1), carequal_band: high ? 'high' : 'low',
      carequal_score: high ? '84' : '28', carequal_outcome: high ? 'care_ready' : 'nurture', carequal_route: high ? 'intake_call_now' : 'nurture_sequence',
      carequal_rules_version: i < 20 ? version : 'v-old', carequal_respond_by: iso(daysAgo, 15), hs_sa_first_engagement_date: iso(daysAgo, i % 4 === 0 ? 40 : 6),
      ...(i % 3 === 0 ? { carequal_intake_disposition: 'reached_booked' } : {}),
    };
  });
}

describe.each(databaseEngines())('effectiveness run resumed after a crash (real Redis, %s)', (engine) => {
  const prefix = `cq-effres-${randomBytes(4).toString('hex')}`;
  let sandbox: HubSpotSandbox;
  let portalId: TenantId;
  let db: Database;
  let redis: Redis;
  let workerRedis: Redis | undefined;
  let runs: Queue;
  let workers: Worker[] = [];
  let client: HubSpotClient;
  const tenancy = new StaticTenancy();

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
    const app = buildApp();
    sandbox.registerApp(app);
    portalId = tenantId((sandbox.createPortal({ intakeFormFields: true })).portalId);
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    db = await openTestDatabase(engine);
    await migrate(db);
    client = new HubSpotClient(new HubSpotHttp({ baseUrl: sandbox.url }), { getAccessToken: async () => tokens.access_token });
    await bootstrapProperties(client, portalId, 'standard');
    const criteria = buildDefaultCriteria();
    tenancy.install(portalId, criteria, 1);
    await sandbox.createContacts(portalId, contacts(compileCriteria(criteria).version));
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    runs = new Queue(EFFECTIVENESS_QUEUE, { connection: redis, prefix });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    workerRedis?.disconnect();
    await runs?.obliterate({ force: true });
    await runs?.close();
    redis?.disconnect();
    await sandbox?.close();
    await db?.close();
  });

  /** The job's ports over the sandbox, with a fixed clock (both runs cover the same window) and real sleeps (the search limit is live). */
  function deps(crm: EffectivenessCrm, runId: () => string): EffectivenessWorkerDeps {
    return {
      crm, budget: new CountingBudget(), clock: { now: () => NOW }, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      store: new EffectivenessRepository(db), criteria: tenancy, audit: new RecordingAuditLog(), newRunId: runId,
      installations: { tryGetStatus: async () => 'active', list: async () => [{ portalId }] }, logger: createSilentLogger(), metrics: createMetrics(),
    };
  }

  it('when the worker dies after five weekly slices, then the retry reads only the weeks left and its figures equal an uninterrupted run', async () => {
    const crm = createEffectivenessCrm(client);
    const reference = await runEffectiveness({ portalId, requestedBy: 'cli', actor: { kind: 'system', role: 'cli' } }, deps(crm, () => 'reference'));
    expect(reference.contactsRead).toBe(26);

    const searched: Array<{ attempt: number; from: string }> = [];
    let attempt = 1;
    const crashing: EffectivenessCrm = {
      searchCompletedTasks: (id, req) => crm.searchCompletedTasks(id, req),
      async searchScoredContacts(id, req) {
        searched.push({ attempt, from: req.from.toISOString() });
        if (attempt === 1 && searched.length === CRASH_ON_SEARCH) {
          attempt = 2;
          throw new Error('worker killed mid-run');
        }
        return crm.searchScoredContacts(id, req);
      },
    };
    let next = 0;
    workerRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    workers = createEffectivenessWorkers(deps(crashing, () => `resumed-${++next}`), runs, { connection: workerRedis, prefix });
    const job = await runs.add(EFFECTIVENESS_QUEUE, { portalId, requestedBy: 'nightly' }, { jobId: 'eff-resume-1', attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await waitFor(async () => (await job.isCompleted()) || undefined, { timeoutMs: 30_000, what: 'the retried effectiveness job to complete' });

    const first = searched.filter((s) => s.attempt === 1).map((s) => s.from);
    const second = searched.filter((s) => s.attempt === 2).map((s) => s.from);
    expect(first).toHaveLength(CRASH_ON_SEARCH);
    // the five finished weeks are not searched again; the week that crashed and the seven after it are
    expect(second).toEqual([first[5], ...second.slice(1)]);
    expect(second).toHaveLength(13 - 5);
    expect(second.filter((from) => first.slice(0, 5).includes(from))).toEqual([]);

    const run = await new EffectivenessRepository(db).latestRun(portalId);
    expect(run).toMatchObject({ id: 'resumed-1', status: 'finished', contactsRead: 26, hubspotCalls: CRASH_ON_SEARCH + 8 });
    expect(run!.report).toEqual(reference.report);
    expect(next).toBe(1); // the retry continued the first run instead of starting another
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM effectiveness_checkpoints');
    expect(Number(rows[0]!.n)).toBe(0);
  }, 60_000);
});
