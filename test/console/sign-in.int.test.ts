import { tenantId } from '../../src/app/ports/ids';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** "Sign in with HubSpot" against the strict sandbox: the scopes HubSpot requires, no forgotten grant, who may use it. */
describe('console sign-in with HubSpot', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;

  beforeAll(async () => {
    f = await startConsoleFixture();
    portal = await f.addPortal(tenantId(7_301_001));
    await seedCriteria(f.criteria, portal.portalId, 'Sign-in criteria');
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when sign-in starts, then the authorize URL carries every required scope (HubSpot refuses it otherwise) and the optional ones', async () => {
    const start = await new ConsoleBrowser(f.baseUrl).get('/console/sign-in/start');
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.searchParams.get('scope')!.split(' ').sort()).toEqual([...REQUIRED_SCOPES].sort());
    expect(authorize.searchParams.get('optional_scope')!.split(' ').sort()).toEqual([...OPTIONAL_SCOPES].sort());
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${f.config.PUBLIC_BASE_URL}/console/auth/callback`);
  });

  it('when an admin signs in, then the session starts and the refresh token the sign-in minted is revoked at once', async () => {
    const appId = f.config.HUBSPOT_APP_ID;
    const before = f.sandbox.liveRefreshTokens(portal.portalId, appId);
    const res = await new ConsoleBrowser(f.baseUrl).signIn(f.sandbox, f.config.PUBLIC_BASE_URL, portal.portalId, portal.adminId);
    expect({ status: res.status, location: res.headers.get('location') }).toEqual({ status: 303, location: '/console' });
    expect(f.sandbox.liveRefreshTokens(portal.portalId, appId)).toBe(before);
    expect(before).toBe(1);
  });

  it('when the sign-in page is shown, then it says who can sign in with HubSpot and what others should do', async () => {
    const page = await (await new ConsoleBrowser(f.baseUrl).get('/console/sign-in')).text();
    expect(page).toContain('Super Admins and users with the Marketplace Access permission');
    expect(page).toContain('ask your practice admin');
  });

  it('when a HubSpot user without install rights tries, then HubSpot (the sandbox) refuses before CareQual sees a code, and a cancelled or refused sign-in explains why', async () => {
    const { portalId } = f.sandbox.createPortal({ users: [{ id: 7_301_900, email: 'admin@norights.example', superAdmin: true }, { id: 7_301_901, email: 'desk@norights.example' }] });
    const browser = new ConsoleBrowser(f.baseUrl);
    const start = await browser.get('/console/sign-in/start');
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('auto_approve', '1');
    authorize.searchParams.set('portal_id', String(portalId));
    authorize.searchParams.set('user_id', '7301901');
    const refused = await fetch(authorize, { redirect: 'manual' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Marketplace Access');
    const failed = await (await browser.get('/console/sign-in?failed=denied')).text();
    expect(failed).toContain('only Super Admins and users with Marketplace Access can');
  });
});
