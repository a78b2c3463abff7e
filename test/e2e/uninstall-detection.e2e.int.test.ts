import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { signWebhookV3 } from '../../sandbox/hubspot-sandbox';
import { installIntoPortal } from '../../scripts/local-stack/local-stack';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { buildFeatures, composeFeatures } from '../../src/main/features';
import { startRuntime, type Role, type Runtime } from '../../src/main/runtime';
import { createSilentLogger } from '../../src/observability/logger';
import { buildWebhookEvent } from '../support/webhook-events';
import { eventually, installThroughOAuth, startSandboxedApp, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/** Short poll for the test; production polls every 30 s (HUBSPOT_JOURNAL_POLL_MS), so "within a minute" holds there too. */
const POLL_MS = 200;
/** The promise to a practice: an uninstall is acted on within a minute. */
const WITHIN_A_MINUTE_MS = 60_000;

/**
 * Uninstall detection over the sandbox, as a practice would cause it: the app is removed in
 * HubSpot (no webhook), HubSpot writes APP_UNINSTALL to the webhooks journal, CareQual's poller
 * reads it. The whole app runs (serve role), restarts keep the same database and queues.
 */
describe('uninstall detection through the webhooks journal (local HubSpot sandbox)', () => {
  let app: SandboxedApp;
  let runtime: Runtime;
  let redis: Redis;
  let qualify: Queue;
  let intake: Queue;

  async function restartAs(role: Role): Promise<void> {
    await runtime.stop();
    runtime = await startRuntime(app.config, role, createSilentLogger(), composeFeatures(buildFeatures({ queuePrefix: app.queuePrefix })));
  }

  async function installation(portalId: number) {
    const { rows } = await runtime.services.db.query<{ status: string; access_token_enc: string | null; refresh_token_enc: string | null }>(
      'SELECT status, access_token_enc, refresh_token_enc FROM installations WHERE portal_id = $1', [portalId]);
    return rows[0];
  }

  async function uninstalledAuditRows(portalId: number): Promise<number> {
    const { rows } = await runtime.services.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE portal_id = $1 AND action = 'installation.uninstalled' AND actor_kind = 'hubspot'", [portalId]);
    return Number(rows[0]!.n);
  }

  async function uninstallInHubSpot(portalId: number): Promise<number> {
    const res = await fetch(`${app.sandbox.url}/_sandbox/portals/${portalId}/installs/${TEST_APP_ID}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    return Date.now();
  }

  async function waitUntilUninstalled(portalId: number, since: number): Promise<number> {
    await eventually(async () => (await installation(portalId))?.status === 'uninstalled' || undefined, WITHIN_A_MINUTE_MS, `portal ${portalId} uninstalled`);
    return Date.now() - since;
  }

  /** Ids of the portal's qualify jobs in any state (queued, running or done). */
  async function jobIdsOf(portalId: number): Promise<string[]> {
    const jobs = await qualify.getJobs(['waiting', 'prioritized', 'delayed', 'paused', 'active', 'completed', 'failed']);
    return jobs.filter((j) => (j.data as { portalId?: number }).portalId === portalId).map((j) => j.id!);
  }

  /** Resolves once every stored webhook delivery was taken in by the intake worker (none waiting or running). */
  async function deliveriesTakenIn(): Promise<void> {
    await eventually(async () => Object.values(await intake.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0) || undefined, 20_000, 'stored deliveries taken in');
  }

  /** A later re-check of one contact: a job that sits in the queue until its time comes. */
  async function queueRecheck(portalId: number, contactId: string): Promise<string> {
    const jobId = `recheck-${portalId}-${contactId}-test`;
    await qualify.add('recheck', { portalId, contactIds: [contactId], traceId: `t-${contactId}`, reason: 'recheck' }, { jobId, delay: 3_600_000 });
    return jobId;
  }

  /** A signed HubSpot webhook delivery (contact created) straight to CareQual; resolves with the HTTP status. */
  async function deliverContactCreated(portalId: number, contactId: number): Promise<number> {
    const url = `${app.baseUrl}/webhooks/hubspot`;
    const body = JSON.stringify([buildWebhookEvent({ portalId, appId: TEST_APP_ID, objectId: contactId })]);
    const timestamp = String(Date.now());
    const answer = await fetch(url, { method: 'POST', body, headers: {
      'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-version': 'v3',
      'x-hubspot-signature-v3': signWebhookV3({ clientSecret: app.config.HUBSPOT_CLIENT_SECRET, method: 'POST', uri: url, body, timestamp }),
    } });
    return answer.status;
  }

  beforeAll(async () => {
    app = await startSandboxedApp({ env: { HUBSPOT_JOURNAL_POLL_MS: String(POLL_MS) } });
    runtime = app.runtime;
    redis = new Redis(app.config.REDIS_URL, { maxRetriesPerRequest: null });
    qualify = new Queue(QUEUE_NAMES.qualify, { connection: redis, prefix: app.queuePrefix });
    intake = new Queue(QUEUE_NAMES.intake, { connection: redis, prefix: app.queuePrefix });
  }, 60_000);
  afterAll(async () => {
    await qualify?.close();
    await intake?.close();
    redis?.disconnect();
    await runtime?.stop();
    await app?.stop();
  });

  it('when a practice removes the app in HubSpot, then within a minute its tokens are gone, its queued jobs dropped, the uninstall audited, and its webhooks qualify nothing', async () => {
    const { portalId } = await installThroughOAuth(app);
    const other = await installThroughOAuth(app);
    // One lifecycle subscription per install (each install also has its property-change subscription).
    const lifecycle = () => app.sandbox.journalSubscriptions(TEST_APP_ID).filter((s) => s.subscriptionType === 'APP_LIFECYCLE_EVENT');
    expect(lifecycle().map((s) => s.portalId).sort()).toEqual([portalId, other.portalId].sort());
    const dropped = await queueRecheck(portalId, '51001');
    const kept = await queueRecheck(other.portalId, '61001');

    const detectedInMs = await waitUntilUninstalled(portalId, await uninstallInHubSpot(portalId));
    console.log(`uninstall seen ${detectedInMs} ms after HubSpot wrote it (poll every ${POLL_MS} ms)`);
    expect(detectedInMs).toBeLessThan(WITHIN_A_MINUTE_MS);

    expect(await installation(portalId)).toEqual({ status: 'uninstalled', access_token_enc: null, refresh_token_enc: null });
    expect(await qualify.getJob(dropped)).toBeUndefined();
    expect(await qualify.getJob(kept)).toBeDefined();
    expect(await uninstalledAuditRows(portalId)).toBe(1);
    expect((await installation(other.portalId))?.status).toBe('active');

    // The same signed delivery for the portal still installed queues work; for the uninstalled one, nothing.
    const otherJobs = (await jobIdsOf(other.portalId)).length;
    expect(await deliverContactCreated(other.portalId, 61_002)).toBeLessThan(300);
    await deliveriesTakenIn();
    expect((await jobIdsOf(other.portalId)).length).toBe(otherJobs + 1);
    const jobs = await jobIdsOf(portalId);
    expect(await deliverContactCreated(portalId, 51_002)).toBeLessThan(300);
    await deliveriesTakenIn();
    expect(await jobIdsOf(portalId)).toEqual(jobs);
  }, 120_000);

  it('when CareQual restarts, then the poller resumes from its stored cursor and an uninstall read after a re-install does not undo it; a re-installed portal qualifies leads and is seen uninstalled again', async () => {
    const portal = app.sandbox.createPortal({ intakeFormFields: true });
    const { portalId } = portal;
    await installIntoPortal(app.baseUrl, portal);
    await waitUntilUninstalled(portalId, await uninstallInHubSpot(portalId));
    const witness = await installThroughOAuth(app);

    // Re-install while no poller runs (web role only): a poller that forgot its place would read
    // the old APP_UNINSTALL again and purge the fresh install. A second portal is removed and
    // installed again in the same pause: its APP_UNINSTALL is read late, after the re-install.
    const quick = app.sandbox.createPortal({ intakeFormFields: true });
    await installIntoPortal(app.baseUrl, quick);
    await restartAs('web');
    await installIntoPortal(app.baseUrl, portal);
    await uninstallInHubSpot(quick.portalId);
    await installIntoPortal(app.baseUrl, quick);
    expect((await installation(portalId))?.status).toBe('active');
    expect(app.sandbox.journalSubscriptions(TEST_APP_ID).some((s) => s.portalId === portalId)).toBe(true);
    await restartAs('serve');

    await waitUntilUninstalled(witness.portalId, await uninstallInHubSpot(witness.portalId));
    expect((await installation(portalId))?.status).toBe('active');
    expect(await uninstalledAuditRows(portalId)).toBe(1);
    expect((await installation(quick.portalId))?.status).toBe('active');
    expect(await uninstalledAuditRows(quick.portalId)).toBe(0);

    const [contactId] = await app.sandbox.createContacts(portalId, [{ email: 'maya.patel@example-mail.com', firstname: 'Maya', zip: '10001' }]);
    await eventually(() => app.sandbox.getContact(portalId, contactId!)?.properties.carequal_score || undefined, 30_000, 'write-back after re-install');

    await waitUntilUninstalled(portalId, await uninstallInHubSpot(portalId));
    expect(await uninstalledAuditRows(portalId)).toBe(2);
  }, 180_000);
});
