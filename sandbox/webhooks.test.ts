import { startHubSpotSandbox, type HubSpotSandbox, type HubSpotSandboxOptions } from './hubspot-sandbox';
import { subscriptionsFromHubSpotProject } from './hubspot-project-app';
import { scaledMs } from '../test/support/wait';
import { buildApp, callHubSpot, startWebhookReceiver, type WebhookReceiver } from './test-support/sandbox-fixture';

describe('webhook deliveries', () => {
  let sandbox: HubSpotSandbox;
  let receiver: WebhookReceiver;
  const app = () => buildApp({
    webhookTargetUrl: receiver.url,
    subscriptions: [
      { eventType: 'contact.creation' }, { eventType: 'contact.propertyChange', propertyName: 'zip' },
      { eventType: 'contact.propertyChange', propertyName: 'carequal_score' }, { eventType: 'contact.deletion' },
      { eventType: 'contact.privacyDeletion' }, { eventType: 'contact.merge' },
    ],
  });

  async function setUp(respond?: Parameters<typeof startWebhookReceiver>[0], opts: HubSpotSandboxOptions = {}) {
    receiver = await startWebhookReceiver(respond);
    sandbox = await startHubSpotSandbox({ webhookBatchMs: 10, webhookRetryDelayMs: 10, ...opts });
    sandbox.registerApp(app());
    const { portalId } = sandbox.createPortal({ users: [{ id: 77, email: 'frontdesk@clinic.example' }] });
    const tokens = sandbox.installApp({ clientId: app().clientId, portalId });
    return { portalId, tokens };
  }
  const allEvents = () => receiver.deliveries.flatMap((d) => d.events);

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('when a contact is created with a subscribed property, then contact.creation and contact.propertyChange arrive with HubSpot\'s fields', async () => {
    const { portalId } = await setUp();
    const [id] = await sandbox.createContacts(portalId, [{ email: 'new@example.com', zip: '10001', firstname: 'Ana' }]);
    await sandbox.flushWebhooks();
    const events = allEvents();
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      eventId: expect.any(Number), subscriptionId: expect.any(Number), portalId, appId: app().appId, occurredAt: expect.any(Number),
      subscriptionType: 'contact.creation', attemptNumber: 0, objectId: Number(id), changeFlag: 'CREATED', changeSource: 'CRM_UI', sourceId: 'userId:77',
    });
    expect(events[1]).toMatchObject({ subscriptionType: 'contact.propertyChange', propertyName: 'zip', propertyValue: '10001', objectId: Number(id) });
  });

  it('when an app writes a subscribed property through the API, then the change names INTEGRATION and the app id as its source', async () => {
    const { portalId, tokens } = await setUp();
    await callHubSpot(sandbox.url, 'POST', '/crm/properties/2026-03/contacts', { token: tokens.access_token, json: { name: 'carequal_score', label: 'Score', type: 'number', fieldType: 'number', groupName: 'contactinformation' } });
    const [id] = await sandbox.createContacts(portalId, [{ email: 'w@example.com' }]);
    await sandbox.flushWebhooks();
    receiver.deliveries.length = 0;
    await callHubSpot(sandbox.url, 'PATCH', `/crm/objects/2026-03/contacts/${id}`, { token: tokens.access_token, json: { properties: { carequal_score: '87', firstname: 'Not subscribed' } } });
    await callHubSpot(sandbox.url, 'PATCH', `/crm/objects/2026-03/contacts/${id}`, { token: tokens.access_token, json: { properties: { carequal_score: '87' } } });
    await sandbox.flushWebhooks();
    expect(allEvents()).toEqual([expect.objectContaining({ subscriptionType: 'contact.propertyChange', propertyName: 'carequal_score', propertyValue: '87', changeSource: 'INTEGRATION', sourceId: String(app().appId) })]);
  });

  it('when a contact is GDPR-deleted, then contact.privacyDeletion and contact.deletion both arrive', async () => {
    const { portalId } = await setUp();
    const [id] = await sandbox.createContacts(portalId, [{ email: 'gone@example.com' }]);
    await sandbox.privacyDeleteContact(portalId, id!);
    await sandbox.flushWebhooks();
    expect(allEvents().map((e) => e.subscriptionType)).toEqual(['contact.creation', 'contact.privacyDeletion', 'contact.deletion']);
    expect(sandbox.getContact(portalId, id!)).toBeUndefined();
  });

  it('when two contacts are merged, then contact.merge names the primary, merged and new object ids, and the old id reads as the primary', async () => {
    const { portalId } = await setUp();
    const [primary, secondary] = await sandbox.createContacts(portalId, [{ email: 'p@example.com' }, { email: 's@example.com', zip: '10003' }]);
    await sandbox.mergeContacts(portalId, primary!, secondary!);
    await sandbox.flushWebhooks();
    expect(allEvents().find((e) => e.subscriptionType === 'contact.merge')).toMatchObject({
      objectId: Number(primary), primaryObjectId: Number(primary), mergedObjectIds: [Number(secondary)], newObjectId: Number(primary), changeFlag: 'MERGED',
    });
    expect(sandbox.getContact(portalId, secondary!)?.id).toBe(primary);
    expect(sandbox.getContact(portalId, primary!)?.properties.zip).toBe('10003');
  });

  it('when 250 contacts are created across two portals, then deliveries hold at most 100 events and may mix portals', async () => {
    const { portalId } = await setUp();
    const second = sandbox.createPortal().portalId;
    sandbox.installApp({ clientId: app().clientId, portalId: second });
    await sandbox.createContacts(portalId, Array.from({ length: 150 }, (_, i) => ({ email: `a${i}@example.com` })));
    await sandbox.createContacts(second, Array.from({ length: 100 }, (_, i) => ({ email: `b${i}@example.com` })));
    await sandbox.flushWebhooks();
    expect(receiver.deliveries.map((d) => d.events.length)).toEqual([100, 100, 50]);
    expect(new Set(receiver.deliveries[1]!.events.map((e) => e.portalId))).toEqual(new Set([portalId, second]));
    expect(sandbox.counters(second).webhookDeliveries).toBe(2);
  });

  it('when the endpoint answers 500 twice, then the delivery is retried with attemptNumber 1 and 2 and failures are counted', async () => {
    const { portalId } = await setUp((n) => ({ status: n < 2 ? 500 : 200 }));
    await sandbox.createContacts(portalId, [{ email: 'retry@example.com' }]);
    await sandbox.flushWebhooks();
    expect(receiver.deliveries.map((d) => d.events[0].attemptNumber)).toEqual([0, 1, 2]);
    expect(new Set(receiver.deliveries.map((d) => d.events[0].eventId)).size).toBe(1);
    expect(sandbox.counters(portalId)).toMatchObject({ webhookDeliveries: 3, webhookFailures: 2 });
  });

  it('when the endpoint answers 4xx, then HubSpot retries it too, until the retry budget is spent', async () => {
    const { portalId } = await setUp(() => ({ status: 400 }), { webhookMaxRetries: 2 });
    await sandbox.createContacts(portalId, [{ email: 'bad@example.com' }]);
    await sandbox.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(3);
    expect(sandbox.webhookDeliveries().map((d) => d.status)).toEqual([400, 400, 400]);
  });

  it('when the endpoint is slower than the timeout, then the attempt fails and is retried', async () => {
    // The retry is answered at once and must beat the timeout too: both stretched for a busy machine.
    const webhookTimeoutMs = scaledMs(500);
    const { portalId } = await setUp((n) => ({ status: 200, delayMs: n === 0 ? webhookTimeoutMs * 4 : 0 }), { webhookTimeoutMs });
    await sandbox.createContacts(portalId, [{ email: 'slow@example.com' }]);
    await sandbox.flushWebhooks();
    expect(sandbox.webhookDeliveries()[0]!.error).toMatch(/TimeoutError|abort/i);
    expect(receiver.deliveries.map((d) => d.events[0].attemptNumber)).toEqual([0, 1]);
  });

  it('when a duplicate is requested, then the same events are delivered twice', async () => {
    const { portalId } = await setUp();
    sandbox.setWebhookDuplicates({ next: 1 });
    await sandbox.createContacts(portalId, [{ email: 'dup@example.com' }]);
    await sandbox.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(2);
    expect(receiver.deliveries[0]!.events).toEqual(receiver.deliveries[1]!.events);
  });

  it('when many deliveries are due for one portal, then no more than the concurrency limit are in flight', async () => {
    // Each answer waits until the limit is reached (or all that are left are in flight), so a busy
    // machine cannot hide the concurrency; the 40 ms after it give a fourth the time to show up.
    const { portalId } = await setUp((n) => ({ status: 200, delayMs: 40, holdUntilInFlight: Math.min(3, 8 - n) }), { webhookMaxConcurrentPerPortal: 3 });
    await sandbox.createContacts(portalId, Array.from({ length: 800 }, (_, i) => ({ email: `c${i}@example.com` })));
    await sandbox.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(8);
    expect(receiver.maxConcurrent).toBe(3);
  });

  it('when an app is not installed in a portal or was uninstalled, then it gets no events from it', async () => {
    const { portalId } = await setUp();
    const other = sandbox.createPortal().portalId;
    await sandbox.createContacts(other, [{ email: 'x@example.com' }]);
    sandbox.uninstallApp(portalId, app().appId);
    await sandbox.createContacts(portalId, [{ email: 'y@example.com' }]);
    await sandbox.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe('webhook deliveries for the subscriptions the HubSpot project declares (webhooks-hsmeta.json)', () => {
  let sandbox: HubSpotSandbox;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('when a contact is created, changed, merged and deleted, then the generic object.* events arrive with objectTypeId 0-1 — never rewritten to contact.* — and privacy deletion as the contact.privacyDeletion hub event', async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startHubSpotSandbox({ webhookBatchMs: 10, webhookRetryDelayMs: 10 });
    const app = buildApp({ webhookTargetUrl: receiver.url, subscriptions: subscriptionsFromHubSpotProject() });
    sandbox.registerApp(app);
    const { portalId } = sandbox.createPortal({ users: [{ id: 77, email: 'frontdesk@clinic.example' }], intakeFormFields: true });
    sandbox.installApp({ clientId: app.clientId, portalId });

    const [id, other, gone] = await sandbox.createContacts(portalId, [{ email: 'new@example.com', zip: '10001', firstname: 'Ana' }, { email: 'dup@example.com' }, { email: 'gdpr@example.com' }]);
    await sandbox.mergeContacts(portalId, id!, other!);
    await sandbox.privacyDeleteContact(portalId, gone!);
    await sandbox.flushWebhooks();
    const events = receiver.deliveries.flatMap((d) => d.events);

    expect(events.find((e) => e.objectId === Number(id) && e.subscriptionType === 'object.creation')).toEqual({
      eventId: expect.any(Number), subscriptionId: expect.any(Number), portalId, appId: app.appId, occurredAt: expect.any(Number),
      subscriptionType: 'object.creation', objectTypeId: '0-1', attemptNumber: 0, objectId: Number(id), changeFlag: 'CREATED', changeSource: 'CRM_UI', sourceId: 'userId:77',
    });
    expect(events.filter((e) => e.objectId === Number(id) && e.subscriptionType === 'object.propertyChange').map((e) => [e.propertyName, e.objectTypeId]).sort())
      .toEqual([['email', '0-1'], ['zip', '0-1']]);
    expect(events.find((e) => e.subscriptionType === 'object.merge')).toMatchObject({ objectTypeId: '0-1', primaryObjectId: Number(id), mergedObjectIds: [Number(other)] });
    expect(events.filter((e) => e.objectId === Number(gone) && e.subscriptionType !== 'object.propertyChange').map((e) => [e.subscriptionType, e.objectTypeId]))
      .toEqual([['object.creation', '0-1'], ['contact.privacyDeletion', undefined], ['object.deletion', '0-1']]);
    expect(events.filter((e) => /^contact\.(creation|propertyChange|merge|deletion)$/.test(e.subscriptionType))).toEqual([]);
  });
});
