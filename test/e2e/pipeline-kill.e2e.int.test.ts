import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { Queue } from 'bullmq';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { QUEUE_NAMES, DEFAULT_QUEUE_PREFIX } from '../../src/adapters/queue/queues';
import { createRedisConnection } from '../../src/adapters/queue/redis';
import { loadConfig } from '../../src/config/config';
import { appServicesOf } from '../../src/main/app-services';
import { composeFeatures } from '../../src/main/features';
import { startRuntime, type Runtime } from '../../src/main/runtime';
import { createSilentLogger } from '../../src/observability/logger';
import { createScratchDatabase, startPrivateRedis } from '../../scripts/bench/multi-process-stack';
import { collect, spawnCli } from '../support/cli';
import { buildTestEnv } from '../support/config';
import { databaseEngines } from '../support/databases';
import { mixedInquiry, readJobCounts, routeCount, ROUTES, tasksPerContact, waitForQueuesIdle, waitForWriteBack, writesPerContact } from '../support/pipeline-probes';
import { eventually, freePort, installThroughOAuth, subscriptionsFromHubSpotProject, TEST_APP_ID } from '../support/sandbox-app';

/** Job lock, stalled checks and follow-up claim lease of this test's worker processes (ms). */
const CRASH_RECOVERY_ENV = { WORKER_LOCK_MS: '4000', WORKER_STALLED_CHECK_MS: '1000', FOLLOW_UP_CLAIM_LEASE_MS: '8000' };

/**
 * kill -9 of a worker process in the middle of a batch: the web role runs in this process, the
 * workers are real `carequal worker` processes. They share PostgreSQL and a private Redis (PGlite
 * is one process's database, so this runs where the global setup found PostgreSQL — always in CI),
 * with CareQual's default queue prefix, exactly as deployed.
 */
describe.each(databaseEngines().filter((e) => e === 'postgres'))('qualify pipeline when a worker process is killed (%s)', () => {
  let sandbox: HubSpotSandbox;
  let web: Runtime;
  let stopRedis: () => Promise<void>;
  let dropDatabase: () => Promise<void>;
  let env: Record<string, string | undefined>;
  let baseUrl: string;
  const workers: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    const redis = await startPrivateRedis();
    stopRedis = redis.stop;
    const database = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'carequal_kill');
    dropDatabase = database.drop;
    sandbox = await startHubSpotSandbox({ webhookBatchMs: 20, webhookRetryDelayMs: 200 });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = buildTestEnv({
      PUBLIC_BASE_URL: baseUrl, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, HUBSPOT_APP_ID: String(TEST_APP_ID),
      REDIS_URL: redis.url, DATABASE_URL: database.url, WORKER_CONCURRENCY: '4', LOG_LEVEL: 'warn',
      // Crash recovery as configured in production, on a shorter clock (10 s lock, 5 s checks, 20 s
      // lease by default): the test checks what happens, not how long the defaults take.
      ...CRASH_RECOVERY_ENV,
    });
    const config = loadConfig({ ...env, PORT: String(port) });
    sandbox.registerApp({
      appId: TEST_APP_ID, clientId: config.HUBSPOT_CLIENT_ID, clientSecret: config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${baseUrl}/oauth/callback`], webhookTargetUrl: `${baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
    web = await startRuntime(config, 'web', createSilentLogger(), composeFeatures());
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await web?.stop();
    await sandbox?.close();
    await stopRedis?.();
    await dropDatabase?.();
  }, 30_000);

  function startWorker() {
    const child = spawnCli(['worker'], { ...env, PORT: '0' });
    workers.push(child);
    return { child, output: collect(child) };
  }

  it.each([
    ['the batch update', ROUTES.batchUpdate, 'POST /crm/objects/2026-03/contacts/batch/update'],
    ['the follow-up task creation', ROUTES.taskCreate, 'POST /crm/objects/2026-03/tasks/batch/create'],
  ])('when a worker is killed with SIGKILL while %s is in flight, then another worker finishes its jobs: every contact written once, one task per care-ready lead, no job lost or failed, the audit chain intact', async (_what, route, slowCall) => {
    const { portalId } = await installThroughOAuth({ sandbox, baseUrl } as Parameters<typeof installThroughOAuth>[0]);
    // Slow HubSpot down on that call so that it is in flight for a while.
    sandbox.setFaults({ [slowCall]: { latencyMs: 400 }, '/crm/*': { latencyMs: 30 } });
    const ids = await sandbox.createContacts(portalId, Array.from({ length: 250 }, (_, i) => mixedInquiry(i)));
    await sandbox.flushWebhooks();
    const queued = await readJobCounts(env.REDIS_URL!, DEFAULT_QUEUE_PREFIX);
    // No worker runs yet: the deliveries wait as intake jobs (250 contacts, ≤100 events each); the first worker takes them in.
    expect(queued.intake.wait).toBeGreaterThanOrEqual(2);
    const completedBefore = queued.qualify.completed;

    const first = startWorker();
    // The moment the call reaches HubSpot, the worker dies: the call may land, its answer never arrives.
    await eventually(() => (routeCount(sandbox, tenantId(portalId), route) > 0 ? true : undefined), 30_000, 'call in flight');
    first.child.kill('SIGKILL');
    await first.output.exited;
    const writtenAtKill = ids.filter((id) => sandbox.getContact(portalId, id)?.properties.carequal_outcome).length;
    const atKill = await readJobCounts(env.REDIS_URL!, DEFAULT_QUEUE_PREFIX);
    expect(atKill.qualify.active).toBeGreaterThan(0); // jobs the dead worker held
    expect(writtenAtKill).toBeLessThan(ids.length);

    const killedAt = Date.now();
    // The call in flight at the kill may still land at HubSpot (the sandbox finishes it after its
    // latency). It cannot race the next worker: the dead worker's jobs are handed on only once their
    // lock has expired (WORKER_LOCK_MS, 4 s here), so there is nothing to sleep for here.
    const second = startWorker();
    const contacts = await waitForWriteBack(sandbox, tenantId(portalId), ids, 90_000);
    console.log(`kill -9: ${writtenAtKill}/${ids.length} contacts written when the worker died, ${atKill.qualify.active} jobs active; all written ${Date.now() - killedAt} ms later`);
    sandbox.setFaults({});
    await sandbox.flushWebhooks(); // the write-back's own property-change echoes
    const counts = await waitForQueuesIdle(env.REDIS_URL!, DEFAULT_QUEUE_PREFIX, 60_000);

    const final = ids.map((id) => sandbox.getContact(portalId, id)!);
    expect(final.filter((c) => writesPerContact([c]).get(c.id) !== 1).map((c) => c.id)).toEqual([]);
    for (const c of final) expect(c.history.carequal_score).toHaveLength(1);
    const careReady = contacts.filter((c) => c.properties.carequal_outcome === 'care_ready').map((c) => c.id);
    expect(careReady.length).toBeGreaterThan(0);
    const tasks = tasksPerContact(sandbox, tenantId(portalId));
    expect(careReady.filter((id) => tasks.get(id) !== 1)).toEqual([]);
    expect([...tasks.keys()].filter((id) => !careReady.includes(id))).toEqual([]);
    expect(counts.failedReasons).toEqual([]);
    expect(counts.qualify).toMatchObject({ active: 0, wait: 0, prioritized: 0, failed: 0 });

    // The dead worker's jobs were recovered as stalled, not lost.
    const connection = createRedisConnection(env.REDIS_URL!, 'producer');
    const queue = new Queue(QUEUE_NAMES.qualify, { connection, prefix: DEFAULT_QUEUE_PREFIX });
    try {
      const completed = await queue.getCompleted(0, 1000);
      expect(completed.length).toBeGreaterThan(completedBefore);
      expect(completed.filter((j) => j.stalledCounter > 0 && (j.data as { portalId: TenantId }).portalId === portalId).length).toBeGreaterThan(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect((await appServicesOf(web.services).audit.verify(tenantId(portalId))).ok).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.output.exited).toBe(0);
  }, 180_000);
});
