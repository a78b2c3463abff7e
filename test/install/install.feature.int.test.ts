import net from 'node:net';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { callHubSpot } from '../../sandbox/test-support/sandbox-fixture';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { CAREQUAL_PROPERTIES_VERSION } from '../../src/adapters/hubspot/bootstrap-properties';
import { installFeature } from '../../src/main/install.feature';
import { startRuntime, type Runtime } from '../../src/main/runtime';
import { createSilentLogger } from '../../src/observability/logger';
import { buildTestConfig } from '../support/config';
import { freshDataDir } from '../support/databases';
import { waitFor } from '../support/wait';
import { installThroughBrowser, TestBrowser } from '../support/tenancy-stack';

const CLIENT_ID = 'carequal-feature-client';
const CLIENT_SECRET = 'carequal-feature-client-secret-012345';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}


describe('The install feature in the real runtime', () => {
  let sandbox: HubSpotSandbox;
  let runtime: Runtime | undefined;
  let baseUrl: string;
  let config: ReturnType<typeof buildTestConfig>;

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    config = buildTestConfig({
      PORT: String(port), PUBLIC_BASE_URL: baseUrl, DATA_DIR: freshDataDir('carequal-install-feature-'),
      HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    });
    sandbox.registerApp({ appId: config.HUBSPOT_APP_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${baseUrl}/oauth/callback`], scopes: [...REQUIRED_SCOPES], optionalScopes: [...OPTIONAL_SCOPES] });
  });
  afterAll(async () => {
    await runtime?.stop();
    await sandbox.close();
  });

  it('when an admin installs through the web role, then the console is next; when a release changes a definition, the worker role re-bootstraps at start', async () => {
    runtime = await startRuntime(config, 'web', createSilentLogger(), installFeature);
    const { portalId } = sandbox.createPortal({ users: [{ id: 901, email: 'admin@northside-clinic.example', superAdmin: true }] });
    const { callback } = await installThroughBrowser(new TestBrowser(), baseUrl, portalId);
    expect(callback.location).toBe(`${baseUrl}/console?portalId=${portalId}`);
    const db = runtime.services.db;
    const { rows } = await db.query<{ status: string; properties_version: string }>('SELECT status, properties_version FROM installations WHERE portal_id = $1', [portalId]);
    expect(rows[0]).toEqual({ status: 'active', properties_version: CAREQUAL_PROPERTIES_VERSION });
    const audited = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE portal_id = $1 ORDER BY seq', [portalId]);
    expect(audited.rows.map((r) => r.action)).toEqual(['installation.installed', 'token.issued', 'properties.bootstrapped', 'criteria.saved', 'criteria.published']);

    // A practice admin renamed our label, and the stored version predates this release.
    const { access_token } = sandbox.installApp({ clientId: CLIENT_ID, portalId });
    expect((await callHubSpot(sandbox.url, 'PATCH', '/crm/properties/2026-03/contacts/carequal_band', { token: access_token, json: { label: 'Renamed band' } })).status).toBe(200);
    await db.query(`UPDATE installations SET properties_version = 'previous-release' WHERE portal_id = $1`, [portalId]);
    await runtime.stop();

    runtime = await startRuntime(config, 'worker', createSilentLogger(), installFeature);
    const worker = runtime.services.db;
    await waitFor(async () => (await worker.query<{ v: string }>('SELECT properties_version AS v FROM installations WHERE portal_id = $1', [portalId])).rows[0]?.v === CAREQUAL_PROPERTIES_VERSION, { timeoutMs: 15_000, intervalMs: 100, what: 'the worker re-bootstrapping the properties' });
    expect(sandbox.listProperties(portalId).find((p) => p.name === 'carequal_band')).toMatchObject({ label: 'CareQual band' });
    const upgraded = await worker.query<{ action: string; property_names: string[] }>(`SELECT action, property_names FROM audit_log WHERE portal_id = $1 ORDER BY seq DESC LIMIT 1`, [portalId]);
    expect(upgraded.rows[0]).toMatchObject({ action: 'properties.bootstrapped', property_names: ['carequal_band'] });
  });
});
