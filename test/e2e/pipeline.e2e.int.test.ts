import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { buildContact } from '../../src/core/testing/contact.factory';
import { CAREQUAL_PROPERTY_NAMES } from '../../src/adapters/hubspot/carequal-values';
import { appServicesOf } from '../../src/main/app-services';
import { createLogger } from '../../src/observability/logger';
import { waitForQueuesIdle } from '../support/pipeline-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/** Contact properties as a web form would set them (the factory's nulls are "not filled in"). */
let serial = 0;
function formValues(overrides: Record<string, string | null> = {}): Record<string, string> {
  const email = `patient.${++serial}.${Date.now()}@example-mail.com`;
  return Object.fromEntries(Object.entries(buildContact({ email, ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

describe('qualify pipeline end to end (local HubSpot sandbox, 50 ms latency)', () => {
  let app: SandboxedApp;
  let portalId: TenantId;
  beforeAll(async () => {
    app = await startSandboxedApp(process.env.E2E_DEBUG ? { logger: createLogger({ level: 'debug', format: 'pretty' }), sandbox: { log: (l) => console.log(l) } } : {});
    portalId = tenantId((await installThroughOAuth(app)).portalId);
    app.sandbox.setFaults({ '/crm/**': { latencyMs: 50 } });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('when a patient inquiry is created in HubSpot, then its carequal_* properties are written back (webhook → job → write-back) and a care-ready lead gets one task', async () => {
    const createdAt = Date.now();
    const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
    const written = await eventually(() => {
      const c = app.sandbox.getContact(portalId, id!);
      return c?.properties.carequal_outcome ? c : undefined;
    }, 30_000, 'write-back');
    const latencyMs = Date.now() - createdAt;
    console.log(`end-to-end latency (create → write-back), sandbox latency 50 ms: ${latencyMs} ms`);

    expect(written.properties).toMatchObject({ carequal_outcome: 'care_ready', carequal_band: expect.stringMatching(/^(high|medium)$/) });
    // An empty value clears a HubSpot property, so only the non-empty carequal_* values show up.
    const carequalNames = Object.keys(written.properties).filter((n) => n.startsWith('carequal_'));
    expect(CAREQUAL_PROPERTY_NAMES).toEqual(expect.arrayContaining(carequalNames));
    for (const name of ['carequal_score', 'carequal_fit_score', 'carequal_intent_score', 'carequal_readiness_score', 'carequal_route', 'carequal_reasons', 'carequal_respond_by', 'carequal_rules_version', 'carequal_scored_at'])
      expect(written.properties[name]).toEqual(expect.any(String));
    expect(written.history.carequal_outcome?.[0]).toMatchObject({ sourceType: 'INTEGRATION' });
    const tasks = await eventually(() => {
      const list = app.sandbox.listTasks(portalId);
      return list.length ? list : undefined;
    }, 10_000, 'follow-up task');
    expect(tasks).toHaveLength(1);
  }, 60_000);

  it('when the write-back echoes back as property-change webhooks, then the contact is not written again', async () => {
    const [id] = await app.sandbox.createContacts(portalId, [formValues({ zip: '10017' })]);
    await eventually(() => app.sandbox.getContact(portalId, id!)?.properties.carequal_outcome, 30_000, 'write-back');
    await app.sandbox.flushWebhooks(); // the echoes are answered: any job they started is queued
    await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix); // … and has run
    const history = app.sandbox.getContact(portalId, id!)!.history.carequal_score ?? [];
    expect(history).toHaveLength(1);
  }, 60_000);

  it('when an intake coordinator changes a watched property, then the contact is re-qualified', async () => {
    const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
    await eventually(() => app.sandbox.getContact(portalId, id!)?.properties.carequal_outcome, 30_000, 'first write-back');
    await app.sandbox.updateContact(portalId, id!, { zip: '99501', state: 'AK' });
    const requalified = await eventually(() => {
      const c = app.sandbox.getContact(portalId, id!);
      return c?.properties.carequal_outcome === 'disqualified' ? c : undefined;
    }, 30_000, 're-qualification');
    expect(requalified.properties.carequal_disqualification_reasons).toContain('out_of_service_area');
  }, 60_000);

  it('when the run is over, then the audit chain verifies and names the reads and writes', async () => {
    const audit = appServicesOf(app.runtime.services).audit;
    const page = await audit.query({ portalId, action: 'contact.written' }, { limit: 100 });
    expect(page.entries.length).toBeGreaterThanOrEqual(3);
    const report = await audit.verify(portalId);
    expect(report.ok).toBe(true);
  });
});
