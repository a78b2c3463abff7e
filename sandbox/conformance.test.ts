import { OpenApiContract } from './test-support/openapi-contract';
import { callHubSpot, startInstalledSandbox, type InstalledSandbox } from './test-support/sandbox-fixture';

/**
 * Every request shape CareQual sends, answered by the sandbox, checked against the matching
 * operation in HubSpot's published OpenAPI specs (status and body). A drift in either the
 * sandbox or our understanding of the specs fails here.
 */
describe('HubSpot sandbox conformance with HubSpot\'s OpenAPI specs', () => {
  const contract = new OpenApiContract();
  let env: InstalledSandbox;

  /** Sends a request, checks the request body (JSON) and the answer against the spec, returns the answer. */
  async function exchange(method: string, path: string, opts: { json?: unknown; form?: Record<string, string>; token?: string | null } = {}) {
    if (opts.json !== undefined) contract.assertRequest(method, path, opts.json);
    const token = opts.token === null ? undefined : opts.token ?? env.tokens.access_token;
    const answer = await callHubSpot(env.sandbox.url, method, path, { token, json: opts.json, form: opts.form });
    contract.assertResponse(method, path, answer.status, answer.body);
    return answer;
  }

  const contactInput = (i: number) => ({ properties: { email: `patient${i}@example.com`, firstname: `Pat${i}`, zip: '10001' }, associations: [] });

  beforeAll(async () => {
    env = await startInstalledSandbox();
  });
  afterAll(() => env.sandbox.close());

  describe('OAuth', () => {
    it.each(['/oauth/2026-03/token', '/oauth/v1/token'])('when an authorization code is exchanged at %s, then the token answer matches TokenResponseIF', async (path) => {
      const { code } = env.sandbox.approveInstall({ clientId: env.app.clientId, portalId: env.portalId });
      const answer = await exchange('POST', path, { token: null, form: { grant_type: 'authorization_code', code, redirect_uri: env.app.redirectUris[0]!, client_id: env.app.clientId, client_secret: env.app.clientSecret } });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ token_type: 'bearer', expires_in: 1800, hub_id: env.portalId });
    });

    it.each(['/oauth/2026-03/token', '/oauth/v1/token'])('when a refresh token is used at %s, then a new access token comes back with the same refresh token', async (path) => {
      const answer = await exchange('POST', path, { token: null, form: { grant_type: 'refresh_token', refresh_token: env.tokens.refresh_token, client_id: env.app.clientId, client_secret: env.app.clientSecret } });
      expect(answer.status).toBe(200);
      expect(answer.body.refresh_token).toBe(env.tokens.refresh_token);
    });

    it('when a refresh token is unknown, then the answer is 400 invalid_grant / BAD_REFRESH_TOKEN in the Error shape', async () => {
      const answer = await exchange('POST', '/oauth/2026-03/token', { token: null, form: { grant_type: 'refresh_token', refresh_token: 'na1-nope', client_id: env.app.clientId, client_secret: env.app.clientSecret } });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN' });
    });

    it('when access and refresh tokens are introspected, then each matches TokenInfoResponseBaseIF', async () => {
      const client = { client_id: env.app.clientId, client_secret: env.app.clientSecret };
      const access = await exchange('POST', '/oauth/2026-03/token/introspect', { token: null, form: { ...client, token: env.tokens.access_token, token_type_hint: 'access_token' } });
      expect(access.body).toMatchObject({ active: true, hub_id: env.portalId, app_id: env.app.appId, token_use: 'access_token' });
      const refresh = await exchange('POST', '/oauth/2026-03/token/introspect', { token: null, form: { ...client, token: env.tokens.refresh_token } });
      expect(refresh.body).toMatchObject({ active: true, token_use: 'refresh_token' });
    });

    it('when the legacy token-info endpoints are read, then they match the v1 schemas', async () => {
      const access = await exchange('GET', `/oauth/v1/access-tokens/${env.tokens.access_token}`, { token: null });
      expect(access.body).toMatchObject({ hub_id: env.portalId, user: 'admin@midtown-clinic.example', scopes: [...env.app.scopes!, ...env.app.optionalScopes!] });
      await exchange('GET', `/oauth/v1/refresh-tokens/${env.tokens.refresh_token}`, { token: null });
    });

    it('when a refresh token is revoked, then the answer is an empty 2xx', async () => {
      const other = env.sandbox.installApp({ clientId: env.app.clientId, portalId: env.portalId });
      const answer = await exchange('POST', '/oauth/2026-03/token/revoke', { token: null, form: { client_id: env.app.clientId, client_secret: env.app.clientSecret, token: other.refresh_token } });
      expect(answer.status).toBe(204);
    });
  });

  describe('properties and groups', () => {
    it.each(['2026-03', 'v3'])('when a property group and property are created on the %s path, then 201 Property/PropertyGroup come back, and a duplicate gets 409', async (version) => {
      const base = version === 'v3' ? '/crm/v3/properties/contacts' : '/crm/properties/2026-03/contacts';
      const group = `carequal_${version.replace('-', '')}`;
      expect((await exchange('POST', `${base}/groups`, { json: { name: group, label: 'CareQual', displayOrder: 1 } })).status).toBe(201);
      expect((await exchange('POST', `${base}/groups`, { json: { name: group, label: 'CareQual' } })).status).toBe(409);
      const property = { name: `${group}_band`, label: 'Band', type: 'enumeration', fieldType: 'select', groupName: group, description: 'score band', dataSensitivity: 'sensitive',
        options: ['high', 'medium', 'low'].map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })) };
      expect((await exchange('POST', base, { json: property })).status).toBe(201);
      const duplicate = await exchange('POST', base, { json: property });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.category).toBe('OBJECT_ALREADY_EXISTS');
      expect((await exchange('GET', `${base}/${group}_band`)).body.options).toHaveLength(3);
      const patched = await exchange('PATCH', `${base}/${group}_band`, { json: { options: [...property.options, { label: 'none', value: 'none', displayOrder: 3, hidden: false }] } });
      expect(patched.body.options).toHaveLength(4);
      await exchange('GET', base);
      await exchange('GET', `${base}/groups`);
    });
  });

  describe('contacts', () => {
    const ids: string[] = [];

    it.each(['/crm/objects/2026-03/contacts', '/crm/v3/objects/contacts'])('when a contact is created at %s, then 201 SimplePublicObject', async (path) => {
      const answer = await exchange('POST', path, { json: contactInput(ids.length) });
      expect(answer.status).toBe(201);
      ids.push(answer.body.id);
    });

    it('when contacts are batch-created, read, updated and fetched singly, then each answer matches its schema', async () => {
      const created = await exchange('POST', '/crm/objects/2026-03/contacts/batch/create', { json: { inputs: [2, 3, 4].map(contactInput) } });
      expect(created.status).toBe(201);
      ids.push(...created.body.results.map((r: { id: string }) => r.id));
      const read = await exchange('POST', '/crm/objects/2026-03/contacts/batch/read', { json: { inputs: ids.map((id) => ({ id })), properties: ['email', 'zip', 'carequal_202603_band'], propertiesWithHistory: [] } });
      expect(read.status).toBe(200);
      expect(read.body.results[0].properties.carequal_202603_band).toBeNull();
      const byEmail = await exchange('POST', '/crm/v3/objects/contacts/batch/read', { json: { inputs: [{ id: 'patient2@example.com' }], idProperty: 'email', properties: ['email'], propertiesWithHistory: ['email'] } });
      expect(byEmail.body.results[0].propertiesWithHistory.email[0]).toMatchObject({ sourceType: 'INTEGRATION', sourceId: String(env.app.appId) });
      const updated = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: ids.map((id) => ({ id, properties: { carequal_202603_band: 'high' } })) } });
      expect(updated.status).toBe(200);
      const single = await exchange('GET', `/crm/objects/2026-03/contacts/${ids[0]}?properties=email,carequal_202603_band&propertiesWithHistory=carequal_202603_band`);
      expect(single.body.properties.carequal_202603_band).toBe('high');
      expect((await exchange('PATCH', `/crm/v3/objects/contacts/${ids[0]}`, { json: { properties: { carequal_202603_band: 'low' } } })).status).toBe(200);
    });

    it('when a batch read names missing ids, then 207 with OBJECT_NOT_FOUND errors', async () => {
      const answer = await exchange('POST', '/crm/objects/2026-03/contacts/batch/read', { json: { inputs: [{ id: ids[0] }, { id: '999999999' }], properties: ['email'], propertiesWithHistory: [] } });
      expect(answer.status).toBe(207);
      expect(answer.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999999'] } });
    });

    it('when a portal validation rule refuses one contact of a batch update, then 400 VALIDATION_ERROR for the whole batch naming that contact, and nothing is applied', async () => {
      env.sandbox.setValidationRule(env.portalId, { contactIds: [ids[1]!], message: 'zip must be in the service area' });
      const answer = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: ids.slice(0, 3).map((id) => ({ id, properties: { zip: '10002' } })) } });
      env.sandbox.setValidationRule(env.portalId, undefined);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: 'zip must be in the service area', context: { ids: [ids[1]] } });
      expect(answer.body.errors).toEqual([expect.objectContaining({ code: 'VALIDATION_RULE', context: { id: [ids[1]] } })]);
      expect(ids.slice(0, 3).map((id) => env.sandbox.getContact(env.portalId, id)!.properties.zip)).toEqual(['10001', '10001', '10001']);
      const accepted = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: [ids[0], ids[2]].map((id) => ({ id, properties: { zip: '10002' } })) } });
      expect(accepted.status).toBe(200);
    });

    it('when one input of a batch update has an invalid value or an unknown id, then 400 names each refused record and its property, and the valid inputs are not applied', async () => {
      const answer = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: [
        { id: ids[0]!, properties: { carequal_202603_band: 'medium' } }, { id: ids[1]!, properties: { carequal_202603_band: 'scorching' } }, { id: '999999999', properties: { carequal_202603_band: 'medium' } },
      ] } });
      expect(answer.status).toBe(400);
      expect(answer.body.context).toEqual({ ids: [ids[1], '999999999'] });
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ code: 'INVALID_OPTION', in: 'carequal_202603_band', context: expect.objectContaining({ id: [ids[1]], propertyName: ['carequal_202603_band'] }) }),
        expect.objectContaining({ code: 'OBJECT_NOT_FOUND', context: { id: ['999999999'] } }),
      ]);
      expect(env.sandbox.getContact(env.portalId, ids[0]!)!.properties.carequal_202603_band).toBe('low');
    });

    it('when a batch update names the same id twice, then 400 VALIDATION_ERROR and nothing is applied', async () => {
      const answer = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: [ids[0], ids[0]].map((id) => ({ id: id!, properties: { carequal_202603_band: 'medium' } })) } });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR', context: { ids: [ids[0]] } });
      expect(env.sandbox.getContact(env.portalId, ids[0]!)!.properties.carequal_202603_band).toBe('low');
    });

    it('when a batch create carries objectWriteTraceIds, then each result echoes its input\'s and the results do not come back in input order', async () => {
      const inputs = [5, 6, 7].map((i) => ({ ...contactInput(i), objectWriteTraceId: `trace-${i}` }));
      const created = await exchange('POST', '/crm/objects/2026-03/contacts/batch/create', { json: { inputs } });
      expect(created.status).toBe(201);
      const traces = created.body.results.map((r: { objectWriteTraceId: string }) => r.objectWriteTraceId);
      expect([...traces].sort()).toEqual(['trace-5', 'trace-6', 'trace-7']);
      expect(traces).not.toEqual(['trace-5', 'trace-6', 'trace-7']);
      for (const r of created.body.results) expect(r.properties.email).toBe(`patient${r.objectWriteTraceId.slice(6)}@example.com`);
    });

    it('when a batch create has one invalid input, then without objectWriteTraceIds 400 creates nothing, and with them 207 creates the others', async () => {
      const before = env.sandbox.listContacts(env.portalId).length;
      const inputs = [contactInput(8), { properties: { email: 'patient9@example.com', carequal_202603_band: 'scorching' }, associations: [] }];
      const whole = await exchange('POST', '/crm/objects/2026-03/contacts/batch/create', { json: { inputs } });
      expect(whole.status).toBe(400);
      expect(whole.body).toMatchObject({ category: 'VALIDATION_ERROR', context: { inputIndex: ['1'] } });
      expect(env.sandbox.listContacts(env.portalId)).toHaveLength(before);
      const multi = await exchange('POST', '/crm/objects/2026-03/contacts/batch/create', { json: { inputs: inputs.map((input, i) => ({ ...input, objectWriteTraceId: `multi-${i}` })) } });
      expect(multi.status).toBe(207);
      expect(multi.body.results.map((r: { objectWriteTraceId: string }) => r.objectWriteTraceId)).toEqual(['multi-0']);
      expect(multi.body.errors[0]).toMatchObject({ category: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['multi-1'], propertyName: ['carequal_202603_band'] } });
      expect(env.sandbox.listContacts(env.portalId)).toHaveLength(before + 1);
    });

    it.each([
      ['locked', { lockedRate: 1 }, 423, 'LOCKED', '2'],
      ['migration in progress', { migrationRate: 1, migrationRetryAfterSeconds: 30 }, 477, 'MIGRATION_IN_PROGRESS', '30'],
    ])('when a %s fault is injected, then the batch update is answered %s in the Error shape with Retry-After, and applies nothing', async (_label, rule, status, category, retryAfter) => {
      env.sandbox.setFaults({ 'POST /crm/objects/*/contacts/batch/update': { ...rule, maxHits: 1 } });
      const input = { json: { inputs: [{ id: ids[0]!, properties: { carequal_202603_band: 'medium' } }] } };
      const refused = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', input);
      expect(refused.status).toBe(status);
      expect(refused.body).toMatchObject({ status: 'error', category });
      expect(refused.headers.get('retry-after')).toBe(retryAfter);
      expect(env.sandbox.getContact(env.portalId, ids[0]!)!.properties.carequal_202603_band).toBe('low');
      expect((await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', input)).status).toBe(200);
      env.sandbox.setFaults({});
      await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: [{ id: ids[0]!, properties: { carequal_202603_band: 'low' } }] } });
    });

    it('when a write names an unknown property or a batch has 101 inputs, then 400 VALIDATION_ERROR', async () => {
      const unknown = await exchange('POST', '/crm/objects/2026-03/contacts/batch/update', { json: { inputs: [{ id: ids[0]!, properties: { carequal_scroe: '5' } }] } });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ category: 'VALIDATION_ERROR' });
      expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
      expect(unknown.body.message).toContain('carequal_scroe');
      const tooMany = await exchange('POST', '/crm/objects/2026-03/contacts/batch/read', { json: { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })), properties: [], propertiesWithHistory: [] } });
      expect(tooMany.status).toBe(400);
    });

    it('when contacts are searched with filters, sorts and paging, then CollectionResponseWithTotal comes back', async () => {
      const first = await exchange('POST', '/crm/objects/2026-03/contacts/search', { json: { filterGroups: [{ filters: [{ propertyName: 'zip', operator: 'EQ', value: '10002' }] }], sorts: ['createdate'], properties: ['email'], limit: 1, after: '0' } });
      expect(first.body.total).toBe(2);
      expect(first.body.paging.next.after).toBe('1');
      const second = await exchange('POST', '/crm/objects/2026-03/contacts/search', { json: { filterGroups: [{ filters: [{ propertyName: 'zip', operator: 'EQ', value: '10002' }] }], sorts: ['createdate'], properties: ['email'], limit: 1, after: '1' } });
      expect(second.body.results[0].id).not.toBe(first.body.results[0].id);
      expect(second.body.paging).toBeUndefined();
      const tooBig = await exchange('POST', '/crm/v3/objects/contacts/search', { json: { filterGroups: [], sorts: [], properties: [], limit: 201, after: '0' } });
      expect(tooBig.status).toBe(400);
    });

    it('when a token is missing or expired, then 401 in the Error shape', async () => {
      const missing = await exchange('GET', `/crm/objects/2026-03/contacts/${ids[0]}`, { token: null });
      expect(missing.body.category).toBe('INVALID_AUTHENTICATION');
      const fresh = env.sandbox.installApp({ clientId: env.app.clientId, portalId: env.portalId });
      env.sandbox.expireAccessTokens(env.portalId);
      const expired = await exchange('GET', `/crm/objects/2026-03/contacts/${ids[0]}`, { token: fresh.access_token });
      expect(expired.status).toBe(401);
      expect(expired.body.category).toBe('EXPIRED_AUTHENTICATION');
      env.tokens = env.sandbox.installApp({ clientId: env.app.clientId, portalId: env.portalId });
    });

    it('when a contact is archived and then read, then 204 and then 404', async () => {
      expect((await exchange('DELETE', `/crm/objects/2026-03/contacts/${ids[4]}`)).status).toBe(204);
      expect((await exchange('GET', `/crm/objects/2026-03/contacts/${ids[4]}`)).status).toBe(404);
    });
  });

  describe('owners and tasks', () => {
    it.each(['/crm/owners/2026-03', '/crm/v3/owners'])('when owners are listed at %s, then CollectionResponsePublicOwnerForwardPaging', async (path) => {
      const answer = await exchange('GET', `${path}?limit=100`);
      expect(answer.body.results.map((o: { email: string }) => o.email)).toEqual(['admin@midtown-clinic.example', 'intake@midtown-clinic.example']);
      await exchange('GET', `${path}/${answer.body.results[0].id}`);
    });

    it('when a portal\'s users sit in teams, then each owner lists its teams (PublicTeam, the primary one marked), and without the owners scope the list is refused', async () => {
      const { portalId } = env.sandbox.createPortal({ users: [
        { email: 'lead@harbor-pt.example', superAdmin: true, firstName: 'Lee', lastName: 'Lead', teams: [{ id: '71', name: 'Front desk', primary: true }, { id: '72', name: 'Nurses', primary: false }] },
      ] });
      const token = env.sandbox.installApp({ clientId: env.app.clientId, portalId }).access_token;
      const answer = await exchange('GET', '/crm/owners/2026-03?limit=100', { token });
      expect(answer.body.results).toEqual([expect.objectContaining({ firstName: 'Lee', lastName: 'Lead', teams: [{ id: '71', name: 'Front desk', primary: true }, { id: '72', name: 'Nurses', primary: false }] })]);
      const withoutOwners = env.sandbox.installApp({ clientId: env.app.clientId, portalId, scopes: ['oauth', 'crm.objects.contacts.read'] }).access_token;
      expect((await exchange('GET', '/crm/owners/2026-03', { token: withoutOwners })).status).toBe(403);
    });

    it('when tasks are created singly and in a batch with contact associations, then they read back associated', async () => {
      const [contactId] = await env.sandbox.createContacts(env.portalId, [{ email: 'task-target@example.com' }]);
      const association = [{ to: { id: contactId! }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }];
      const task = { hs_timestamp: '2026-11-20T15:00:00.000Z', hs_task_subject: 'Call new care-ready lead', hs_task_priority: 'HIGH', hs_task_type: 'CALL', hs_task_status: 'NOT_STARTED' };
      const single = await exchange('POST', '/crm/objects/2026-03/tasks', { json: { properties: task, associations: association } });
      expect(single.status).toBe(201);
      const batch = await exchange('POST', '/crm/v3/objects/tasks/batch/create', { json: { inputs: [{ properties: task, associations: association }] } });
      expect(batch.status).toBe(201);
      const read = await exchange('GET', `/crm/objects/2026-03/tasks/${single.body.id}?associations=contacts&properties=hs_task_subject`);
      expect(read.body.associations.contacts.results).toEqual([{ id: contactId, type: 'task_to_contact' }]);
    });
  });

  describe('rate limit', () => {
    it('when a portal exceeds its rolling limit, then 429 in the Error shape with policyName TEN_SECONDLY_ROLLING', async () => {
      env.sandbox.setRateLimit({ max: 3, windowMs: 10_000 });
      env.sandbox.advanceTime(10_001);
      for (let i = 0; i < 3; i++) await exchange('GET', '/crm/owners/2026-03');
      const limited = await exchange('GET', '/crm/owners/2026-03');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT', status: 'error' });
    });
  });
});
