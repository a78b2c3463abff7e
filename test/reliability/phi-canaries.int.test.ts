import { tenantId } from '../../src/app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { signWebhookV3 } from '../../sandbox/hubspot-sandbox';
import { appServicesOf } from '../../src/main/app-services';
import { ConsoleBrowser } from '../support/console-fixture';
import { captureProcessOutput, createCapturedLogger, markersIn, scanRedisForMarkers } from '../support/leak-scan';
import { scanDatabaseForMarkers } from '../support/phi-canary';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { expectRecovered, waitForOutcomes } from '../support/reliability-probes';
import { eventually, installThroughOAuth, startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * PHI canaries: every field of every test contact carries a unique marker inside a realistic
 * value. The contacts go through everything that touches contact data — webhooks carrying
 * property values, the queue, the worker's batch read and write-back, a portal validation rule
 * that quotes the values back, a 5xx storm on write-back, a malformed delivery, the console's
 * Try a lead and Simulate — and afterwards no marker may be anywhere CareQual keeps or writes
 * something: its log (debug level), the process's stdout/stderr, any key or value of its
 * (private) Redis, any row of its database. HubSpot (the sandbox) is the only place allowed.
 */

/** One patient inquiry whose every free-text field holds its own marker; `markers` lists them all. */
function canaryInquiry() {
  const m = (field: string) => `mk${randomBytes(5).toString('hex')}${field}`;
  const k = {
    firstname: m('first'), lastname: m('last'), email: m('mail'), address: m('addr'), city: m('city'), company: m('comp'), jobtitle: m('job'),
    date_of_birth: m('dob'), message: m('msg'), service_interest: m('svc'), insurance_provider: m('payer'), treatment_timeline: m('when'),
    referral_source: m('ref'), decision_maker: m('who'), has_referral_documents: m('docs'), recent_conversion_event_name: m('conv'), first_conversion_event_name: m('conv1'),
  };
  // A phone number cannot hold letters: its digits are the marker (a 555-01xx-style number of its own).
  const local = String(1000 + Math.floor(Math.random() * 9000));
  const exchange = String(200 + Math.floor(Math.random() * 700));
  const phone = `(646) ${exchange}-${local}`;
  const values = {
    firstname: `Ana ${k.firstname}`, lastname: `Whitfield-${k.lastname}`, email: `ana.${k.email}@example-mail.com`, phone,
    address: `${k.address} 14 East 33rd Street`, city: `New York ${k.city}`, state: 'NY', zip: '10016', company: `Acme ${k.company}`, jobtitle: `Teacher ${k.jobtitle}`,
    date_of_birth: `1984-03-0${1 + Math.floor(Math.random() * 9)} ${k.date_of_birth}`,
    message: `Hello, I would like to schedule a consultation about my knee pain (${k.message}). What are your fees? Do you take Aetna?`,
    service_interest: `Sports medicine ${k.service_interest}`, insurance_provider: `Aetna PPO ${k.insurance_provider}`, treatment_timeline: `Within 2 weeks ${k.treatment_timeline}`,
    referral_source: `Google search ${k.referral_source}`, decision_maker: `Yes, for myself ${k.decision_maker}`, has_referral_documents: `Yes ${k.has_referral_documents}`,
    hs_legal_basis: 'Legitimate interest – prospect/lead', consent_to_contact: 'true', hs_email_optout: 'false', lifecyclestage: 'lead',
    recent_conversion_event_name: `Request an Appointment ${k.recent_conversion_event_name}`, first_conversion_event_name: `Request an Appointment ${k.first_conversion_event_name}`,
  };
  return { values, markers: [...Object.values(k), `646${exchange}${local}`, `${exchange}-${local}`] };
}

describe('PHI canaries: no contact value leaves HubSpot through CareQual', () => {
  let redis: PrivateRedis;
  let app: SandboxedApp;
  let scanner: Redis;
  let output: ReturnType<typeof captureProcessOutput>;
  const log = createCapturedLogger('debug');
  let portalId = 0;
  let sessionCookie = '';

  beforeAll(async () => {
    output = captureProcessOutput();
    redis = await startPrivateRedis();
    app = await startSandboxedApp({ logger: log.logger, env: { REDIS_URL: redis.url, LOG_LEVEL: 'debug' }, sandbox: { webhookRetryDelayMs: (n) => 200 * n } });
    scanner = new Redis(redis.url, { maxRetriesPerRequest: 3 });
    // The console signs in through the same HubSpot app: add its callback to the registered redirect URLs.
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${app.baseUrl}/oauth/callback`, `${app.baseUrl}/console/auth/callback`],
      webhookTargetUrl: `${app.baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
  }, 60_000);
  afterAll(async () => {
    output?.restore();
    scanner?.disconnect();
    await app?.stop();
    await redis?.stop();
  });

  it('when canary contacts go through webhook → queue → worker → write-back, a rejecting validation rule, a 5xx storm, a malformed delivery, Try a lead and Simulate, then no marker is in the logs, stdout/stderr, Redis or the database — and the scan finds one that is planted', async () => {
    ({ portalId } = await installThroughOAuth(app));
    const canaries = Array.from({ length: 6 }, canaryInquiry);
    const markers = canaries.flatMap((c) => c.markers);

    // Write-back answers 503 until CareQual has seen it fail; one contact is refused by the portal's
    // validation rule with a message that quotes its values (as HubSpot's can).
    app.sandbox.setFaults({ 'POST /crm/objects/*/contacts/batch/update': { errorRate: 1, errorStatus: 503 } });
    const ids = await app.sandbox.createContacts(portalId, canaries.map((c) => c.values));
    const refusedId = ids[2]!;
    const refused = canaries[2]!.values;
    app.sandbox.setValidationRule(portalId, (ctx) =>
      ctx.objectType === 'contacts' && ctx.objectId === refusedId ? `Contact ${refused.firstname} ${refused.lastname} <${refused.email}> (${refused.message}) cannot be changed by integrations.` : undefined);
    const metrics = app.runtime.services.metrics;
    const calls = async (status: string) => (await metrics.hubspotCalls.get()).values.filter((v) => v.labels.status === status).reduce((n, v) => n + v.value, 0);
    // Three 503s: the transport's own retries are spent, so the job fails and the queue retries it.
    await eventually(async () => ((await calls('503')) >= 3 ? true : undefined), 30_000, 'write-back failing with 503');
    await eventually(() => (log.text().includes('job failed; will retry') ? true : undefined), 30_000, 'a job retry');
    app.sandbox.setFaults({});

    const others = ids.filter((id) => id !== refusedId);
    await waitForOutcomes(app, tenantId(portalId), others, 60_000);
    const audit = appServicesOf(app.runtime.services).audit;
    await eventually(async () => (await audit.query({ portalId: tenantId(portalId), action: 'contact.written', objectId: refusedId })).entries.find((e) => e.outcome === 'failure'), 30_000, 'the refused write audited');

    // A signed delivery CareQual cannot use (unknown shape, property values inside) → an error path.
    const body = JSON.stringify([{ portalId, subscriptionType: 'contact.propertyChange', propertyName: 'message', propertyValue: canaries[0]!.values.message, objectId: 'not-a-number', occurredAt: 'yesterday', extra: canaries[0]!.values.email }]);
    const timestamp = String(Date.now());
    const url = `${app.baseUrl}/webhooks/hubspot`;
    const bad = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': timestamp, 'x-hubspot-signature-v3': signWebhookV3({ clientSecret: app.config.HUBSPOT_CLIENT_SECRET, method: 'POST', uri: url, body, timestamp }) } });
    expect(bad.status).toBeLessThan(500);

    // The console: an admin tries a lead typed from the canary values and simulates on the portal's contacts.
    const browser = new ConsoleBrowser(app.baseUrl);
    const admin = (await appServicesOf(app.runtime.services).installations.tryGet(portalId))!.installedByUserId!;
    const signIn = await browser.signIn(app.sandbox, app.baseUrl, tenantId(portalId), admin);
    expect(signIn.status).toBe(303);
    const csrf = await browser.csrfToken();
    sessionCookie = browser.cookies.get('cq_console')!;
    const lead = canaries[4]!.values;
    const tried = await browser.post('/console/try', {
      _csrf: csrf, 'in:message': lead.message, 'in:serviceLine': lead.service_interest, 'in:zip': lead.zip, 'in:state': lead.state, 'in:payer': lead.insurance_provider,
      'in:phone': lead.phone, 'in:email': lead.email, 'in:timeline': lead.treatment_timeline, 'in:referral': lead.referral_source, 'in:decisionMaker': lead.decision_maker,
      'in:documents': lead.has_referral_documents, 'in:consent': 'true',
    });
    expect(tried.status).toBe(200);
    expect(await tried.text()).toMatch(/score/i);
    const simulated = await browser.post('/console/simulate', { _csrf: csrf, draft: 'latest', sample: '50' });
    expect(simulated.status).toBe(200);
    expect(await simulated.text()).toContain(`${ids.length}`);

    await expectRecovered(app, tenantId(portalId), others);
    await app.sandbox.flushWebhooks();

    // HubSpot holds the values (the canaries are real data there)...
    expect(JSON.stringify(app.sandbox.getContact(portalId, ids[0]!)!.properties)).toContain(canaries[0]!.markers[0]);
    // ...and nothing of CareQual's does.
    const db = app.runtime.services.db;
    const [logs, printed, inRedis, inDb] = [log.text(), output.text(), await scanRedisForMarkers(scanner, markers), await scanDatabaseForMarkers(db, markers)];
    expect(log.lines()).toBeGreaterThan(5);
    expect(logs).toContain('"level":"debug"');
    expect(inRedis.keysScanned).toBeGreaterThan(10);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE portal_id = $1', [portalId])).rows[0]!.n).toBeGreaterThan(30);
    expect({ logs: markersIn(logs, markers), printed: markersIn(printed, markers), redis: inRedis.hits, database: inDb }).toEqual({ logs: [], printed: [], redis: [], database: [] });

    // The scans are not vacuous: one marker planted in each store is found there.
    const planted = canaries[1]!.markers[0]!;
    log.logger.debug('planted canary', { note: `x ${planted} y` });
    await scanner.hset(`${app.queuePrefix}:planted`, 'data', JSON.stringify({ note: planted }));
    await db.exec(`CREATE TABLE planted_canary (note text); INSERT INTO planted_canary VALUES ('Ana ${planted}')`);
    try {
      expect(markersIn(log.text(), markers)).toEqual([planted]);
      expect((await scanRedisForMarkers(scanner, markers)).hits).toEqual([{ key: `${app.queuePrefix}:planted`, marker: planted, in: 'value' }]);
      expect(await scanDatabaseForMarkers(db, markers)).toEqual([{ table: 'planted_canary', marker: planted, rows: 1 }]);
    } finally {
      await db.exec('DROP TABLE planted_canary');
      await scanner.del(`${app.queuePrefix}:planted`);
    }
  }, 180_000);

  it('when the full run is over, then no secret (client secret, token key, HMAC key, session secret, access and refresh tokens, session cookie) is in the logs, stdout/stderr, Redis or (in clear) the database', async () => {
    expect(portalId).toBeGreaterThan(0);
    const { config } = app;
    const tokens = await appServicesOf(app.runtime.services).installations.getTokens(portalId);
    const secrets = [
      config.HUBSPOT_CLIENT_SECRET, config.TOKEN_ENCRYPTION_KEY, config.tokenEncryptionKey.toString('hex'), config.tokenEncryptionKey.toString('base64'),
      config.AUDIT_HMAC_KEY, config.auditHmacKey.toString('hex'), config.auditHmacKey.toString('base64'), config.SESSION_SECRET,
      tokens.accessToken, tokens.refreshToken, sessionCookie,
    ];
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 16)).toBe(true);
    // The logger of this run masks no configured secret: only code that never logs them passes.
    const found = { logs: markersIn(log.text(), secrets), printed: markersIn(output.text(), secrets), redis: (await scanRedisForMarkers(scanner, secrets)).hits, database: await scanDatabaseForMarkers(app.runtime.services.db, secrets) };
    expect(found).toEqual({ logs: [], printed: [], redis: [], database: [] });
  });
});
