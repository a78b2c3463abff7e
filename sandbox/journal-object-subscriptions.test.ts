import { OpenApiContract } from './test-support/openapi-contract';
import { callHubSpot, startInstalledSandbox, type InstalledSandbox } from './test-support/sandbox-fixture';

const SCOPES = 'developer.webhooks_journal.read developer.webhooks_journal.subscriptions.write';

/**
 * Per-install OBJECT subscriptions of the webhooks journal (2026-03/webhooks-journal.json,
 * `ObjectSubscriptionUpsertRequest`): requests and answers checked against the spec.
 */
describe('HubSpot sandbox: webhooks journal object subscriptions', () => {
  const contract = new OpenApiContract();
  let env: InstalledSandbox;
  let token: string;

  /** `valid`: the request is well-formed per the spec (the refusal cases send what it does not allow). */
  async function exchange(method: string, path: string, opts: { json?: unknown; valid?: boolean } = {}) {
    if (opts.json !== undefined && opts.valid !== false) contract.assertRequest(method, path, opts.json);
    const answer = await callHubSpot(env.sandbox.url, method, path, { ...opts, token });
    if (answer.status === 200) contract.assertResponse(method, path, answer.status, answer.body);
    return answer;
  }

  const subscription = (overrides: Record<string, unknown> = {}) => ({
    subscriptionType: 'OBJECT', portalId: env.portalId, objectTypeId: '0-1', actions: ['UPDATE'], objectIds: [], properties: ['insurance_carrier'], ...overrides,
  });

  async function eventsInJournal(): Promise<Array<Record<string, unknown>>> {
    const batch = await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/50');
    const files = await Promise.all((batch.body.results as Array<{ url: string }>).map(async (e) => (await fetch(e.url)).json() as Promise<Array<Record<string, unknown>>>));
    return files.flat();
  }

  beforeEach(async () => {
    env = await startInstalledSandbox();
    const answer = await callHubSpot(env.sandbox.url, 'POST', '/oauth/2026-03/token', { form: { grant_type: 'client_credentials', client_id: env.app.clientId, client_secret: env.app.clientSecret, scope: SCOPES } });
    token = answer.body.access_token as string;
    // A practice's own intake field: no portal has it until the practice creates it.
    const created = await env.api('POST', '/crm/properties/2026-03/contacts', { name: 'insurance_carrier', label: 'Insurance carrier', type: 'string', fieldType: 'text', groupName: 'contactinformation' });
    expect(created.status).toBe(201);
  });
  afterEach(() => env.sandbox.close());

  it('when an OBJECT subscription is upserted twice for an install, then it is one subscription holding the latest properties', async () => {
    const first = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { json: subscription() });
    const second = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { json: subscription({ properties: ['insurance_carrier', 'visit_reason'] }) });

    expect(first.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, subscriptionType: 'OBJECT', portalId: env.portalId, objectTypeId: '0-1', properties: ['insurance_carrier', 'visit_reason'], actions: ['UPDATE'] });
    expect(env.sandbox.journalSubscriptions(env.app.appId).filter((s) => s.subscriptionType === 'OBJECT')).toHaveLength(1);
  });

  it.each([
    ['no portalId', { portalId: undefined }],
    ['no properties', { properties: undefined }],
    ['an unknown action', { actions: ['APP_UNINSTALL'] }],
    ['an unknown object type', { objectTypeId: 'contacts' }],
    ['a portal the app is not installed in', { portalId: 999_999_999 }],
  ])('when the subscription has %s, then HubSpot refuses it with 400 and nothing is subscribed', async (_what, overrides) => {
    const answer = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { json: subscription(overrides), valid: false });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(env.sandbox.journalSubscriptions(env.app.appId).filter((s) => s.subscriptionType === 'OBJECT')).toEqual([]);
  });

  it('when a subscribed property changes, then the journal holds one UPDATE event naming the contact and property, without the value; other properties write nothing', async () => {
    await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { json: subscription() });
    const [contactId] = await env.sandbox.createContacts(env.portalId, [{ email: 'dana.whitfield@lakeside.example' }]);

    await env.sandbox.updateContact(env.portalId, contactId!, { insurance_carrier: 'Blue Shield', hs_analytics_num_page_views: '7' });

    const events = await eventsInJournal();
    expect(events).toEqual([expect.objectContaining({
      subscriptionType: 'OBJECT', action: 'UPDATE', appId: env.app.appId, portalId: env.portalId, objectTypeId: '0-1', objectId: Number(contactId), propertyName: 'insurance_carrier',
    })]);
    expect(JSON.stringify(events)).not.toContain('Blue Shield');
  });

  it('when the app is uninstalled, then the portal\'s object subscriptions end and later changes write nothing', async () => {
    await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { json: subscription() });
    const [contactId] = await env.sandbox.createContacts(env.portalId, [{ email: 'li.ortega@lakeside.example' }]);
    env.sandbox.uninstallApp(env.portalId, env.app.appId);

    await env.sandbox.updateContact(env.portalId, contactId!, { insurance_carrier: 'Aetna' });

    expect(env.sandbox.journalSubscriptions(env.app.appId)).toEqual([]);
    expect((await eventsInJournal()).filter((e) => e.subscriptionType === 'OBJECT')).toEqual([]);
  });
});
