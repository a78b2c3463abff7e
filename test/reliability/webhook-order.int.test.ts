import { tenantId } from '../../src/app/ports/ids';
import { appServicesOf } from '../../src/main/app-services';
import { startReorderingRelay, type ReorderingRelay } from '../support/reordering-relay';
import { exactlyOnceViolations, inquiry, inquiryMix, waitForOutcomes, waitForQueuesIdle } from '../support/reliability-probes';
import { eventually, freePort, installThroughOAuth, startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * HubSpot's delivery promises are weak: duplicates happen and order is not guaranteed. A relay
 * in front of CareQual holds every other delivery so the next one overtakes it, and the
 * sandbox sends half of them twice.
 */
describe('webhook deliveries duplicated and out of order', () => {
  let app: SandboxedApp;
  let relay: ReorderingRelay;
  beforeAll(async () => {
    relay = await startReorderingRelay({ port: 0, holdMs: 300 });
    const port = await freePort();
    relay.setTarget(port);
    // HubSpot signs for, and CareQual checks against, the relay's URL (PUBLIC_BASE_URL).
    app = await startSandboxedApp({ env: { PORT: String(port), PUBLIC_BASE_URL: relay.url }, sandbox: { seed: 5 } });
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${relay.url}/oauth/callback`], webhookTargetUrl: `${relay.url}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await relay?.close();
  });

  it('when half the deliveries come twice and every other one is overtaken by the next, then each contact ends with the outcome of its latest data, written once per change, with one task per care-ready lead', async () => {
    const { portalId } = await installThroughOAuth({ sandbox: app.sandbox, baseUrl: relay.url } as SandboxedApp);
    app.sandbox.setWebhookDuplicates({ rate: 0.5 });
    const stable = await app.sandbox.createContacts(portalId, Array.from({ length: 12 }, (_, i) => inquiryMix(i)));
    const moved = await app.sandbox.createContacts(portalId, Array.from({ length: 6 }, () => inquiry()));
    // A patient corrects their ZIP right after submitting: creation and update race through the webhooks.
    for (const id of moved) await app.sandbox.updateContact(portalId, id, { zip: '99501', state: 'AK' });

    await waitForOutcomes(app, tenantId(portalId), [...stable, ...moved], 60_000);
    await eventually(() => (moved.every((id) => app.sandbox.getContact(portalId, id)!.properties.carequal_outcome === 'disqualified') ? true : undefined), 30_000, 'moved contacts disqualified');
    await app.sandbox.flushWebhooks();
    const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix);

    const deliveries = app.sandbox.webhookDeliveries();
    expect(deliveries.filter((d) => d.duplicate).length).toBeGreaterThan(0);
    expect(relay.arrivals.some((a, i) => i > 0 && a.seq < relay.arrivals[i - 1]!.seq)).toBe(true);
    expect(exactlyOnceViolations(app, tenantId(portalId), stable)).toEqual([]);
    for (const id of moved) {
      const c = app.sandbox.getContact(portalId, id)!;
      expect(c.properties.carequal_disqualification_reasons).toContain('out_of_service_area');
      const writes = (c.history.carequal_score ?? []).filter((h) => h.sourceType === 'INTEGRATION').length;
      expect(writes).toBeGreaterThanOrEqual(1);
      expect(writes).toBeLessThanOrEqual(2); // before and after the ZIP change, never more
    }
    const tasks = new Map<string, number>();
    for (const t of app.sandbox.listTasks(portalId)) for (const c of t.associations.contacts ?? []) tasks.set(c, (tasks.get(c) ?? 0) + 1);
    expect([...tasks.values()].every((n) => n === 1)).toBe(true);
    expect(Object.values(counts.byQueue).reduce((n, c) => n + c.failed, 0)).toBe(0);
    expect((await appServicesOf(app.runtime.services).audit.verify(tenantId(portalId))).ok).toBe(true);
  }, 120_000);
});
