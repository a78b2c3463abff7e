import { tenantId } from '../../src/app/ports/ids';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { expectRecovered, inquiryMix } from '../support/reliability-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * Redis goes away in the middle of a run and comes back (AOF on, same port and folder, as a
 * restarted production Redis would): deliveries that arrive meanwhile are answered 503 so
 * HubSpot delivers them again, jobs that were in flight are finished or picked up again, and the
 * same CareQual process carries on without a restart.
 */
describe('Redis restart during a run', () => {
  let redis: PrivateRedis;
  let app: SandboxedApp;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendOnly: true });
    // HubSpot retries a failed delivery for hours; 0.3 s, 0.6 s, … (≈16 s over 10 retries) stands in for that here.
    app = await startSandboxedApp({ env: { REDIS_URL: redis.url }, sandbox: { webhookRetryDelayMs: (n) => 300 * n } });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  const readyz = async () => (await fetch(`${app.baseUrl}/readyz`)).status;

  it('when Redis is shut down mid-run and started again, then every contact is qualified exactly once, no job is stuck or failed, the audit chain verifies and /readyz recovers', async () => {
    const { portalId } = await installThroughOAuth(app);
    app.sandbox.setFaults({ '/crm/*': { latencyMs: 30 } });
    const before = await app.sandbox.createContacts(portalId, Array.from({ length: 24 }, (_, i) => inquiryMix(i)));
    await eventually(() => (before.some((id) => app.sandbox.getContact(portalId, id)?.properties.carequal_outcome) ? true : undefined), 30_000, 'a first write-back');

    await redis.shutdown();
    const deliveriesBefore = app.sandbox.webhookDeliveries().length;
    const during = await app.sandbox.createContacts(portalId, Array.from({ length: 8 }, (_, i) => inquiryMix(i)));
    await eventually(() => (app.sandbox.webhookDeliveries().slice(deliveriesBefore).some((d) => d.status === 503) ? true : undefined), 20_000, 'a delivery answered 503');
    expect(await readyz()).toBe(503);

    await redis.start();
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), 20_000, '/readyz 200 again');
    const after = await app.sandbox.createContacts(portalId, Array.from({ length: 8 }, (_, i) => inquiryMix(i)));

    await expectRecovered(app, tenantId(portalId), [...before, ...during, ...after], 90_000);
  }, 150_000);
});
