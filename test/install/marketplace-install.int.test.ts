import { INSTALL_COOKIE } from '../../src/adapters/http/routes/oauth.routes';
import { SESSION_COOKIE } from '../../src/adapters/http/console/console-session';
import { startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * Installs that start on HubSpot's marketplace (its "seamless" flow without partner sign in)
 * reach /oauth/callback with `code` and `returnUrl` and neither CareQual's state nor its cookie.
 * They must install, go back to HubSpot, and never sign the browser into the console.
 */
describe('an install started from HubSpot\'s marketplace', () => {
  let app: SandboxedApp;
  let nextPortal = 9_310_001;

  beforeAll(async () => {
    app = await startSandboxedApp({ role: 'web' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  function marketplaceCallback(opts: { returnUrl?: string; state?: string } = {}) {
    const { portalId } = app.sandbox.createPortal({ portalId: nextPortal++, users: [{ email: `admin-${nextPortal}@lakeside-clinic.example`, superAdmin: true }] });
    const { redirectUrl } = app.sandbox.approveInstall({ clientId: app.config.HUBSPOT_CLIENT_ID, portalId, redirectUri: `${app.baseUrl}/oauth/callback`, ...opts });
    const url = new URL(redirectUrl);
    if (opts.state === '') url.searchParams.set('state', '');
    return { portalId, url: url.toString() };
  }

  async function installationStatus(portalId: number): Promise<string | undefined> {
    const { rows } = await app.runtime.services.db.query<{ status: string }>('SELECT status FROM installations WHERE portal_id = $1', [portalId]);
    return rows[0]?.status;
  }

  const sessionCookies = (res: Response) => res.headers.getSetCookie().filter((c) => c.startsWith(`${SESSION_COOKIE}=`));

  it('when HubSpot sends the code and a returnUrl without state, then the portal is installed and the browser goes back to HubSpot, not signed in', async () => {
    const returnUrl = `${app.sandbox.url}/app-marketplace/installed?appId=${app.config.HUBSPOT_APP_ID}`;
    const { portalId, url } = marketplaceCallback({ returnUrl });

    const res = await fetch(url, { redirect: 'manual' });

    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(returnUrl);
    expect(sessionCookies(res)).toEqual([]);
    expect(await installationStatus(portalId)).toBe('active');
    expect(app.sandbox.listProperties(portalId).map((p) => String(p.name))).toContain('carequal_score');
  });

  it('when HubSpot sends no returnUrl, then the portal is installed and an "installed, now sign in" page links to the sign-in, with no session', async () => {
    const { portalId, url } = marketplaceCallback();

    const res = await fetch(url, { redirect: 'manual' });
    const page = await res.text();

    expect(res.status).toBe(200);
    expect(page).toContain('CareQual is installed');
    expect(page).toContain('href="/console/sign-in"');
    expect(sessionCookies(res)).toEqual([]);
    expect(await installationStatus(portalId)).toBe('active');
    const console = await fetch(`${app.baseUrl}/console`, { redirect: 'manual' });
    expect(console.headers.get('location')).toMatch(/^\/console\/sign-in/);
  });

  it.each([
    ['another site', 'https://evil.example/phish'],
    ['a look-alike of HubSpot', 'https://app.hubspot.com.evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('when the returnUrl leads to %s, then the install completes but the browser is not sent there', async (_what, returnUrl) => {
    const { portalId, url } = marketplaceCallback({ returnUrl });

    const res = await fetch(url, { redirect: 'manual' });

    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(await installationStatus(portalId)).toBe('active');
  });

  it('when the callback has an empty state parameter, then it is not taken for a marketplace install: refused and nothing is stored', async () => {
    const { portalId, url } = marketplaceCallback({ state: '' });

    const res = await fetch(url, { redirect: 'manual' });

    expect(res.status).toBe(400);
    expect(await installationStatus(portalId)).toBeUndefined();
  });

  it('when an install CareQual started comes back without its state, then it is refused as tampered and nothing is stored', async () => {
    const start = await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith(`${INSTALL_COOKIE}=`))!;
    const { portalId, url } = marketplaceCallback();

    const res = await fetch(url, { redirect: 'manual', headers: { cookie } });

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This install link is no longer valid');
    expect(await installationStatus(portalId)).toBeUndefined();
  });

  it('when a marketplace callback is replayed, then HubSpot refuses the spent code and the second answer is a 400', async () => {
    const { url } = marketplaceCallback();
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(200);

    const replay = await fetch(url, { redirect: 'manual' });

    expect(replay.status).toBe(400);
    expect(sessionCookies(replay)).toEqual([]);
  });
});
