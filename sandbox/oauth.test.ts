import { startHubSpotSandbox, type HubSpotSandbox } from './hubspot-sandbox';
import { buildApp, callHubSpot } from './test-support/sandbox-fixture';

describe('OAuth', () => {
  let sandbox: HubSpotSandbox;
  const app = buildApp();
  const redirectUri = app.redirectUris[0]!;
  let portalId: number;

  beforeEach(async () => {
    sandbox = await startHubSpotSandbox();
    sandbox.registerApp(app);
    portalId = sandbox.createPortal({ portalId: 123456, users: [{ id: 11, email: 'owner@clinic.example', superAdmin: true }, { id: 12, email: 'staff@clinic.example' }] }).portalId;
  });
  afterEach(() => sandbox.close());

  const authorizeUrl = (params: Record<string, string>) => `/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, scope: app.scopes!.join(' '), state: 'st-1', ...params })}`;
  const exchange = (form: Record<string, string>) => callHubSpot(sandbox.url, 'POST', '/oauth/2026-03/token', { form: { client_id: app.clientId, client_secret: app.clientSecret, ...form } });
  const codeFrom = (location: string | null) => new URL(location!).searchParams.get('code')!;

  it('when the install URL is opened, then a consent page offers Connect and Cancel for the existing accounts', async () => {
    const page = await callHubSpot(sandbox.url, 'GET', authorizeUrl({ optional_scope: 'crm.objects.contacts.sensitive.read.v2' }));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('value="approve"');
    expect(page.body).toContain('value="deny"');
    expect(page.body).toContain(`value="${portalId}"`);
  });

  it.each([
    ['an unknown client id', { client_id: 'nobody' }],
    ['an unregistered redirect URI', { redirect_uri: 'https://evil.example/callback' }],
    ['a scope the app does not declare', { scope: 'crm.objects.deals.write' }],
  ])('when the install URL has %s, then a 400 page is shown and nothing redirects', async (_label, params) => {
    const page = await callHubSpot(sandbox.url, 'GET', authorizeUrl(params));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
  });

  it('when the user approves the consent form, then the browser is sent back with code and state, and the code buys tokens for that portal and user', async () => {
    const res = await fetch(`${sandbox.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, scope: app.scopes!.join(' '), state: 'abc', portal_id: String(portalId), user_id: '11', decision: 'approve' }),
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('abc');
    const tokens = await exchange({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: redirectUri });
    expect(tokens.body).toMatchObject({ hub_id: portalId, user_id: 11, expires_in: 1800, token_type: 'bearer', scopes: app.scopes });
  });

  it('when the user cancels, then the browser is sent back with error=access_denied and the state', async () => {
    const res = await fetch(`${sandbox.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, scope: app.scopes!.join(' '), state: 'abc', decision: 'deny' }),
    });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('when auto_approve=1 names a new portal id, then that portal is created and the app installed there headlessly', async () => {
    const res = await callHubSpot(sandbox.url, 'GET', authorizeUrl({ auto_approve: '1', portal_id: '777' }));
    expect(res.status).toBe(302);
    const tokens = await exchange({ grant_type: 'authorization_code', code: codeFrom(res.headers.get('location')), redirect_uri: redirectUri });
    expect(tokens.body.hub_id).toBe(777);
  });

  it.each([
    ['the code is used twice', 'BAD_AUTH_CODE', 'invalid_grant', {}],
    ['the client secret is wrong', 'BAD_CLIENT_SECRET', 'invalid_client', { client_secret: 'wrong' }],
    ['the redirect URI differs', 'BAD_REDIRECT_URI', 'invalid_grant', { redirect_uri: 'http://127.0.0.1:3000/other' }],
  ])('when %s, then the token endpoint answers 400 %s', async (_label, status, error, overrides) => {
    const { code } = sandbox.approveInstall({ clientId: app.clientId, portalId });
    const first = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    if (status === 'BAD_AUTH_CODE') await exchange(first);
    const answer = await exchange({ ...first, ...overrides });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status, error, category: status });
  });

  it('when 30 minutes pass, then the access token gets 401 EXPIRED_AUTHENTICATION and a refresh brings a working one', async () => {
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    sandbox.advanceTime(30 * 60 * 1000);
    const expired = await callHubSpot(sandbox.url, 'GET', '/crm/v3/owners', { token: tokens.access_token });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect((await callHubSpot(sandbox.url, 'GET', '/crm/v3/owners', { token: refreshed.body.access_token })).status).toBe(200);
  });

  it('when a refresh token is revoked, then refreshing gets 400 invalid_grant / BAD_REFRESH_TOKEN', async () => {
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    sandbox.revokeRefreshToken(tokens.refresh_token);
    const answer = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' });
  });

  it('when the app uninstalls itself, then its tokens get 401 and its refresh token invalid_grant', async () => {
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    expect((await callHubSpot(sandbox.url, 'DELETE', '/appinstalls/2026-03/external-install', { token: tokens.access_token })).status).toBe(204);
    const after = await callHubSpot(sandbox.url, 'GET', '/crm/v3/owners', { token: tokens.access_token });
    expect(after.body.category).toBe('INVALID_AUTHENTICATION');
    expect((await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('when a call names another portal than its token, then it gets 401', async () => {
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    const other = sandbox.createPortal().portalId;
    const answer = await callHubSpot(sandbox.url, 'GET', `/crm/v3/owners?portalId=${other}`, { token: tokens.access_token });
    expect(answer.status).toBe(401);
    expect(answer.body.category).toBe('INVALID_AUTHENTICATION');
  });

  it('when an access token is introspected after it expired, then it reads as inactive', async () => {
    const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
    sandbox.expireAccessTokens();
    const answer = await callHubSpot(sandbox.url, 'POST', '/oauth/2026-03/token/introspect', { form: { client_id: app.clientId, client_secret: app.clientSecret, token: tokens.access_token } });
    expect(answer.body).toMatchObject({ active: false, expires_in: 0 });
  });
});
