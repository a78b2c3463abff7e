import { tenantId } from '../../src/app/ports/ids';
import { expectRecovered, inquiryMix, waitForOutcomes } from '../support/reliability-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * The network between CareQual and HubSpot misbehaving: requests that never get an answer (past
 * CareQual's 10 s timeout) and connections dropped without an answer. The sandbox is seeded,
 * so the same requests fail on every run. The answer that comes after CareQual gave up is in
 * hubspot-late-answer.int.test.ts; duplicated and reordered deliveries in webhook-order.int.test.ts.
 */
describe('HubSpot network faults', () => {
  let app: SandboxedApp;
  beforeAll(async () => {
    app = await startSandboxedApp({ sandbox: { seed: 11, webhookRetryDelayMs: (n) => 300 * n } });
  }, 60_000);
  afterEach(() => app.sandbox.setFaults({}));
  afterAll(async () => app?.stop());

  const calls = async (operation: string, status: string) =>
    (await app.runtime.services.metrics.hubspotCalls.get()).values.filter((v) => v.labels.operation === operation && v.labels.status === status).reduce((n, v) => n + v.value, 0);

  it('when CRM requests time out unanswered or lose their connection, then every contact is still qualified exactly once and nothing is stuck', async () => {
    const { portalId } = await installThroughOAuth(app);
    app.sandbox.setFaults({ '/crm/*': { timeoutRate: 0.08, dropConnectionRate: 0.12, latencyMs: 5 } });
    const ids = await app.sandbox.createContacts(portalId, Array.from({ length: 40 }, (_, i) => inquiryMix(i)));
    await eventually(async () => ((await calls('contacts.batch_read', 'network_error')) + (await calls('contacts.batch_update', 'network_error')) > 0 ? true : undefined), 40_000, 'a lost CRM request');
    await waitForOutcomes(app, tenantId(portalId), ids, 90_000);
    app.sandbox.setFaults({});
    await expectRecovered(app, tenantId(portalId), ids, 60_000);
  }, 150_000);
});
