import { callHubSpot, startInstalledSandbox, type InstalledSandbox } from './test-support/sandbox-fixture';

describe('CRM behaviour', () => {
  let env: InstalledSandbox;
  beforeEach(async () => {
    env = await startInstalledSandbox();
  });
  afterEach(() => env.sandbox.close());

  it('when a staff member and then the app write a value, then history keeps both sources newest first and hs_lastmodifieddate moves', async () => {
    const [id] = await env.sandbox.createContacts(env.portalId, [{ email: 'h@example.com', phone: '+1 212 555 0100' }], { userId: 502 });
    const before = env.sandbox.getContact(env.portalId, id!)!;
    env.sandbox.advanceTime(60_000);
    await env.api('PATCH', `/crm/objects/2026-03/contacts/${id}`, { properties: { phone: '+1 212 555 0199', hs_lead_status: 'NEW' } });
    const after = env.sandbox.getContact(env.portalId, id!)!;
    expect(after.history.phone!.map((h) => [h.value, h.sourceType, h.sourceId])).toEqual([
      ['+1 212 555 0199', 'INTEGRATION', String(env.app.appId)],
      ['+1 212 555 0100', 'CRM_UI', 'userId:502'],
    ]);
    expect(Date.parse(after.properties.hs_lastmodifieddate!) - Date.parse(before.properties.hs_lastmodifieddate!)).toBeGreaterThanOrEqual(60_000);
    expect(after.properties.createdate).toBe(before.properties.createdate);
    expect(after.properties.hs_object_id).toBe(id);
  });

  it.each([
    ['an unknown property', { carequal_unknown: 'x' }, 'PROPERTY_DOESNT_EXIST'],
    ['a value outside an enumeration', { lifecyclestage: 'patient' }, 'INVALID_OPTION'],
    ['a read-only property', { hs_analytics_num_visits: '3' }, 'READ_ONLY_VALUE'],
    ['a non-boolean for a boolean', { hs_email_optout: 'maybe' }, 'INVALID_BOOLEAN'],
  ])('when a create names %s, then 400 VALIDATION_ERROR names the property and reason', async (_label, properties, reason) => {
    const answer = await env.api('POST', '/crm/v3/objects/contacts', { properties });
    expect(answer.status).toBe(400);
    expect(answer.body.category).toBe('VALIDATION_ERROR');
    expect(answer.body.message).toContain(reason);
    expect(answer.body.message).toContain(Object.keys(properties)[0]);
  });

  it('when values are sent as JSON numbers or epoch milliseconds, then they are stored as HubSpot strings', async () => {
    await env.api('POST', '/crm/properties/2026-03/contacts', { name: 'carequal_respond_by', label: 'Respond by', type: 'datetime', fieldType: 'date', groupName: 'contactinformation' });
    const created = await env.api('POST', '/crm/objects/2026-03/contacts', { properties: { email: 'n@example.com', carequal_respond_by: 1_795_000_000_000 } });
    expect(created.status).toBe(201);
    expect(env.sandbox.getContact(env.portalId, created.body.id)!.properties.carequal_respond_by).toBe(new Date(1_795_000_000_000).toISOString());
  });

  it('when a contact with an existing email is created, then 409 CONFLICT names the existing id', async () => {
    const [id] = await env.sandbox.createContacts(env.portalId, [{ email: 'same@example.com' }]);
    const answer = await env.api('POST', '/crm/objects/2026-03/contacts', { properties: { email: 'SAME@example.com' } });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toContain(`Existing ID: ${id}`);
  });

  it('when a batch create with objectWriteTraceIds meets a validation rule for one input, then 207 creates the others', async () => {
    env.sandbox.setValidationRule(env.portalId, ({ properties }) => (properties.zip === '99999' ? { message: 'zip is outside the service area', propertyName: 'zip' } : undefined));
    const inputs = [{ properties: { email: 'ok@example.com', zip: '10001' }, associations: [], objectWriteTraceId: 'a' }, { properties: { email: 'no@example.com', zip: '99999' }, associations: [], objectWriteTraceId: 'b' }];
    const answer = await env.api('POST', '/crm/objects/2026-03/contacts/batch/create', { inputs });
    expect(answer.status).toBe(207);
    expect(answer.body.results).toHaveLength(1);
    expect(answer.body.errors[0]).toMatchObject({ category: 'VALIDATION_ERROR', context: { inputIndex: ['1'], objectWriteTraceId: ['b'], propertyName: ['zip'] } });
    expect(env.sandbox.listContacts(env.portalId)).toHaveLength(1);
  });

  it('when a batch create without objectWriteTraceIds meets a validation rule for one input, then 400 and nothing is created', async () => {
    env.sandbox.setValidationRule(env.portalId, ({ properties }) => (properties.zip === '99999' ? { message: 'zip is outside the service area', propertyName: 'zip' } : undefined));
    const answer = await env.api('POST', '/crm/objects/2026-03/contacts/batch/create', { inputs: [{ properties: { email: 'ok@example.com', zip: '10001' }, associations: [] }, { properties: { email: 'no@example.com', zip: '99999' }, associations: [] }] });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR', message: 'zip is outside the service area', context: { inputIndex: ['1'] } });
    expect(env.sandbox.listContacts(env.portalId)).toHaveLength(0);
  });

  it('when a batch create repeats an email or names one that exists, then it is refused whole and nothing is created', async () => {
    await env.sandbox.createContacts(env.portalId, [{ email: 'taken@example.com' }]);
    const twice = await env.api('POST', '/crm/objects/2026-03/contacts/batch/create', { inputs: [{ properties: { email: 'new@example.com' } }, { properties: { email: 'NEW@example.com' } }] });
    const taken = await env.api('POST', '/crm/objects/2026-03/contacts/batch/create', { inputs: [{ properties: { email: 'other@example.com' } }, { properties: { email: 'taken@example.com' } }] });
    expect([twice.status, taken.status]).toEqual([400, 409]);
    expect(env.sandbox.listContacts(env.portalId)).toHaveLength(1);
  });

  it.each([
    ['IN on a text property (case-insensitive)', [{ propertyName: 'state', operator: 'IN', values: ['ny', 'nj'] }], ['a', 'b']],
    ['GT on a number', [{ propertyName: 'hs_analytics_num_page_views', operator: 'GT', value: '3' }], ['b']],
    ['CONTAINS_TOKEN on an email domain', [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@clinic.example' }], ['c']],
    ['NOT_HAS_PROPERTY', [{ propertyName: 'state', operator: 'NOT_HAS_PROPERTY' }], ['c']],
    ['BETWEEN on createdate', [{ propertyName: 'createdate', operator: 'BETWEEN', value: '2000-01-01T00:00:00Z', highValue: '2100-01-01T00:00:00Z' }], ['a', 'b', 'c']],
  ])('when contacts are searched with %s, then the matching contacts come back', async (_label, filters, expected) => {
    await env.sandbox.createContacts(env.portalId, [
      { email: 'a@example.com', firstname: 'a', state: 'NY', hs_analytics_num_page_views: '1' },
      { email: 'b@example.com', firstname: 'b', state: 'NJ', hs_analytics_num_page_views: '12' },
      { email: 'c@clinic.example', firstname: 'c' },
    ]);
    const answer = await env.api('POST', '/crm/objects/2026-03/contacts/search', { filterGroups: [{ filters }], sorts: [{ propertyName: 'firstname', direction: 'ASCENDING' }], properties: ['firstname'], limit: 10 });
    expect(answer.body.results.map((r: { properties: { firstname: string } }) => r.properties.firstname)).toEqual(expected);
  });

  it('when the control API is used over HTTP, then portals, contacts and counters are reachable and reset clears them', async () => {
    const url = env.sandbox.url;
    const { body: portal } = await callHubSpot(url, 'POST', '/_sandbox/portals', { json: { users: [{ id: 9, email: 'a@b.example', superAdmin: true }] } });
    const { body: created } = await callHubSpot(url, 'POST', `/_sandbox/portals/${portal.portalId}/contacts`, { json: { contacts: [{ email: 'x@example.com', zip: '10001' }], source: 'FORM' } });
    const { body: contact } = await callHubSpot(url, 'GET', `/_sandbox/portals/${portal.portalId}/contacts/${created.ids[0]}`);
    expect(contact.history.zip[0].sourceType).toBe('FORM');
    expect((await callHubSpot(url, 'GET', `/_sandbox/portals/${env.portalId}/counters`)).body.requests).toBe(0);
    await callHubSpot(url, 'POST', '/_sandbox/reset');
    expect((await env.api('GET', '/crm/v3/owners')).status).toBe(401);
    expect((await callHubSpot(url, 'GET', `/_sandbox/portals/${portal.portalId}/contacts`)).status).toBe(404);
  });
});
