import { startHubSpotSandbox, type HubSpotSandbox } from '../../../../sandbox/hubspot-sandbox';
import { buildApp, callHubSpot } from '../../../../sandbox/test-support/sandbox-fixture';
import { startWebhookApp, type WebhookApp } from '../../../../test/support/webhook-app';
import { freePort } from '../../../../sandbox/local-ports';

/**
 * End to end with HubSpot's side played by the local sandbox: its webhook dispatcher batches,
 * signs (v3) and retries deliveries to the running app, exactly as it would to production.
 */


const PHI = { email: 'rosa.delgado@example.com', phone: '+1 212 555 0187', message: 'PHI-MARKER knee pain after my fall, need an orthopedic consult', jobtitle: 'PHI-MARKER night nurse' };

describe('webhook intake driven by the local HubSpot sandbox', () => {
  let sandbox: HubSpotSandbox;
  let app: WebhookApp;
  let portalId: number;
  let token: string;
  const registration = buildApp({ appId: 3_141_592, clientSecret: 'sandbox-secret-8f2c1e9a' });

  beforeAll(async () => {
    const port = await freePort();
    const publicBaseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startHubSpotSandbox({ webhookBatchMs: 20, webhookRetryDelayMs: 20, webhookMaxRetries: 2 });
    app = await startWebhookApp({ port, publicBaseUrl, appId: registration.appId, clientSecret: registration.clientSecret });
    sandbox.registerApp({
      ...registration,
      webhookTargetUrl: `${publicBaseUrl}/webhooks/hubspot`,
      // Generic object.* subscriptions on contacts (objectTypeId 0-1), as the HubSpot project
      // declares them; privacy deletion only exists as the contact.privacyDeletion hub event.
      subscriptions: [
        ...['object.creation', 'object.deletion', 'object.merge'].map((eventType) => ({ eventType, objectTypeId: '0-1' })), { eventType: 'contact.privacyDeletion' },
        ...['email', 'phone', 'message', 'jobtitle'].map((propertyName) => ({ eventType: 'object.propertyChange', objectTypeId: '0-1', propertyName })),
      ],
    });
    ({ portalId } = sandbox.createPortal({ users: [{ id: 501, email: 'admin@midtown-clinic.example', superAdmin: true }] }));
    token = sandbox.installApp({ clientId: registration.clientId, portalId }).access_token;
    await app.setInstallation(portalId, 'active');
  });
  afterAll(async () => {
    await sandbox?.close();
    await app?.stop();
  });

  const qualifyJobs = async () => (await app.jobs('qualify')).map((j) => j.data as { contactIds: string[]; reason: string });

  it('when a patient inquiry creates a contact, then every delivery is acknowledged and one job qualifies it once', async () => {
    const [id] = await sandbox.createContacts(portalId, [{ firstname: 'Rosa', lastname: 'Delgado', ...PHI }]);
    await sandbox.flushWebhooks();
    const deliveries = sandbox.webhookDeliveries();
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    expect(deliveries.flatMap((d) => d.events).some((e) => e.propertyValue?.includes('PHI-MARKER'))).toBe(true); // the sandbox did send values
    expect(await qualifyJobs()).toEqual([expect.objectContaining({ contactIds: [id], reason: 'webhook' })]);
  });

  it('when CareQual writes through the API (its own write-back), then the echo creates no job', async () => {
    const [id] = sandbox.listContacts(portalId).map((c) => c.id);
    const before = (await qualifyJobs()).length;
    const res = await callHubSpot(sandbox.url, 'PATCH', `/crm/objects/2026-03/contacts/${id}`, { token, json: { properties: { phone: '+1 212 555 0199' } } });
    expect(res.status).toBe(200);
    await sandbox.flushWebhooks();
    const echo = sandbox.webhookDeliveries().flatMap((d) => d.events).find((e) => e.propertyName === 'phone' && e.changeSource === 'INTEGRATION');
    expect(echo).toMatchObject({ sourceId: String(registration.appId) });
    expect((await qualifyJobs()).length).toBe(before);
  });

  it('when staff edit an unwatched property, then no job; a watched one, then a job', async () => {
    const [id] = sandbox.listContacts(portalId).map((c) => c.id);
    const before = (await qualifyJobs()).length;
    await sandbox.updateContact(portalId, id!, { jobtitle: 'teacher' });
    await sandbox.flushWebhooks();
    expect((await qualifyJobs()).length).toBe(before);
    await sandbox.updateContact(portalId, id!, { phone: '+1 212 555 0142' });
    await sandbox.flushWebhooks();
    expect((await qualifyJobs()).length).toBe(before + 1);
  });

  it('when HubSpot delivers the same batch twice, then both are acknowledged and only one job exists', async () => {
    sandbox.setWebhookDuplicates({ next: 1 });
    const before = (await qualifyJobs()).length;
    const sent = sandbox.webhookDeliveries().length;
    const [id] = await sandbox.createContacts(portalId, [{ email: 'sam.okafor@example.com' }]);
    await sandbox.flushWebhooks();
    const fresh = sandbox.webhookDeliveries().slice(sent);
    expect(fresh.filter((d) => d.duplicate)).toHaveLength(1);
    expect(fresh.every((d) => d.status === 200)).toBe(true);
    const jobs = await qualifyJobs();
    expect(jobs.length).toBe(before + 1);
    expect(jobs.filter((j) => j.contactIds.includes(id!))).toHaveLength(1);
  });

  it('when a contact is privacy-deleted, then a privacy purge is queued', async () => {
    const [id] = await sandbox.createContacts(portalId, [{ email: 'to.forget@example.com' }]);
    await sandbox.flushWebhooks();
    await sandbox.privacyDeleteContact(portalId, id!);
    await sandbox.flushWebhooks();
    const purges = (await app.jobs('purge')).map((j) => j.data);
    expect(purges).toContainEqual(expect.objectContaining({ portalId, contactIds: [id], privacy: true }));
  });

  it('then neither Redis nor the logs hold a property value', async () => {
    const dump = await app.redisDump();
    const logs = app.logs();
    for (const value of [...Object.values(PHI), 'PHI-MARKER', 'sam.okafor', 'to.forget', '555 0199']) {
      expect(dump).not.toContain(value);
      expect(logs).not.toContain(value);
    }
    expect(logs).toContain('webhook delivery taken in'); // the log was captured at all
  });
});
