import { startHubSpotSandbox, type AccountTier, type HubSpotSandbox } from './hubspot-sandbox';
import { ROUTE_SCOPES } from './scopes';
import { OpenApiContract } from './test-support/openapi-contract';
import { buildApp, callHubSpot } from './test-support/sandbox-fixture';

const SENSITIVE = ['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2', 'crm.objects.contacts.highly_sensitive.read.v2'];
const contract = new OpenApiContract();

/** Account tiers, the Sensitive Data switch and scope checks, as HubSpot enforces them. */
describe('HubSpot sandbox accounts and scopes', () => {
  let sandbox: HubSpotSandbox;
  const app = buildApp();
  const redirectUri = app.redirectUris[0]!;

  beforeEach(async () => {
    sandbox = await startHubSpotSandbox();
    sandbox.registerApp(app);
  });
  afterEach(() => sandbox.close());

  const authorize = (portalId: number, params: Record<string, string> = {}) => callHubSpot(sandbox.url, 'GET', `/oauth/authorize?${new URLSearchParams({
    client_id: app.clientId, redirect_uri: redirectUri, scope: app.scopes!.join(' '), optional_scope: SENSITIVE.join(' '), state: 's', auto_approve: '1', portal_id: String(portalId), ...params,
  })}`);
  const grantedScopes = async (res: { headers: Headers }) => {
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const tokens = await callHubSpot(sandbox.url, 'POST', '/oauth/2026-03/token', { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: app.clientId, client_secret: app.clientSecret } });
    return { scopes: tokens.body.scopes as string[], token: tokens.body.access_token as string };
  };

  it.each<[AccountTier, boolean, boolean]>([
    ['free', false, false], ['starter', false, false], ['professional', false, false], ['professional', true, false], ['enterprise', false, false], ['enterprise', true, true],
  ])('when a %s account (Sensitive Data %s) installs, then optional sensitive scopes are granted only with Enterprise + Sensitive Data', async (tier, sensitiveData, granted) => {
    const { portalId } = sandbox.createPortal({ tier, sensitiveData });
    const res = await authorize(portalId);
    expect(res.status).toBe(302);
    const { scopes } = await grantedScopes(res);
    expect(scopes).toEqual(expect.arrayContaining(app.scopes!));
    expect(SENSITIVE.every((s) => scopes.includes(s))).toBe(granted);
    expect(scopes.some((s) => s.includes('sensitive'))).toBe(granted);
  });

  it('when the authorize URL lacks a required scope, then HubSpot shows an error page and redirects nowhere', async () => {
    const { portalId } = sandbox.createPortal();
    const res = await authorize(portalId, { scope: 'oauth' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body).toContain('crm.objects.contacts.write');
  });

  it('when a user who is neither Super Admin nor has Marketplace Access approves, then the install is refused; with Marketplace Access it works', async () => {
    const { portalId } = sandbox.createPortal({ users: [{ id: 1, email: 'admin@x.example', superAdmin: true }, { id: 2, email: 'intake@x.example' }, { id: 3, email: 'ops@x.example', marketplaceAccess: true }] });
    const refused = await authorize(portalId, { user_id: '2' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('location')).toBeNull();
    expect((await authorize(portalId, { user_id: '3' })).status).toBe(302);
  });

  it('when a token lacks the route\'s scope, then the answer is 403 MISSING_SCOPES in HubSpot\'s body, which the spec accepts', async () => {
    const { portalId } = sandbox.createPortal();
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId, scopes: ['oauth', 'crm.objects.contacts.read'] });
    const path = '/crm/objects/2026-03/contacts/batch/update';
    const res = await callHubSpot(sandbox.url, 'POST', path, { token: tokens.access_token, json: { inputs: [{ id: '1', properties: { firstname: 'A' } }] } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 'error', category: 'MISSING_SCOPES', errors: [{ context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }] });
    contract.assertResponse('POST', path, 403, res.body);
    const owners = await callHubSpot(sandbox.url, 'GET', '/crm/owners/2026-03', { token: tokens.access_token });
    expect(owners.status).toBe(403);
    const props = await callHubSpot(sandbox.url, 'POST', '/crm/properties/2026-03/contacts/groups', { token: tokens.access_token, json: { name: 'g', label: 'G' } });
    expect(props.status).toBe(403);
  });

  describe('Sensitive Data', () => {
    const property = (name: string, dataSensitivity: string) => ({ name, label: name, type: 'string', fieldType: 'text', groupName: 'contactinformation', dataSensitivity });

    it('when a professional portal\'s app creates a sensitive property, then it is refused (403) and a non_sensitive one is created', async () => {
      const { portalId } = sandbox.createPortal({ tier: 'professional' });
      const { token } = await grantedScopes(await authorize(portalId));
      const api = (method: string, path: string, json?: unknown) => callHubSpot(sandbox.url, method, path, { token, json });
      const refused = await api('POST', '/crm/properties/2026-03/contacts', property('diagnosis_note', 'sensitive'));
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.contacts.sensitive.write.v2']);
      expect((await api('POST', '/crm/properties/2026-03/contacts', property('plain_note', 'non_sensitive'))).status).toBe(201);
    });

    it('when an Enterprise portal with Sensitive Data grants the scopes, then a sensitive property is created, listed only with dataSensitivity=sensitive, and its values need the sensitive scopes', async () => {
      const { portalId } = sandbox.createPortal({ tier: 'enterprise', sensitiveData: true });
      const { token } = await grantedScopes(await authorize(portalId));
      const api = (method: string, path: string, json?: unknown, as = token) => callHubSpot(sandbox.url, method, path, { token: as, json });
      expect((await api('POST', '/crm/properties/2026-03/contacts', property('reason_for_visit', 'sensitive'))).status).toBe(201);
      const listed = async (query: string) => ((await api('GET', `/crm/properties/2026-03/contacts${query}`)).body.results as { name: string }[]).map((p) => p.name);
      expect(await listed('')).not.toContain('reason_for_visit');
      expect(await listed('?dataSensitivity=sensitive')).toEqual(['reason_for_visit']);
      contract.assertResponse('GET', '/crm/properties/2026-03/contacts', 200, (await api('GET', '/crm/properties/2026-03/contacts?dataSensitivity=sensitive')).body);
      expect((await api('PATCH', '/crm/properties/2026-03/contacts/reason_for_visit', { dataSensitivity: 'non_sensitive' })).status).toBe(400);

      const [id] = await sandbox.createContacts(portalId, [{ email: 'pat@example.com', reason_for_visit: 'knee pain' }]);
      expect((await api('GET', `/crm/objects/2026-03/contacts/${id}?properties=reason_for_visit`)).body.properties.reason_for_visit).toBe('knee pain');
      const plain = sandbox.installApp({ clientId: app.clientId, portalId, scopes: app.scopes });
      const read = await api('POST', '/crm/objects/2026-03/contacts/batch/read', { inputs: [{ id }], properties: ['email', 'reason_for_visit'] }, plain.access_token);
      expect(read.status).toBe(403);
      expect(read.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.contacts.sensitive.read.v2']);
      const search = await api('POST', '/crm/objects/2026-03/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'reason_for_visit', operator: 'HAS_PROPERTY' }] }], properties: ['email'] }, plain.access_token);
      expect(search.status).toBe(403);
      const write = await api('PATCH', `/crm/objects/2026-03/contacts/${id}`, { properties: { reason_for_visit: 'x' } }, plain.access_token);
      expect(write.status).toBe(403);
      expect((await api('GET', `/crm/objects/2026-03/contacts/${id}?properties=email`, undefined, plain.access_token)).status).toBe(200);
    });

    it('when an account upgrades to Enterprise with Sensitive Data, then only a new authorization brings the sensitive scopes', async () => {
      const { portalId } = sandbox.createPortal({ tier: 'starter' });
      expect((await grantedScopes(await authorize(portalId))).scopes.some((s) => s.includes('sensitive'))).toBe(false);
      sandbox.setAccount(portalId, { tier: 'enterprise', sensitiveData: true });
      expect((await grantedScopes(await authorize(portalId))).scopes).toEqual(expect.arrayContaining(SENSITIVE));
    });
  });

  it('when the scope table is compared with HubSpot\'s specs, then every scope it accepts is one the operation\'s security names', () => {
    const samples: [string, string, readonly string[]][] = [
      ['GET', '/crm/objects/2026-03/contacts/1', ROUTE_SCOPES.contactsRead], ['POST', '/crm/v3/objects/contacts/batch/update', ROUTE_SCOPES.contactsWrite],
      ['POST', '/crm/objects/2026-03/tasks/batch/create', ROUTE_SCOPES.contactsWrite], ['POST', '/crm/objects/2026-03/tasks/batch/read', ROUTE_SCOPES.contactsRead],
      ['GET', '/crm/properties/2026-03/contacts', ROUTE_SCOPES.contactPropertiesRead], ['POST', '/crm/v3/properties/contacts', ROUTE_SCOPES.contactPropertiesWrite],
      ['PATCH', '/crm/properties/2026-03/contacts/x', ROUTE_SCOPES.contactPropertiesWrite], ['GET', '/crm/properties/2026-03/tasks', ROUTE_SCOPES.taskPropertiesRead],
      ['GET', '/crm/owners/2026-03', ROUTE_SCOPES.ownersRead], ['DELETE', '/appinstalls/2026-03/external-install', ROUTE_SCOPES.selfUninstall],
    ];
    for (const [method, path, accepted] of samples) {
      const inSpec = contract.securityScopes(method, path);
      expect({ path, notInSpec: accepted.filter((s) => !inSpec.includes(s)) }).toEqual({ path, notInSpec: [] });
      expect(accepted.length).toBeGreaterThan(0);
    }
  });
});
