import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { createRedisConnection } from '../../src/adapters/queue/redis';
import { appServicesOf } from '../../src/main/app-services';
import { createCapturedLogger } from '../support/leak-scan';
import { inquiryValues, readJobCounts, rescoreAll, routeCount, ROUTES, waitForQueuesIdle, waitForWriteBack } from '../support/pipeline-probes';
import { installThroughOAuth, startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * CareQual's write-back against a sandbox that refuses batch writes as HubSpot does: a batch
 * update with any invalid record is refused whole (400), a batch naming an id twice is refused,
 * and 423 Locked / 477 Migration in Progress are answered now and then. Real HTTP, Redis, PGlite.
 */
describe('batch write-back against HubSpot\'s whole-batch refusals', () => {
  const log = createCapturedLogger('info');
  let app: SandboxedApp;
  beforeAll(async () => {
    app = await startSandboxedApp({ logger: log.logger });
  }, 60_000);
  afterEach(() => app.sandbox.setFaults({}));
  afterAll(() => app?.stop());

  const audit = () => appServicesOf(app.runtime.services).audit;
  const metric = async (name: 'hubspotCalls' | 'contactWriteRefusals', labels: Record<string, string>) =>
    (await app.runtime.services.metrics[name].get()).values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k as keyof typeof v.labels] === want)).reduce((n, v) => n + v.value, 0);

  /** The app stays installed but HubSpot sends it no webhooks: only the jobs a test enqueues run. */
  function subscribeToWebhooks(on: boolean): void {
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${app.baseUrl}/oauth/callback`], webhookTargetUrl: `${app.baseUrl}/webhooks/hubspot`, subscriptions: on ? subscriptionsFromHubSpotProject() : [],
    });
  }

  async function enqueueQualify(portalId: TenantId, contactIds: string[]): Promise<void> {
    const connection = createRedisConnection(app.config.REDIS_URL, 'producer');
    const queue = new Queue(QUEUE_NAMES.qualify, { connection, prefix: app.queuePrefix });
    try {
      await queue.add(QUEUE_NAMES.qualify, { portalId, contactIds, traceId: randomUUID(), reason: 'replay' }, { jobId: `test-${randomUUID()}` });
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  it('when the portal\'s validation rule refuses one contact of a 100-contact job (400 for the whole batch), then the other 99 are written once, the refused one is audited, counted and logged by id only, and no job fails', async () => {
    const { portalId } = await installThroughOAuth(app);
    subscribeToWebhooks(false);
    try {
      const ids = await app.sandbox.createContacts(portalId, Array.from({ length: 100 }, () => inquiryValues()));
      const refusedId = ids[57]!;
      const refusedEmail = app.sandbox.getContact(portalId, refusedId)!.properties.email!;
      app.sandbox.setValidationRule(portalId, (ctx) => (ctx.objectType === 'contacts' && ctx.objectId === refusedId ? { message: `Contact ${refusedEmail} may not be scored by integrations`, propertyName: 'carequal_outcome' } : undefined));
      const writesBefore = routeCount(app.sandbox, tenantId(portalId), ROUTES.batchUpdate);

      // "Re-score all": one backfill page of 100 → one qualify job holding all 100 contacts.
      await rescoreAll(app, tenantId(portalId), 60_000);
      const others = ids.filter((id) => id !== refusedId);
      await waitForWriteBack(app.sandbox, tenantId(portalId), others, 30_000);
      const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

      for (const id of others) expect(app.sandbox.getContact(portalId, id)!.history.carequal_score).toHaveLength(1);
      expect(app.sandbox.getContact(portalId, refusedId)!.properties.carequal_outcome).toBeUndefined();
      const writeCalls = routeCount(app.sandbox, tenantId(portalId), ROUTES.batchUpdate) - writesBefore;
      expect(writeCalls).toBeGreaterThanOrEqual(8); // the refused batch of 100, then ≥ 7 halvings
      expect(writeCalls).toBeLessThanOrEqual(15);
      const written = (await audit().query({ portalId: tenantId(portalId), action: 'contact.written' }, { limit: 200 })).entries;
      expect(written.filter((e) => e.outcome === 'success').map((e) => e.objectId).sort()).toEqual([...others].sort());
      expect(written.filter((e) => e.outcome === 'failure')).toEqual([expect.objectContaining({ objectId: refusedId, errorCode: 'hubspot.validation_error', propertyNames: ['carequal_outcome'] })]);
      expect(await metric('contactWriteRefusals', { code: 'hubspot.validation_error' })).toBe(1);
      const refusalLines = log.text().split('\n').filter((l) => l.includes('contact write refused by HubSpot'));
      expect(refusalLines).toHaveLength(1);
      expect(JSON.parse(refusalLines[0]!)).toMatchObject({ contactId: refusedId, code: 'hubspot.validation_error', propertyNames: ['carequal_outcome'] });
      expect(log.text()).not.toContain(refusedEmail);
      expect(counts.qualify.failed).toBe(0);
      expect((await audit().verify(tenantId(portalId))).ok).toBe(true);
    } finally {
      app.sandbox.setValidationRule(portalId, undefined);
      subscribeToWebhooks(true);
    }
  }, 120_000);

  it('when a merge between listing and reading makes a job read the surviving contact twice, then it is written once and the job succeeds', async () => {
    const { portalId } = await installThroughOAuth(app);
    subscribeToWebhooks(false);
    try {
      const [primary, merged, other] = await app.sandbox.createContacts(portalId, [inquiryValues(), inquiryValues(), inquiryValues()]);
      // The job was enqueued with both ids (as a listing before the merge saw them); HubSpot
      // merges before the worker reads, so the batch read returns `primary` for both.
      await app.sandbox.mergeContacts(portalId, primary!, merged!);
      const writesBefore = routeCount(app.sandbox, tenantId(portalId), ROUTES.batchUpdate);
      await enqueueQualify(tenantId(portalId), [primary!, merged!, other!]);
      await waitForWriteBack(app.sandbox, tenantId(portalId), [primary!, other!], 30_000);
      const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

      expect(app.sandbox.getContact(portalId, primary!)!.history.carequal_score).toHaveLength(1);
      expect(routeCount(app.sandbox, tenantId(portalId), ROUTES.batchUpdate) - writesBefore).toBe(1);
      const written = (await audit().query({ portalId: tenantId(portalId), action: 'contact.written' })).entries;
      expect(written.map((e) => [e.objectId, e.outcome]).sort()).toEqual([[primary, 'success'], [other, 'success']].sort());
      const qualified = (await audit().query({ portalId: tenantId(portalId), action: 'contact.qualified' })).entries;
      expect(qualified.map((e) => e.objectId).sort()).toEqual([primary, other].sort());
      expect(counts.qualify.failed).toBe(0);
    } finally {
      subscribeToWebhooks(true);
    }
  }, 60_000);

  it.each([
    ['423 Locked', { lockedRate: 1, maxHits: 2 }, '423'],
    ['477 Migration in progress (Retry-After longer than the transport waits)', { migrationRate: 1, migrationRetryAfterSeconds: 3, maxHits: 1 }, '477'],
  ])('when the write-back is answered %s, then it is retried with back-off and every contact is written once, with no failed job', async (_label, rule, status) => {
    const { portalId } = await installThroughOAuth(app);
    app.sandbox.setFaults({ 'POST /crm/objects/*/contacts/batch/update': rule });
    const before = await metric('hubspotCalls', { operation: 'contacts.batch_update', status });
    const ids = await app.sandbox.createContacts(portalId, Array.from({ length: 5 }, () => inquiryValues()));

    await waitForWriteBack(app.sandbox, tenantId(portalId), ids, 45_000);
    const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

    expect(await metric('hubspotCalls', { operation: 'contacts.batch_update', status }) - before).toBe(rule.maxHits);
    for (const id of ids) expect(app.sandbox.getContact(portalId, id)!.history.carequal_score).toHaveLength(1);
    expect((await audit().query({ portalId: tenantId(portalId), action: 'contact.written' })).entries.filter((e) => e.outcome === 'failure')).toEqual([]);
    expect(counts.qualify.failed).toBe(0);
    expect((await readJobCounts(app.config.REDIS_URL, app.queuePrefix)).failedReasons).toEqual([]);
  }, 90_000);
});
