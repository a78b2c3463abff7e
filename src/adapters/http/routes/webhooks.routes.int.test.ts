import { signWebhookV3 } from '../../../../sandbox/webhook-signature';
import { buildPropertyChange, buildWebhookEvent } from '../../../../test/support/webhook-events';
import { startWebhookApp, type WebhookApp } from '../../../../test/support/webhook-app';
import { freePort } from '../../../../sandbox/local-ports';

const ACTIVE = 71_000_001;
const UNINSTALLED = 71_000_002;
const NEEDS_REAUTH = 71_000_003;
const NEVER_INSTALLED = 71_000_004;


async function metricsText(app: WebhookApp): Promise<string> {
  return (await fetch(`${app.runtime.metricsHttp!.url}/metrics`)).text();
}

function counter(text: string, type: string, fate: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`carequal_webhook_events_total{type="${type}",fate="${fate}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('POST /webhooks/hubspot (component: real runtime, Redis, PGlite)', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    app = await startWebhookApp();
    await app.setInstallation(ACTIVE, 'active');
    await app.setInstallation(UNINSTALLED, 'uninstalled');
    await app.setInstallation(NEEDS_REAUTH, 'needs_reauth');
  });
  afterAll(async () => app?.stop());

  it('when a signed delivery of new contacts arrives, then it answers 200 and one qualify job holds their ids only', async () => {
    const events = [
      buildWebhookEvent({ portalId: ACTIVE, objectId: 1001 }),
      buildPropertyChange('email', 'maria.lopez@example.com', { portalId: ACTIVE, objectId: 1001 }),
      buildPropertyChange('message', 'PHI-MARKER severe back pain, need MRI', { portalId: ACTIVE, objectId: 1001 }),
      buildWebhookEvent({ portalId: ACTIVE, objectId: 1002 }),
    ];
    const res = await app.send(events);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const jobs = await app.jobs('qualify');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ portalId: ACTIVE, contactIds: ['1001', '1002'], traceId: res.headers.get('x-request-id'), reason: 'webhook' });
    const dump = await app.redisDump();
    expect(dump).toContain('1001');
    expect(dump).not.toMatch(/PHI-MARKER|maria\.lopez|propertyValue/);
    expect(app.audit).toContainEqual(expect.objectContaining({ portalId: ACTIVE, action: 'webhook.accepted', propertyNames: ['email', 'message'] }));
  });

  it('when the same batch is redelivered (HubSpot retry), then no new job is created', async () => {
    const events = [buildWebhookEvent({ portalId: ACTIVE, objectId: 2001 }), buildWebhookEvent({ portalId: ACTIVE, objectId: 2002 })];
    expect((await app.send(events)).status).toBe(200);
    const before = (await app.jobs('qualify')).length;
    expect((await app.send(events.map((e) => ({ ...e, attemptNumber: 1 })))).status).toBe(200);
    const overlapping = [events[1]!, buildWebhookEvent({ portalId: ACTIVE, objectId: 2003 })];
    expect((await app.send(overlapping)).status).toBe(200);
    const jobs = await app.jobs('qualify');
    expect(jobs.length).toBe(before + 1);
    expect(jobs.find((j) => j.data.contactIds.includes('2003'))!.data.contactIds).toEqual(['2003']);
  });

  it('when CareQual\'s own write-back changes a watched property, then it answers 200 and no job is created', async () => {
    const before = (await app.jobs('qualify')).length;
    const ownWrite = buildPropertyChange('phone', '+12125550111', { portalId: ACTIVE, objectId: 3001, changeSource: 'INTEGRATION', sourceId: String(app.appId) });
    const ownScore = buildPropertyChange('carequal_score', '87', { portalId: ACTIVE, objectId: 3001, changeSource: 'INTEGRATION', sourceId: String(app.appId) });
    expect((await app.send([ownWrite, ownScore])).status).toBe(200);
    expect((await app.jobs('qualify')).length).toBe(before);
    expect(counter(await metricsText(app), 'contact.propertyChange', 'ignored_own_write')).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['never installed', NEVER_INSTALLED],
    ['uninstalled', UNINSTALLED],
    ['waiting for re-authorisation', NEEDS_REAUTH],
  ])('when the portal is %s, then it answers 200 like any other and creates no job', async (_what, portalId) => {
    const before = (await app.jobs('qualify')).length;
    const res = await app.send([buildWebhookEvent({ portalId, objectId: 4001 })]);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await app.jobs('qualify')).length).toBe(before);
  });

  it('when a contact is deleted, then a purge job is queued; when merged, the survivor is re-qualified', async () => {
    const res = await app.send([
      buildWebhookEvent({ portalId: ACTIVE, objectId: 5001, subscriptionType: 'contact.deletion', changeFlag: 'DELETED' }),
      buildWebhookEvent({ portalId: ACTIVE, objectId: 5002, subscriptionType: 'contact.merge', changeFlag: 'MERGED', primaryObjectId: 5002, mergedObjectIds: [5003], newObjectId: 5002 }),
    ]);
    expect(res.status).toBe(200);
    expect((await app.jobs('purge')).map((j) => j.data)).toContainEqual(expect.objectContaining({ portalId: ACTIVE, contactIds: ['5001'], privacy: false }));
    expect((await app.jobs('qualify')).map((j) => j.data)).toContainEqual(expect.objectContaining({ contactIds: ['5002'], reason: 'merge' }));
  });

  describe('when the signature cannot be trusted, then 401 with no detail and no job', () => {
    const delivery = () => [buildWebhookEvent({ portalId: ACTIVE, objectId: 6001 })];
    let jobsBefore = 0;
    beforeEach(async () => {
      jobsBefore = (await app.jobs('qualify')).length;
    });
    afterEach(async () => {
      expect((await app.jobs('qualify')).length).toBe(jobsBefore);
    });

    it('one flipped byte in the body', async () => {
      const body = Buffer.from(JSON.stringify(delivery()));
      const signed = await signedHeaders(app, body);
      body[body.indexOf('6001') + 1]! ^= 0x01; // 6001 → 6101
      const res = await fetch(`${app.url}/webhooks/hubspot`, { method: 'POST', headers: signed, body });
      await expectRefused(res);
    });

    it('a timestamp older than five minutes, signed correctly', async () => {
      await expectRefused(await app.send(delivery(), { timestamp: Date.now() - 5 * 60_000 - 1000 }));
    });

    it('a timestamp far in the future, signed correctly', async () => {
      await expectRefused(await app.send(delivery(), { timestamp: Date.now() + 10 * 60_000 }));
    });

    it('a missing signature header', async () => {
      await expectRefused(await app.send(delivery(), { headers: { 'x-hubspot-signature-v3': undefined } }));
    });

    it('a missing timestamp header', async () => {
      await expectRefused(await app.send(delivery(), { headers: { 'x-hubspot-request-timestamp': undefined } }));
    });

    it('a signature for the URL named in Host / X-Forwarded-Host instead of PUBLIC_BASE_URL', async () => {
      const body = Buffer.from(JSON.stringify(delivery()));
      const timestamp = Date.now();
      const signature = signWebhookV3({ clientSecret: app.clientSecret, method: 'POST', uri: 'https://evil.test/webhooks/hubspot', body: body.toString('utf8'), timestamp });
      const res = await fetch(`${app.url}/webhooks/hubspot`, {
        method: 'POST', body,
        headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp), 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https' },
      });
      await expectRefused(res);
    });
  });

  it('when the signed body is not JSON or not an array, then 400 with a reason code', async () => {
    const notJson = await app.send('{"eventId": 1,');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: 'webhook.not_json', message: 'The webhook body is not JSON.' } });
    const notArray = await app.send({ eventId: 1 });
    expect(notArray.status).toBe(400);
    expect(((await notArray.json()) as { error: { code: string } }).error.code).toBe('webhook.not_array');
  });

  it('when the body is over 1 MiB, then 413', async () => {
    const res = await app.send('[' + ' '.repeat(1024 * 1024 + 10) + ']');
    expect(res.status).toBe(413);
  });

  it('when elements are malformed, then the delivery still gets 200 and they are counted', async () => {
    const res = await app.send([{ hello: 'PHI-MARKER' }, 42, buildWebhookEvent({ portalId: ACTIVE, objectId: 'abc' as never })]);
    expect(res.status).toBe(200);
    await app.settled();
    expect(counter(await metricsText(app), 'unknown', 'malformed')).toBeGreaterThanOrEqual(2);
    expect(app.logs()).not.toContain('PHI-MARKER');
  });

  it('then the ack latency histogram counts deliveries by status', async () => {
    const text = await metricsText(app);
    expect(text).toMatch(/carequal_webhook_ack_duration_seconds_count\{status="200"\} [1-9]/);
    expect(text).toMatch(/carequal_webhook_ack_duration_seconds_count\{status="401"\} [1-9]/);
  });
});

describe('POST /webhooks/hubspot while no intake worker runs (the web role alone)', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    app = await startWebhookApp({ intakeWorker: false });
    await app.setInstallation(ACTIVE, 'active');
  });
  afterAll(async () => app?.stop());

  it('then the 200 comes once the delivery is stored as one job without property values, and a worker started later takes it in', async () => {
    const events = [
      buildWebhookEvent({ portalId: ACTIVE, objectId: 8001 }),
      buildPropertyChange('message', 'PHI-MARKER chest pain since Monday', { portalId: ACTIVE, objectId: 8001 }),
      buildWebhookEvent({ portalId: ACTIVE, objectId: 8002 }),
    ];
    const res = await app.send(events);
    expect(res.status).toBe(200);
    const stored = await app.intakeJobs();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.data.requestId).toBe(res.headers.get('x-request-id'));
    expect(stored[0]!.data.elements).toHaveLength(3);
    expect(await app.redisDump()).not.toMatch(/PHI-MARKER|propertyValue/);
    expect(app.audit).toEqual([]);

    // The same bytes again (a retry of a delivery whose answer was lost) are the same stored delivery.
    expect((await app.send(JSON.stringify(events))).status).toBe(200);
    expect(await app.intakeJobs()).toHaveLength(1);

    app.startIntakeWorker();
    const jobs = await app.jobs('qualify');
    expect(jobs.map((j) => j.data)).toEqual([{ portalId: ACTIVE, contactIds: ['8001', '8002'], traceId: res.headers.get('x-request-id'), reason: 'webhook' }]);
    expect(app.audit).toContainEqual(expect.objectContaining({ portalId: ACTIVE, action: 'webhook.accepted', propertyNames: ['message'], requestId: res.headers.get('x-request-id') }));
  });
});

describe('POST /webhooks/hubspot when Redis is unreachable', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    app = await startWebhookApp({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    await app.setInstallation(ACTIVE, 'active');
  });
  afterAll(async () => app?.stop());

  it('then a delivery with work to enqueue answers 503, so HubSpot retries', async () => {
    const started = Date.now();
    const res = await app.send([buildWebhookEvent({ portalId: ACTIVE, objectId: 7001 })]);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('redis.unavailable');
    expect(Date.now() - started).toBeLessThan(4500); // inside HubSpot's 5 s timeout
    expect(app.audit).toEqual([]);
  });
});

async function signedHeaders(app: WebhookApp, body: Buffer): Promise<Record<string, string>> {
  const timestamp = Date.now();
  return {
    'content-type': 'application/json',
    'x-hubspot-signature-v3': signWebhookV3({ clientSecret: app.clientSecret, method: 'POST', uri: app.signedUrl, body: body.toString('utf8'), timestamp }),
    'x-hubspot-request-timestamp': String(timestamp),
  };
}

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: { code: 'webhook.signature_invalid', message: 'Request refused.' } });
}
