import { tenantId } from '../../src/app/ports/ids';
import { CONSOLE_ACCESS } from '../../src/adapters/http/console/access-table';
import { CONSOLE_PERMISSIONS } from '../../src/app/console-access/console-permissions';
import type { ConsoleRole } from '../../src/app/console-access/console-access.port';
import { ConsoleBrowser } from '../support/console-fixture';
import { listRoutes, type DeclaredRoute } from '../support/route-walk';
import { startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * Every route the running app exposes (found by walking its router stack, so a new route that is
 * not classified here fails this test), tried without a session, with an expired one, with
 * another portal's, and as each role (admin, editor, compliance, viewer) against the console's
 * access table (src/adapters/http/console/access-table.ts, the one the router enforces, naming the permissions of
 * src/app/console-access/console-permissions.ts); plus CSRF, the
 * security headers and the cookie flags. Deeper console cases (idle and absolute limits, forged
 * cookies, grants, CSV export) are in test/console/console.security.int.test.ts.
 */

type Access = 'public' | readonly ConsoleRole[];
const ROLES = ['admin', 'editor', 'compliance', 'viewer'] as const;

/** Anonymous answers of the console's public routes (the access table says they are public). */
const CONSOLE_PUBLIC: Record<string, number> = {
  'GET /privacy': 200, 'GET /terms': 200, 'GET /support': 200, 'GET /setup-guide': 200,
  'GET /console/assets/*': 200, 'GET /console/sign-in': 200, 'GET /console/sign-in/start': 303, 'GET /console/auth/callback': 303,
  'POST /console/passkey/options.json': 415, 'POST /console/passkey/verify.json': 415, // JSON only: a cross-site form cannot post here
  'GET /console/invite/:token': 410, 'POST /console/invite/:token/options.json': 415, 'POST /console/invite/:token/register.json': 415,
};
const PATHS: Record<string, string> = {
  'GET /console/criteria/diff': '/console/criteria/diff?from=1&to=1',
  'GET /console/invite/:token': `/console/invite/${'x'.repeat(43)}`,
  'POST /console/invite/:token/options.json': `/console/invite/${'x'.repeat(43)}/options.json`,
  'POST /console/invite/:token/register.json': `/console/invite/${'x'.repeat(43)}/register.json`,
};

/**
 * The documented answer of each route. Console routes come from THE access table the router
 * enforces (src/adapters/http/console/access-table.ts); the others are listed here. Public routes
 * list what an anonymous caller gets.
 */
const ROUTES: Record<string, { access: Access; anonymous?: number; path?: string }> = {
  'GET /healthz': { access: 'public', anonymous: 200 },
  'GET /readyz': { access: 'public', anonymous: 200 },
  'GET /oauth/install': { access: 'public', anonymous: 302 },
  'GET /oauth/callback': { access: 'public', anonymous: 400 },
  'POST /webhooks/hubspot': { access: 'public', anonymous: 401 }, // HubSpot's signature is the credential
  'POST /workflow-actions/qualify': { access: 'public', anonymous: 401 }, // likewise for workflow action executions
  'POST /workflow-actions/recheck': { access: 'public', anonymous: 401 },
  ...Object.fromEntries(Object.entries(CONSOLE_ACCESS).map(([key, { permission }]) => [key, {
    access: permission === 'public' ? 'public' : CONSOLE_PERMISSIONS[permission].roles, ...(permission === 'public' ? { anonymous: CONSOLE_PUBLIC[key] } : {}), ...(PATHS[key] ? { path: PATHS[key] } : {}),
  }])),
};

const keyOf = (r: DeclaredRoute) => `${r.method} ${r.path.startsWith('/console/assets/') ? '/console/assets/*' : r.path}`;
const isJson = (path: string) => path.split('?')[0]!.endsWith('.json');
const BODIES: Record<string, Record<string, string>> = {
  '/console/criteria': { baseVersion: '1', _op: 'save' }, '/console/criteria/publish': { version: '1' }, '/console/criteria/rollback': { version: '1' },
  '/console/try': { 'in:message': 'I would like to book a visit' }, '/console/safety/test': { text: 'my chest hurts' },
  '/console/safety/phrases': { op: 'add', category: 'breathing', language: 'en', phrase: 'blue around the mouth' }, '/console/simulate': { draft: 'latest', sample: '5' },
  '/console/access/grant': { userId: '1', role: 'editor' }, '/console/access/revoke': { userId: '1' }, '/console/access/remove': { userId: '1' },
  '/console/access/invite': { label: 'Front desk', role: 'viewer' }, '/console/access/passkeys/remove': { credentialId: 'AAAAAAAAAAAAAAAAAAAAAA' },
};
const isPublic = (r: DeclaredRoute) => ROUTES[keyOf(r)]!.access === 'public';
const allows = (r: DeclaredRoute, role: ConsoleRole) => { const a = ROUTES[keyOf(r)]!.access; return a === 'public' || a.includes(role); };

describe('access to every route of the app', () => {
  let app: SandboxedApp;
  let routes: DeclaredRoute[];
  const portals = {
    a: { portalId: 8_100_001, admin: 8_100_011, viewer: 8_100_012, editor: 8_100_013, compliance: 8_100_014 },
    b: { portalId: 8_200_002, admin: 8_200_021, viewer: 8_200_022, editor: 8_200_023, compliance: 8_200_024 },
  };

  beforeAll(async () => {
    app = await startSandboxedApp();
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${app.baseUrl}/oauth/callback`, `${app.baseUrl}/console/auth/callback`],
      webhookTargetUrl: `${app.baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
    for (const p of Object.values(portals)) {
      app.sandbox.createPortal({ portalId: p.portalId, intakeFormFields: true, users: [
        { id: p.admin, email: `admin@${p.portalId}.example`, superAdmin: true }, { id: p.viewer, email: `desk@${p.portalId}.example`, marketplaceAccess: true },
        { id: p.editor, email: `manager@${p.portalId}.example`, marketplaceAccess: true }, { id: p.compliance, email: `compliance@${p.portalId}.example`, marketplaceAccess: true },
      ] });
      await install(app, p.portalId, p.admin);
    }
    // Everyone signs in once (a HubSpot user who signs in is a known viewer); the admin then gives the roles.
    const a = portals.a;
    for (const id of [a.viewer, a.editor, a.compliance]) await new ConsoleBrowser(app.baseUrl).signIn(app.sandbox, app.baseUrl, tenantId(a.portalId), id);
    const admin = new ConsoleBrowser(app.baseUrl);
    await admin.signIn(app.sandbox, app.baseUrl, tenantId(a.portalId), a.admin);
    for (const [id, role] of [[a.editor, 'editor'], [a.compliance, 'compliance']] as const) {
      const res = await admin.post('/console/access/grant', { userId: String(id), role, _csrf: await admin.csrfToken() });
      if (res.status !== 303) throw new Error(`granting ${role} answered ${res.status}`);
    }
    routes = listRoutes(app.runtime.http.server);
  }, 60_000);
  afterAll(async () => app?.stop());

  const signedIn = async (portalId: number, userId: number) => {
    const browser = new ConsoleBrowser(app.baseUrl);
    const res = await browser.signIn(app.sandbox, app.baseUrl, tenantId(portalId), userId);
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
    const consoleRoutes = routes.filter((r) => !isPublic(r));
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
    for (const r of routes.filter((x) => !isPublic(x) && x.path !== '/console/sign-out')) {
      const path = pathOf(r);
      const named = `${path}${path.includes('?') ? '&' : '?'}portalId=${portals.a.portalId}`;
      const res = await send(b, r.method, named, { ...BODIES[r.path], portalId: String(portals.a.portalId), _csrf: csrf }, isJson(path) ? { accept: 'application/json' } : {});
      expect({ route: keyOf(r), status: res.status }).toEqual({ route: keyOf(r), status: 404 });
    }
    const versions = await app.runtime.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM criteria_versions WHERE portal_id = $1', [portals.a.portalId]);
    expect(versions.rows[0]!.n).toBe(1);
  });

  it('when each role calls every signed-in route, then exactly the routes the access table denies it answer 403 and the others do not', async () => {
    const ids: Record<ConsoleRole, number> = { admin: portals.a.admin, editor: portals.a.editor, compliance: portals.a.compliance, viewer: portals.a.viewer };
    const signedInRoutes = routes.filter((x) => !isPublic(x) && x.path !== '/console/sign-out');
    for (const role of ROLES) {
      const browser = await signedIn(portals.a.portalId, ids[role]);
      const csrf = await browser.csrfToken();
      for (const r of signedInRoutes) {
        const res = await send(browser, r.method, pathOf(r), { ...BODIES[r.path], _csrf: csrf }, isJson(r.path) ? { accept: 'application/json' } : {});
        expect({ role, route: keyOf(r), refused: res.status === 403 }).toEqual({ role, route: keyOf(r), refused: !allows(r, role) });
        expect({ role, route: keyOf(r), serverError: res.status >= 500 }).toEqual({ role, route: keyOf(r), serverError: false });
      }
    }
    const denied = await app.runtime.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE portal_id = $1 AND action = 'console.access_denied' AND error_code = 'auth.forbidden'`, [portals.a.portalId]);
    const expected = ROLES.reduce((n, role) => n + signedInRoutes.filter((r) => !allows(r, role)).length, 0);
    expect(denied.rows[0]!.n).toBeGreaterThanOrEqual(expected);
  });

  it('when a change is posted without the session\'s CSRF token, then every signed-in POST route refuses it with 403 csrf.invalid', async () => {
    const admin = await signedIn(portals.a.portalId, portals.a.admin);
    for (const r of routes.filter((x) => x.method === 'POST' && !isPublic(x))) {
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
    const session = (await new ConsoleBrowser(app.baseUrl).signIn(app.sandbox, app.baseUrl, tenantId(portals.a.portalId), portals.a.admin)).headers.getSetCookie().find((c) => c.startsWith('cq_console='))!;
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
