import { contactId, type TenantId, tenantId } from '../../app/ports/ids';
import nock from 'nock';
import { OpenApiContract } from '../../../sandbox/test-support/openapi-contract';
import { createMetrics } from '../../observability/metrics';
import { ContactBatchRejectedError } from '../../app/ports/crm-gateway.port';
import { createHubSpotCrmGateway } from './hubspot-crm.adapter';
import { HubSpotApiError } from './hubspot-errors';
import { HubSpotHttp } from './hubspot-http';
import { HubSpotOAuthClient } from './hubspot-oauth.client';
import { HubSpotClient, type AccessTokenSource } from './hubspot.client';

const BASE = 'https://api.hubspot.test';
const PORTAL = 24_681_357;
const contract = new OpenApiContract();

function build(opts: { tokens?: AccessTokenSource } = {}) {
  const metrics = createMetrics();
  const http = new HubSpotHttp({ baseUrl: BASE, metrics, sleep: async () => undefined, baseDelayMs: 1 });
  const tokens = opts.tokens ?? { getAccessToken: async (portalId: TenantId) => `access-for-${portalId}` };
  const client = new HubSpotClient(http, tokens);
  const oauth = new HubSpotOAuthClient(http, { clientId: 'cid', clientSecret: 'csecret' }, () => new Date('2026-11-22T10:00:00Z'));
  const calls = async (operation: string, status: string) => (await metrics.hubspotCalls.get()).values.find((v) => v.labels.operation === operation && v.labels.status === status)?.value ?? 0;
  return { client, oauth, metrics, calls };
}

/** Records the JSON body a nock interceptor received and checks it against HubSpot's spec. */
function specChecked(method: string, path: string, sink: { body?: unknown }) {
  return (body: unknown) => {
    contract.assertRequest(method, path, body);
    sink.body = body;
    return true;
  };
}

afterEach(() => nock.cleanAll());

describe('HubSpotClient (2026-03 paths)', () => {
  it('when batch-reading contacts, then it sends the spec body with that portal\'s token and reports unknown ids', async () => {
    const { client, calls } = build();
    const sink: { body?: unknown } = {};
    const path = '/crm/objects/2026-03/contacts/batch/read';
    nock(BASE, { reqheaders: { authorization: `Bearer access-for-${PORTAL}` } })
      .post(path, specChecked('POST', path, sink))
      .reply(207, {
        status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z',
        results: [{ id: '101', properties: { zip: '10001', email: null }, createdAt: '2026-11-20T10:00:00Z', updatedAt: '2026-11-21T10:00:00Z', archived: false }],
        errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects', context: { ids: ['999'] }, errors: [], links: {} }],
      });
    const result = await client.batchReadContacts(PORTAL, ['101', '999'], ['zip', 'email']);
    expect(sink.body).toEqual({ inputs: [{ id: '101' }, { id: '999' }], properties: ['zip', 'email'], propertiesWithHistory: [] });
    expect(result.contacts.map((c) => c.id)).toEqual(['101']);
    expect(result.missingIds).toEqual(['999']);
    expect(await calls('contacts.batch_read', '207')).toBe(1);
  });

  it('when a batch update gets 207, then each refused record comes back with its category and property names', async () => {
    const { client } = build();
    const sink: { body?: unknown } = {};
    const path = '/crm/objects/2026-03/contacts/batch/update';
    nock(BASE).post(path, specChecked('POST', path, sink)).reply(207, {
      status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z',
      results: [{ id: '101', properties: { carequal_score: '82' } }],
      errors: [
        { status: 'error', category: 'VALIDATION_ERROR', message: 'The value does not meet this account\'s validation rules.', context: { ids: ['102'], propertyName: ['carequal_band'] }, errors: [{ message: 'x', in: 'carequal_band' }], links: {} },
        { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not update some CONTACT objects', context: { ids: ['103'] }, errors: [], links: {} },
      ],
    });
    const result = await client.batchUpdateContacts(PORTAL, [
      { id: '101', properties: { carequal_score: '82' } }, { id: '102', properties: { carequal_band: 'high' } }, { id: '103', properties: { carequal_band: 'low' } },
    ]);
    expect(result.updatedIds).toEqual(['101']);
    expect(result.failures).toEqual([
      { id: '102', category: 'VALIDATION_ERROR', code: 'hubspot.validation_error', propertyNames: ['carequal_band'] },
      { id: '103', category: 'OBJECT_NOT_FOUND', code: 'hubspot.not_found', propertyNames: [] },
    ]);
  });

  it('when creating a property, then dataSensitivity is sent and a 409 counts as already there', async () => {
    const { client } = build();
    const sink: { body?: unknown } = {};
    const path = '/crm/properties/2026-03/contacts';
    nock(BASE).post(path, specChecked('POST', path, sink)).reply(409, { status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: 'Property named \'carequal_score\' already exists.', correlationId: 'c0ffee00-0000-4000-8000-000000000001' });
    const outcome = await client.createProperty(PORTAL, { name: 'carequal_score', label: 'CareQual score', type: 'number', fieldType: 'number', groupName: 'carequal', dataSensitivity: 'sensitive' });
    expect(outcome).toBe('exists');
    expect(sink.body).toMatchObject({ dataSensitivity: 'sensitive' });
  });

  it('when creating a task, then it is associated to the contact with HubSpot\'s task-to-contact type', async () => {
    const { client } = build();
    const sink: { body?: unknown } = {};
    const path = '/crm/objects/2026-03/tasks';
    nock(BASE).post(path, specChecked('POST', path, sink)).reply(201, { id: '7001', properties: {}, createdAt: '2026-11-22T10:00:00Z', updatedAt: '2026-11-22T10:00:00Z', archived: false });
    const id = await client.createTask(PORTAL, { contactId: '101', subject: 'Call back: care-ready inquiry', dueAt: new Date('2026-11-22T10:05:00Z'), ownerId: '88' });
    expect(id).toBe('7001');
    expect(sink.body).toMatchObject({
      properties: { hs_timestamp: '2026-11-22T10:05:00.000Z', hubspot_owner_id: '88' },
      associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }],
    });
  });

  it('when HubSpot answers 429, then the error is rate_limited, retryable, with the policy and a wait', async () => {
    const { client, calls } = build();
    nock(BASE).post('/crm/objects/2026-03/tasks').reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', category: 'RATE_LIMITS', policyName: 'TEN_SECONDLY_ROLLING', correlationId: 'c0ffee00-0000-4000-8000-000000000002' });
    const error = await client.createTask(PORTAL, { contactId: '1', subject: 's', dueAt: new Date() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSpotApiError);
    expect(error).toMatchObject({ code: 'hubspot.rate_limited', retryable: true, retryAfterMs: 1000, hubspot: { status: 429, policyName: 'TEN_SECONDLY_ROLLING', correlationId: 'c0ffee00-0000-4000-8000-000000000002' } });
    expect(await calls('tasks.create', '429')).toBe(1);
  });

  it.each([
    [401, 'hubspot.unauthorized', false], [403, 'hubspot.forbidden', false], [404, 'hubspot.not_found', false],
    [400, 'hubspot.validation_error', false], [503, 'hubspot.unavailable', true],
  ])('when HubSpot answers %i, then the error code is %s (retryable: %s)', async (status, code, retryable) => {
    const { client } = build();
    nock(BASE).delete('/appinstalls/2026-03/external-install').times(3).reply(status, { status: 'error', category: 'SOME_CATEGORY', message: 'nope', correlationId: 'c0ffee00-0000-4000-8000-000000000003' });
    await expect(client.uninstallApp(PORTAL)).rejects.toMatchObject({ code, retryable });
  });

  it('when an idempotent read meets a 502 then succeeds, then it is retried; a task creation is not', async () => {
    const { client, calls } = build();
    nock(BASE).get('/crm/owners/2026-03').query(true).reply(502, 'Bad gateway').get('/crm/owners/2026-03').query(true).reply(200, { results: [{ id: '88', email: 'intake@midtown-clinic.example', userId: 502, archived: false }] });
    expect(await client.listOwners(PORTAL)).toEqual([{ id: '88', email: 'intake@midtown-clinic.example', userId: 502, teams: [] }]);
    expect(await calls('owners.list', '502')).toBe(1);
    nock(BASE).post('/crm/objects/2026-03/tasks').reply(502, 'Bad gateway');
    await expect(client.createTask(PORTAL, { contactId: '1', subject: 's', dueAt: new Date() })).rejects.toMatchObject({ code: 'hubspot.unavailable' });
    expect(nock.isDone()).toBe(true);
  });

  it('when HubSpot answers 401 to a token that looked valid, then the client asks for one refresh and retries once with the new token', async () => {
    const rejected: string[] = [];
    const tokens: AccessTokenSource = {
      getAccessToken: async () => 'stale-token',
      refreshRejectedToken: async (_portalId, token) => {
        rejected.push(token);
        return 'fresh-token';
      },
    };
    const { client, calls } = build({ tokens });
    const path = '/crm/objects/2026-03/contacts/batch/read';
    nock(BASE, { reqheaders: { authorization: 'Bearer stale-token' } }).post(path).reply(401, { status: 'error', category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired.' });
    nock(BASE, { reqheaders: { authorization: 'Bearer fresh-token' } }).post(path).reply(200, { status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z', results: [] });
    await expect(client.batchReadContacts(PORTAL, ['101'], ['zip'])).resolves.toEqual({ contacts: [], missingIds: [] });
    expect(rejected).toEqual(['stale-token']);
    expect(await calls('contacts.batch_read', '401')).toBe(1);
    expect(nock.isDone()).toBe(true);
  });

  it('when the refreshed token is refused too, then the 401 is thrown as hubspot.unauthorized (no loop)', async () => {
    let refreshes = 0;
    const tokens: AccessTokenSource = { getAccessToken: async () => 'stale-token', refreshRejectedToken: async () => `fresh-${++refreshes}` };
    const { client } = build({ tokens });
    nock(BASE).post('/crm/objects/2026-03/tasks/batch/create').times(2).reply(401, { status: 'error', category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found.' });
    const task = { contactId: '101', subject: 'Call', dueAt: new Date('2026-11-22T15:00:00Z') };
    await expect(client.batchCreateTasks(PORTAL, [task])).rejects.toMatchObject({ code: 'hubspot.unauthorized', retryable: false });
    expect(refreshes).toBe(1);
    expect(nock.isDone()).toBe(true);
  });

  it('when the network fails, then the error is hubspot.unavailable and counted as network_error', async () => {
    const { client, calls } = build();
    nock(BASE).delete('/appinstalls/2026-03/external-install').times(3).replyWithError('socket hang up');
    await expect(client.uninstallApp(PORTAL)).rejects.toMatchObject({ code: 'hubspot.unavailable', hubspot: { status: 0 } });
    expect(await calls('appinstalls.uninstall', 'network_error')).toBe(3);
  });

  it('when an error is serialised, then only the allowlist survives (no context, no submitted values)', async () => {
    const { client } = build();
    nock(BASE).post('/crm/objects/2026-03/contacts/batch/update').reply(400, {
      status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid', correlationId: 'c0ffee00-0000-4000-8000-000000000004',
      context: { email: ['jane.patient@example.com'] }, errors: [{ message: 'jane.patient@example.com is not valid', in: 'email' }],
    });
    const error = await client.batchUpdateContacts(PORTAL, [{ id: '1', properties: { carequal_band: 'high' } }]).catch((e: unknown) => e);
    const json = JSON.stringify(error);
    expect(json).toContain('c0ffee00-0000-4000-8000-000000000004');
    expect(json).not.toContain('jane.patient');
    expect(Object.keys((error as HubSpotApiError).hubspot).sort()).toEqual(['category', 'correlationId', 'message', 'oauthError', 'policyName', 'propertyNames', 'status'].sort());
    expect((error as HubSpotApiError).hubspot.propertyNames).toEqual(['email']);
  });
});

describe('HubSpotOAuthClient (/oauth/2026-03)', () => {
  it('when exchanging a code, then the form carries the grant and the answer becomes a grant with expiry', async () => {
    const { oauth } = build();
    let form: Record<string, string> = {};
    nock(BASE).post('/oauth/2026-03/token', (body: Record<string, string>) => ((form = body), true)).reply(200, {
      access_token: 'CQaccess', refresh_token: 'na1-refresh', expires_in: 1800, token_type: 'bearer', hub_id: PORTAL, user_id: 501, token_use: 'access_token',
    });
    const grant = await oauth.exchangeCode('code-1', 'https://carequal.test/oauth/callback');
    expect(form).toEqual({ grant_type: 'authorization_code', client_id: 'cid', client_secret: 'csecret', redirect_uri: 'https://carequal.test/oauth/callback', code: 'code-1' });
    expect(grant).toMatchObject({ accessToken: 'CQaccess', refreshToken: 'na1-refresh', portalId: PORTAL, userId: 501, expiresAt: new Date('2026-11-22T10:30:00Z') });
  });

  it('when refreshing a revoked token, then the error is hubspot.invalid_grant', async () => {
    const { oauth } = build();
    nock(BASE).post('/oauth/2026-03/token').reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token', correlationId: 'c0ffee00-0000-4000-8000-000000000005', category: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' });
    await expect(oauth.refreshToken('na1-revoked')).rejects.toMatchObject({ code: 'hubspot.invalid_grant', retryable: false });
  });

  it('when introspecting, then the portal, installing user and scopes are read from the answer', async () => {
    const { oauth } = build();
    nock(BASE).post('/oauth/2026-03/token/introspect').reply(200, {
      active: true, app_id: 4242, client_id: 'cid', expires_in: 1700, hub_id: PORTAL, user_id: 501, hub_domain: 'midtown.example', scopes: ['oauth', 'crm.objects.contacts.read'],
      is_private_distribution: false, signed_access_token: {}, token: 'CQaccess', token_type: 'access', token_use: 'access_token',
    });
    expect(await oauth.introspectToken('CQaccess')).toEqual({ active: true, portalId: PORTAL, userId: 501, appId: 4242, hubDomain: 'midtown.example', scopes: ['oauth', 'crm.objects.contacts.read'], dataMode: 'standard' });
  });

  it('when HubSpot answers 200 with a body missing access_token, then it is a bad response, not a crash', async () => {
    const { oauth } = build();
    nock(BASE).post('/oauth/2026-03/token').reply(200, { token_type: 'bearer' });
    await expect(oauth.refreshToken('na1-x')).rejects.toMatchObject({ code: 'hubspot.bad_response' });
  });
});

describe('HubSpotClient.batchCreateTasks', () => {
  it('when HubSpot echoes objectWriteTraceId, then each task id is matched to its contact whatever the order', async () => {
    const { client } = build();
    const sink: { body?: unknown } = {};
    const path = '/crm/objects/2026-03/tasks/batch/create';
    const task = (id: string, trace: string) => ({ id, objectWriteTraceId: trace, properties: {}, createdAt: '2026-11-22T10:00:00Z', updatedAt: '2026-11-22T10:00:00Z', archived: false });
    nock(BASE).post(path, specChecked('POST', path, sink)).reply(201, {
      status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z', results: [task('9002', '102'), task('9001', '101')],
    });
    const created = await client.batchCreateTasks(PORTAL, [
      { contactId: '101', subject: 'Call back', dueAt: new Date('2026-11-22T10:05:00Z') }, { contactId: '102', subject: 'Call back', dueAt: new Date('2026-11-22T10:05:00Z') },
    ]);
    expect(created).toEqual(new Map([['101', '9001'], ['102', '9002']]));
    expect((sink.body as { inputs: Array<{ objectWriteTraceId: string }> }).inputs.map((i) => i.objectWriteTraceId)).toEqual(['101', '102']);
  });
});

describe('HubSpot refusals that pass (423 Locked, 477 Migration in Progress) and whole-batch refusals', () => {
  const path = '/crm/objects/2026-03/contacts/batch/update';
  const ok = { status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z', results: [{ id: '1', properties: {}, createdAt: '2026-11-22T10:00:00Z', updatedAt: '2026-11-22T10:00:00Z', archived: false }] };
  const update = [{ id: contactId('1'), properties: { carequal_band: 'high' } }];

  it('when HubSpot answers 423 Locked, then the write waits at least the 2 s lock and is sent again, not failed as a validation error', async () => {
    const waits: number[] = [];
    const http = new HubSpotHttp({ baseUrl: BASE, sleep: async (ms) => void waits.push(ms), baseDelayMs: 1 });
    const client = new HubSpotClient(http, { getAccessToken: async () => 'token' });
    nock(BASE).post(path).reply(423, { status: 'error', category: 'LOCKED', message: 'locked', correlationId: 'c-423' }).post(path).reply(200, ok);
    await expect(client.batchUpdateContacts(PORTAL, update)).resolves.toEqual({ updatedIds: ['1'], failures: [] });
    expect(waits).toEqual([expect.any(Number)]);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('when HubSpot answers 477 with a Retry-After longer than the transport waits, then a retryable hubspot.migration_in_progress carries that wait to the queue', async () => {
    const { client } = build();
    nock(BASE).post(path).reply(477, { status: 'error', category: 'MIGRATION_IN_PROGRESS', message: 'migrating', correlationId: 'c-477' }, { 'Retry-After': '3600' });
    await expect(client.batchUpdateContacts(PORTAL, update)).rejects.toMatchObject({ code: 'hubspot.migration_in_progress', retryable: true, retryAfterMs: 3_600_000 });
  });

  it('when HubSpot refuses a batch update whole (400), then the CRM port throws ContactBatchRejectedError with the property names and codes only', async () => {
    const { client } = build();
    nock(BASE).post(path).reply(400, {
      status: 'error', category: 'VALIDATION_ERROR', correlationId: 'c-400', message: 'scorching was not one of the allowed options: jane.patient@example.com',
      errors: [{ message: 'scorching was not one of the allowed options', code: 'INVALID_OPTION', in: 'carequal_band', context: { id: ['1'], propertyName: ['carequal_band'] } }],
    });
    const error = await createHubSpotCrmGateway(client).batchUpdateContacts(tenantId(PORTAL), update).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactBatchRejectedError);
    expect(error).toMatchObject({ code: 'hubspot.validation_error', category: 'VALIDATION_ERROR', propertyNames: ['carequal_band'], errorCodes: ['INVALID_OPTION'], retryable: false });
    expect(JSON.stringify({ error, message: (error as Error).message, cause: (error as Error).cause })).not.toContain('jane.patient');
  });

  it('when HubSpot refuses a batch update for an id it does not have, then the refusal is hubspot.not_found', async () => {
    const { client } = build();
    nock(BASE).post(path).reply(400, { status: 'error', category: 'VALIDATION_ERROR', correlationId: 'c-404', message: 'Object not found', errors: [{ message: 'Object not found', code: 'OBJECT_NOT_FOUND', context: { id: ['1'] } }] });
    await expect(createHubSpotCrmGateway(client).batchUpdateContacts(tenantId(PORTAL), update)).rejects.toMatchObject({ code: 'hubspot.not_found' });
  });
});

describe('HubSpotClient.batchCreateTasks without objectWriteTraceId on the answer', () => {
  it('when results come back in another order without trace ids, then tasks are matched by content, and twins that cannot be told apart are left unmatched', async () => {
    const { client } = build();
    const path = '/crm/objects/2026-03/tasks/batch/create';
    const due = new Date('2026-11-22T10:05:00Z');
    const result = (id: string, subject: string) => ({ id, properties: { hs_task_subject: subject, hs_timestamp: String(due.getTime()), hs_task_priority: 'HIGH' }, createdAt: '2026-11-22T10:00:00Z', updatedAt: '2026-11-22T10:00:00Z', archived: false });
    nock(BASE).post(path).reply(201, {
      status: 'COMPLETE', startedAt: '2026-11-22T10:00:00Z', completedAt: '2026-11-22T10:00:01Z',
      results: [result('9004', 'Twin'), result('9002', 'Call Bo'), result('9003', 'Twin'), result('9001', 'Call Al')],
    });
    const created = await client.batchCreateTasks(PORTAL, [
      { contactId: '101', subject: 'Call Al', dueAt: due }, { contactId: '102', subject: 'Call Bo', dueAt: due },
      { contactId: '103', subject: 'Twin', dueAt: due }, { contactId: '104', subject: 'Twin', dueAt: due },
    ]);
    expect(created).toEqual(new Map([['101', '9001'], ['102', '9002']]));
  });
});
