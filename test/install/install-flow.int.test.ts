import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { migrate } from '../../src/adapters/db/migrator';
import type { Database } from '../../src/adapters/db/database';
import { INSTALL_COOKIE } from '../../src/adapters/http/routes/oauth.routes';
import { CAREQUAL_PROPERTIES_VERSION } from '../../src/adapters/hubspot/bootstrap-properties';
import { CAREQUAL_PROPERTY_DEFINITIONS } from '../../src/adapters/hubspot/carequal-properties';
import { buildDefaultCriteria, criteriaHash } from '../../src/core';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { buildTestConfig } from '../support/config';
import { databaseEngines, openTestDatabase } from '../support/databases';
import { installThroughBrowser, startTenancyStack, TEST_OPTIONAL_SCOPES, TEST_REQUIRED_SCOPES, TestBrowser } from '../support/tenancy-stack';

const APP_ID = 4242;
const CLIENT_ID = 'carequal-test-client';
const CLIENT_SECRET = 'carequal-test-client-secret-0123456789';

describe.each(databaseEngines())('Install through the real OAuth redirect flow against the HubSpot sandbox (%s)', (engine) => {
  let db: Database;
  let sandbox: HubSpotSandbox;
  let stack: Awaited<ReturnType<typeof startTenancyStack>>;
  const portals = { midtown: 0, riverside: 0 };
  let logOutput = '';

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    sandbox = await startHubSpotSandbox();
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (logOutput += chunk.toString()));
    stack = await startTenancyStack({
      db,
      logger: createLogger({ level: 'debug', format: 'json', stream: logStream }),
      buildConfig: (publicBaseUrl) => buildTestConfig({
        PUBLIC_BASE_URL: publicBaseUrl, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url,
        HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET, HUBSPOT_APP_ID: String(APP_ID),
      }),
    });
    sandbox.registerApp({ appId: APP_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${stack.baseUrl}/oauth/callback`], scopes: TEST_REQUIRED_SCOPES, optionalScopes: TEST_OPTIONAL_SCOPES });
    portals.midtown = sandbox.createPortal({ users: [{ id: 501, email: 'admin@midtown-clinic.example', superAdmin: true }] }).portalId;
    portals.riverside = sandbox.createPortal({ users: [{ id: 601, email: 'owner@riverside-dental.example', superAdmin: true }] }).portalId;
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
    await db?.close();
  });
  beforeEach(() => stack.audit.clear());

  function carequalProperties(portalId: number) {
    return sandbox.listProperties(portalId).filter((p) => String(p.name).startsWith('carequal_'));
  }

  it.each([
    ['free', false, 'standard'], ['starter', false, 'standard'], ['professional', false, 'standard'],
    ['enterprise', false, 'standard'], ['enterprise', true, 'sensitive'],
  ] as const)('when a %s account (Sensitive Data %s) installs, then the install completes in %s mode with properties of that sensitivity', async (tier, sensitiveData, mode) => {
    const { portalId } = sandbox.createPortal({ tier, sensitiveData, users: [{ email: `admin-${tier}-${String(sensitiveData)}@clinic.example`, superAdmin: true }] });
    const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${stack.baseUrl}/console?portalId=${portalId}`);
    expect(await stack.installations.tryGet(portalId)).toMatchObject({ status: 'active', dataMode: mode });
    const properties = carequalProperties(portalId);
    expect(properties).toHaveLength(CAREQUAL_PROPERTY_DEFINITIONS.length);
    const sensitive = properties.filter((p) => p.dataSensitivity === 'sensitive').map((p) => p.name);
    expect(sensitive).toEqual(mode === 'sensitive' ? CAREQUAL_PROPERTY_DEFINITIONS.filter((d) => d.dataSensitivity === 'sensitive').map((d) => d.name) : []);
    expect(stack.audit.entries.filter((e) => e.portalId === portalId).map((e) => e.outcome)).not.toContain('failure');
  });

  it('when a standard account upgrades to Enterprise with Sensitive Data and installs again, then it is re-bootstrapped sensitive and the switch is audited', async () => {
    const { portalId } = sandbox.createPortal({ tier: 'professional', users: [{ email: 'admin@upgrading-clinic.example', superAdmin: true }] });
    await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
    expect((await stack.installations.tryGet(portalId))?.dataMode).toBe('standard');
    sandbox.setAccount(portalId, { tier: 'enterprise', sensitiveData: true });
    const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
    expect(callback.status).toBe(302);
    expect((await stack.installations.tryGet(portalId))?.dataMode).toBe('sensitive');
    expect(carequalProperties(portalId).find((p) => p.name === 'carequal_reasons')?.dataSensitivity).toBe('sensitive');
    expect(stack.audit.entries).toContainEqual(expect.objectContaining({ portalId, action: 'installation.data_mode_changed', objectId: `${portalId}:standard:sensitive` }));
  });

  it('when two practices install, then each lands on the console with every carequal_* property and the default criteria published', async () => {
    for (const [portalId, userId] of [[portals.midtown, 501], [portals.riverside, 601]] as const) {
      const { start, callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
      const cookie = start.setCookie.find((c) => c.startsWith(`${INSTALL_COOKIE}=`))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(callback.status).toBe(302);
      expect(callback.location).toBe(`${stack.baseUrl}/console?portalId=${portalId}`);

      const properties = carequalProperties(portalId);
      expect(properties.map((p) => p.name).sort()).toEqual(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.name).sort());
      for (const d of CAREQUAL_PROPERTY_DEFINITIONS) {
        expect(properties.find((p) => p.name === d.name)).toMatchObject({ groupName: 'carequal', type: d.type, fieldType: d.fieldType, label: d.label, dataSensitivity: d.dataSensitivity });
      }
      const published = await stack.criteria.tryGetPublished(portalId);
      expect(published).toMatchObject({ portalId, version: 1, hash: criteriaHash(buildDefaultCriteria()) });
      expect(await stack.installations.tryGet(portalId)).toMatchObject({ status: 'active', installedByUserId: userId, propertiesVersion: CAREQUAL_PROPERTIES_VERSION });
      expect(stack.audit.entries.filter((e) => e.portalId === portalId).map((e) => e.action)).toEqual([
        'installation.installed', 'token.issued', 'properties.bootstrapped', 'criteria.saved', 'criteria.published',
      ]);
    }
    // The stored token really works for its portal, through the provider (with the scopes it was granted:
    // the sensitive CareQual properties are listed only when asked for).
    expect((await stack.hubspot.listProperties(portals.riverside)).map((p) => p.name)).toContain('carequal_respond_by');
    expect((await stack.hubspot.listProperties(portals.riverside, 'sensitive')).map((p) => p.name)).toContain('carequal_band');
    // The log names portals and codes, never a token.
    expect(logOutput).toContain('portal installed');
    for (const portalId of [portals.midtown, portals.riverside]) {
      const { accessToken, refreshToken } = await stack.installations.getTokens(portalId);
      expect(logOutput).not.toContain(accessToken);
      expect(logOutput).not.toContain(refreshToken);
    }
  });

  it('when the same practice installs again, then nothing changes but the tokens', async () => {
    const before = { properties: carequalProperties(portals.midtown), tokens: await stack.installations.getTokens(portals.midtown), versions: await stack.criteria.listVersions(portals.midtown) };
    const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portals.midtown);
    expect(callback.location).toBe(`${stack.baseUrl}/console?portalId=${portals.midtown}`);
    expect(carequalProperties(portals.midtown)).toEqual(before.properties);
    expect(await stack.criteria.listVersions(portals.midtown)).toEqual(before.versions);
    const after = await stack.installations.getTokens(portals.midtown);
    expect(after.accessToken).not.toBe(before.tokens.accessToken);
    expect(stack.audit.entries.map((e) => e.action)).toEqual(['installation.installed', 'token.issued', 'properties.bootstrapped']);
    expect(stack.audit.ofAction('properties.bootstrapped')[0]?.propertyNames ?? []).toEqual([]);
  });

  it('when a callback URL is replayed, then it is refused with a plain 400 page', async () => {
    const { start, callbackUrl, callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portals.riverside);
    expect(callback.status).toBe(302);
    // The same browser (its nonce cookie kept) presents the same state and code again.
    const nonceCookie = start.setCookie.find((c) => c.startsWith(`${INSTALL_COOKIE}=`))!.split(';')[0]!;
    const replay = await fetch(callbackUrl, { headers: { cookie: nonceCookie }, redirect: 'manual' }).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('This install link is no longer valid');
    const url = new URL(callbackUrl);
    expect(replay.text).not.toContain(url.searchParams.get('code')!);
    expect(replay.text).not.toContain(url.searchParams.get('state')!);
  });

  it('when the callback arrives in another browser than the one that started the install, then it is refused', async () => {
    const starter = new TestBrowser();
    const start = await starter.get(`${stack.baseUrl}/oauth/install`);
    const approval = sandbox.approveInstall({ clientId: CLIENT_ID, portalId: portals.riverside, redirectUri: `${stack.baseUrl}/oauth/callback`, state: new URL(start.location!).searchParams.get('state')! });
    const attacker = new TestBrowser();
    await attacker.get(`${stack.baseUrl}/oauth/install`); // has a cookie of its own, for another state
    const foreign = await attacker.get(approval.redirectUrl);
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('different browser');
    expect(foreign.text).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('when the admin clicks Cancel on the consent page, then a clear page says nothing was installed', async () => {
    const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, sandbox.createPortal().portalId, 'deny');
    expect(callback.status).toBe(400);
    expect(callback.text).toContain('CareQual was not installed');
  });

  it('when bootstrap fails after the code exchange, then nothing is stored and installing again later succeeds', async () => {
    const { portalId } = sandbox.createPortal({ users: [{ id: 701, email: 'admin@lakeside-ortho.example', superAdmin: true }] });
    sandbox.setFaults({ 'POST /crm/properties/2026-03/*': { errorRate: 1, errorStatus: 503 } });
    try {
      const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
      expect(callback.status).toBe(502);
      expect(callback.text).toContain('Nothing was stored');
    } finally {
      sandbox.setFaults({});
    }
    expect(await stack.installations.tryGet(portalId)).toBeUndefined();
    expect(await stack.criteria.listVersions(portalId)).toEqual([]);
    expect(stack.audit.entries).toEqual([expect.objectContaining({ portalId, action: 'installation.installed', outcome: 'failure', errorCode: 'hubspot.unavailable' })]);

    const retry = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
    expect(retry.callback.location).toBe(`${stack.baseUrl}/console?portalId=${portalId}`);
    expect(carequalProperties(portalId)).toHaveLength(CAREQUAL_PROPERTY_DEFINITIONS.length);
  });
});
