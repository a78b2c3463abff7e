import { ConsoleBrowser } from '../support/console-fixture';
import { listRoutes, type DeclaredRoute } from '../support/route-walk';
import { startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * Every route the running app exposes (found by walking its router stack, so a new route that is
 * not classified here fails this test), tried without a session, with an expired one, with
 * another portal's, and with a viewer's where an editor or the admin is needed; plus CSRF, the
 * security headers and the cookie flags. Deeper console cases (idle and absolute limits, forged
 * cookies, grants, CSV export) are in test/console/console.security.int.test.ts.
 */

type Access = 'public' | 'viewer' | 'editor' | 'admin';

/** The documented answer of each route. Public routes list what an anonymous caller gets. */
const ROUTES: Record<string, { access: Access; anonymous?: number; path?: string }> = {
  'GET /healthz': { access: 'public', anonymous: 200 },
  'GET /readyz': { access: 'public', anonymous: 200 },
  'GET /metrics': { access: 'public', anonymous: 200 },
  'GET /oauth/install': { access: 'public', anonymous: 302 },
  'GET /oauth/callback': { access: 'public', anonymous: 400 },
  'POST /webhooks/hubspot': { access: 'public', anonymous: 401 }, // HubSpot's signature is the credential
  'GET /console/assets/*': { access: 'public', anonymous: 200 },
  'GET /console/sign-in': { access: 'public', anonymous: 200 },
  'GET /console/sign-in/start': { access: 'public', anonymous: 303 },
  'GET /console/auth/callback': { access: 'public', anonymous: 303 },
  'GET /console': { access: 'viewer' },
  'POST /console/sign-out': { access: 'viewer' },
  'GET /console/criteria': { access: 'viewer' },
  'POST /console/criteria': { access: 'editor' },
  'POST /console/criteria/publish': { access: 'editor' },
  'POST /console/criteria/rollback': { access: 'editor' },
  'GET /console/criteria/versions': { access: 'viewer' },
  'GET /console/criteria/diff': { access: 'viewer', path: '/console/criteria/diff?from=1&to=1' },
  'GET /console/try': { access: 'viewer' },
  'POST /console/try': { access: 'viewer' },
  'GET /console/simulate': { access: 'viewer' },
  'POST /console/simulate': { access: 'viewer' },
  'GET /console/audit': { access: 'viewer' },
  'GET /console/audit/export.csv': { access: 'viewer' },
  'GET /console/audit/export.jsonl': { access: 'viewer' },
  'POST /console/audit/verify': { access: 'viewer' },
  'GET /console/health': { access: 'viewer' },
  'POST /console/health/rescore': { access: 'editor' },
  'GET /console/health/rescore.json': { access: 'viewer' },
  'GET /console/access': { access: 'viewer' },
  'POST /console/access/grant': { access: 'admin' },
  'POST /console/access/revoke': { access: 'admin' },
  'GET /console/effectiveness': { access: 'viewer' },
  'GET /console/effectiveness/export.csv': { access: 'viewer' },
  'POST /console/effectiveness/run': { access: 'editor' },
};

const keyOf = (r: DeclaredRoute) => `${r.method} ${r.path.startsWith('/console/assets/') ? '/console/assets/*' : r.path}`;
const isJson = (path: string) => path.split('?')[0]!.endsWith('.json');
const BODIES: Record<string, Record<string, string>> = {
  '/console/criteria': { baseVersion: '1', _op: 'save' }, '/console/criteria/publish': { version: '1' }, '/console/criteria/rollback': { version: '1' },
  '/console/try': { 'in:message': 'I would like to book a visit' }, '/console/simulate': { draft: 'latest', sample: '5' },
  '/console/access/grant': { userId: '1' }, '/console/access/revoke': { userId: '1' },
};

describe('access to every route of the app', () => {
  let app: SandboxedApp;
  let routes: DeclaredRoute[];
  const portals = { a: { portalId: 8_100_001, admin: 8_100_011, viewer: 8_100_012 }, b: { portalId: 8_200_002, admin: 8_200_021, viewer: 8_200_022 } };

  beforeAll(async () => {
    app = await startSandboxedApp();
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${app.baseUrl}/oauth/callback`, `${app.baseUrl}/console/auth/callback`],
      webhookTargetUrl: `${app.baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
    for (const p of Object.values(portals)) {
      app.sandbox.createPortal({ portalId: p.portalId, intakeFormFields: true, users: [{ id: p.admin, email: `admin@${p.portalId}.example`, superAdmin: true }, { id: p.viewer, email: `desk@${p.portalId}.example`, marketplaceAccess: true }] });
      await install(app, p.portalId, p.admin);
    }
    routes = listRoutes(app.runtime.http.server);
  }, 60_000);
  afterAll(async () => app?.stop());

  const signedIn = async (portalId: number, userId: number) => {
    const browser = new ConsoleBrowser(app.baseUrl);
    const res = await browser.signIn(app.sandbox, app.baseUrl, portalId, userId);
    expect(res.headers.get('location')).toBe('/console');
    return browser;
  };
  const send = (browser: ConsoleBrowser, method: string, path: string, body: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    method === 'GET' ? browser.get(path, headers) : browser.post(path, body, headers);
  const pathOf = (r: DeclaredRoute) => ROUTES[keyOf(r)]?.path ?? r.path;

  it('when the app starts, then every route it exposes is classified here (and nothing classified here is gone)', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map(keyOf).filter((k) => !ROUTES[k])).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !routes.some((r) => keyOf(r) === k))).toEqual([]);
  });

  it('when a route is called without a session, then public routes give their documented answer and every other one sends the browser to sign in (401 for JSON)', async () => {
    const anonymous = new ConsoleBrowser(app.baseUrl);
    for (const r of routes) {
      const entry = ROUTES[keyOf(r)]!;
      const res = await send(anonymous, r.method, pathOf(r));
      if (entry.access === 'public') expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: entry.anonymous });
      else if (isJson(r.path)) expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: 401 });
      else expect({ route: keyOf(r), status: res.status, location: res.headers.get('location') }).toEqual({ route: keyOf(r), status: 303, location: '/console/sign-in' });
    }
  });

  it('when the session has expired on the server, then every signed-in route answers as without one and says the session ended', async () => {
    const consoleRoutes = routes.filter((r) => ROUTES[keyOf(r)]!.access !== 'public');
    for (const r of consoleRoutes) {
      const admin = await signedIn(portals.a.portalId, portals.a.admin);
      const csrf = await admin.csrfToken();
      await app.runtime.services.db.query(`UPDATE console_sessions SET last_seen_at = now() - interval '1 day' WHERE portal_id = $1`, [portals.a.portalId]);
      const res = await send(admin, r.method, pathOf(r), { ...BODIES[r.path], _csrf: csrf });
      if (isJson(r.path)) expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: 401 });
      else expect({ route: keyOf(r), status: res.status, location: res.headers.get('location') }).toEqual({ route: keyOf(r), status: 303, location: '/console/sign-in?ended=1' });
    }
  });

  it('when portal B\'s admin names portal A on any signed-in route, then the answer is 404 and A\'s data is untouched', async () => {
    const b = await signedIn(portals.b.portalId, portals.b.admin);
    const csrf = await b.csrfToken();
    for (const r of routes.filter((x) => ROUTES[keyOf(x)]!.access !== 'public' && x.path !== '/console/sign-out')) {
      const path = pathOf(r);
      const named = `${path}${path.includes('?') ? '&' : '?'}portalId=${portals.a.portalId}`;
      const res = await send(b, r.method, named, { ...BODIES[r.path], portalId: String(portals.a.portalId), _csrf: csrf }, isJson(path) ? { accept: 'application/json' } : {});
      expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: 404 });
    }
    const versions = await app.runtime.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM criteria_versions WHERE portal_id = $1', [portals.a.portalId]);
    expect(versions.rows[0]!.n).toBe(1);
  });

  it('when a viewer calls a route that needs an editor or the admin, then it is refused with 403; the routes a viewer may use do not refuse them', async () => {
    const viewer = await signedIn(portals.a.portalId, portals.a.viewer);
    const csrf = await viewer.csrfToken();
    for (const r of routes.filter((x) => x.method === 'POST' && ROUTES[keyOf(x)]!.access !== 'public' && x.path !== '/console/sign-out')) {
      const res = await viewer.post(r.path, { ...BODIES[r.path], _csrf: csrf });
      const refused = ['editor', 'admin'].includes(ROUTES[keyOf(r)]!.access);
      expect({ route: keyOf(r), refused: res.status === 403 }).toEqual({ route: keyOf(r), refused });
      expect(res.status).toBeLessThan(500);
    }
    for (const r of routes.filter((x) => x.method === 'GET' && ROUTES[keyOf(x)]!.access === 'viewer')) {
      const res = await viewer.get(pathOf(r));
      expect({ route: keyOf(r), ok: [200, 303].includes(res.status) }).toEqual({ route: keyOf(r), ok: true });
    }
  });

  it('when a change is posted without the session\'s CSRF token, then every signed-in POST route refuses it with 403 csrf.invalid', async () => {
    const admin = await signedIn(portals.a.portalId, portals.a.admin);
    for (const r of routes.filter((x) => x.method === 'POST' && ROUTES[keyOf(x)]!.access !== 'public')) {
      for (const token of [undefined, 'x'.repeat(43)]) {
        const res = await admin.post(r.path, token ? { ...BODIES[r.path], _csrf: token } : BODIES[r.path] ?? {});
        expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: 403 });
        expect(await res.text()).toContain('csrf.invalid');
      }
    }
  });

  it('when any route answers, then it carries the security headers (no X-Powered-By, nosniff, a CSP; console pages never cached) and cookies are HttpOnly, SameSite=Lax and scoped to their path', async () => {
    const admin = await signedIn(portals.a.portalId, portals.a.admin);
    for (const r of routes) {
      const res = await send(admin, r.method, pathOf(r), { ...BODIES[r.path] });
      expect({ route: keyOf(r), poweredBy: res.headers.get('x-powered-by'), nosniff: res.headers.get('x-content-type-options'), csp: Boolean(res.headers.get('content-security-policy')) })
        .toEqual({ route: keyOf(r), poweredBy: null, nosniff: 'nosniff', csp: true });
      if (r.path.startsWith('/console') && !r.path.startsWith('/console/assets/')) expect({ route: keyOf(r), cache: res.headers.get('cache-control') }).toEqual({ route: keyOf(r), cache: 'no-store' });
    }
    const install = (await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' })).headers.getSetCookie().join('\n');
    expect(install).toMatch(/carequal_install=[^;]+;.*Path=\/oauth/i);
    expect(install).toMatch(/HttpOnly/i);
    expect(install).toMatch(/SameSite=Lax/i);
    const session = (await new ConsoleBrowser(app.baseUrl).signIn(app.sandbox, app.baseUrl, portals.a.portalId, portals.a.admin)).headers.getSetCookie().find((c) => c.startsWith('cq_console='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\/console/i);
    // Secure is set when CareQual is served over https (this run is plain http on 127.0.0.1): see test/console/console.security.int.test.ts.
  });
});

/** Installs CareQual into an existing sandbox portal as `userId`, through the real redirect flow. */
async function install(app: SandboxedApp, portalId: number, userId: number): Promise<void> {
  const start = await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('auto_approve', '1');
  authorize.searchParams.set('portal_id', String(portalId));
  authorize.searchParams.set('user_id', String(userId));
  const approved = await fetch(authorize, { redirect: 'manual' });
  const callback = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
  if (callback.status !== 302) throw new Error(`/oauth/callback answered ${callback.status}`);
}
