import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { ConsoleBrowser, seedCriteria, signedInBrowser, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** Audit actions recorded for a portal, oldest first. */
async function auditActions(f: ConsoleFixture, portalId: TenantId): Promise<string[]> {
  const page = await f.runtime.services.db.query<{ action: string }>('SELECT action FROM audit_log WHERE portal_id = $1 ORDER BY seq', [portalId]);
  return page.rows.map((r) => r.action);
}

/** Every console route with the method it answers to and a body that would be valid for it. */
const GET_ROUTES = ['/console', '/console/criteria', '/console/criteria/versions', '/console/criteria/diff?from=1&to=2', '/console/try', '/console/simulate',
  '/console/audit', '/console/audit/export.csv', '/console/audit/export.jsonl', '/console/health', '/console/health/rescore.json', '/console/access'];
const POST_ROUTES: Array<[string, Record<string, string>]> = [
  ['/console/criteria', { baseVersion: '1', _op: 'save' }], ['/console/criteria/publish', { version: '1' }], ['/console/criteria/rollback', { version: '1' }],
  ['/console/try', { 'in:message': 'book a visit' }], ['/console/simulate', { draft: '1', sample: '5' }], ['/console/audit/verify', {}],
  ['/console/health/rescore', {}], ['/console/access/grant', { userId: '5' }], ['/console/access/revoke', { userId: '5' }], ['/console/sign-out', {}],
];

describe('console security (real app, HubSpot sandbox sign-in)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let b: ConsolePortal;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_001_001));
    b = await f.addPortal(tenantId(7_002_002));
    await seedCriteria(f.criteria, a.portalId, 'Alpha Physio criteria');
    await seedCriteria(f.criteria, b.portalId, 'Bravo Dental criteria');
    for (let i = 0; i < 3; i++) await seedCriteria(f.criteria, b.portalId, `Bravo Dental draft ${i}`, false);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);
  afterEach(() => {
    f.clock.offsetMs = 0;
  });

  const signedIn = (portal: ConsolePortal, userId: number) => signedInBrowser(f, portal, userId);

  it('when the installing admin signs in with HubSpot, then a session cookie is set (HttpOnly, Secure, SameSite=Lax, path /console) and the sign-in is audited', async () => {
    const browser = new ConsoleBrowser(f.baseUrl);
    const res = await browser.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cq_console='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/console/i);
    const page = await browser.get('/console/criteria');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alpha Physio criteria');
    expect(await auditActions(f, a.portalId)).toContain('console.signed_in');
  });

  it('when a user of a portal without CareQual signs in, then they are refused and the attempt is audited', async () => {
    const c = await f.addPortal(tenantId(7_003_003), { install: false });
    const browser = new ConsoleBrowser(f.baseUrl);
    const res = await browser.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, c.portalId, c.adminId);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?failed=not_installed');
    expect(browser.cookies.has('cq_console')).toBe(false);
    expect(await auditActions(f, c.portalId)).toEqual(['console.sign_in_failed']);
  });

  it('when the callback comes with a state from another browser, then sign-in is refused', async () => {
    const victim = new ConsoleBrowser(f.baseUrl);
    const start = await victim.get('/console/sign-in/start');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const attacker = new ConsoleBrowser(f.baseUrl);
    await attacker.get('/console/sign-in/start');
    const res = await attacker.get(`/console/auth/callback?code=whatever&state=${encodeURIComponent(state)}`);
    expect(res.headers.get('location')).toBe('/console/sign-in?failed=state');
    expect(attacker.cookies.has('cq_console')).toBe(false);
  });

  it('when a viewer tries to save, publish or roll back criteria, then it is refused with 403, nothing changes and the refusal is audited', async () => {
    const viewer = await signedIn(a, a.viewerId);
    const csrf = await viewer.csrfToken();
    const before = await f.criteria.listVersions(a.portalId);
    for (const [route, body] of [['/console/criteria/publish', { version: '1' }], ['/console/criteria/rollback', { version: '1' }], ['/console/criteria', { baseVersion: '1', _op: 'publish' }]] as const) {
      const res = await viewer.post(route, { ...body, _csrf: csrf });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('auth.forbidden');
    }
    expect(await f.criteria.listVersions(a.portalId)).toEqual(before);
    expect((await auditActions(f, a.portalId)).filter((x) => x === 'console.access_denied').length).toBeGreaterThanOrEqual(3);
    const page = await (await viewer.get('/console/criteria')).text();
    expect(page).toContain('You have view access');
    expect(page).not.toContain('Save and publish');
  });

  it('when the admin grants editor to a known user, then they can save a draft but not publish; when revoked, they cannot save; both are audited with who, whom and role', async () => {
    const editor = await signedIn(a, a.editorId); // a HubSpot user who signed in is a known viewer
    const admin = await signedIn(a, a.adminId);
    expect((await admin.post('/console/access/grant', { userId: String(a.editorId), role: 'editor', _csrf: await admin.csrfToken() })).status).toBe(303);
    const csrf = await editor.csrfToken();
    const draft = { baseVersion: '1', _op: 'save', _csrf: csrf };
    expect((await editor.post('/console/criteria', draft)).status).toBeLessThan(400);
    expect((await editor.post('/console/criteria/publish', { version: '1', _csrf: csrf })).status).toBe(403);
    expect((await admin.post('/console/access/revoke', { userId: String(a.editorId), _csrf: await admin.csrfToken() })).status).toBe(303);
    expect((await editor.post('/console/criteria', draft)).status).toBe(403);
    const rows = await f.runtime.services.db.query<{ action: string; actor_id: string; object_id: string; outcome: string }>(
      `SELECT action, actor_id, object_id, outcome FROM audit_log WHERE portal_id = $1 AND action IN ('console.access_granted', 'console.access_revoked') ORDER BY seq`, [a.portalId]);
    expect(rows.rows).toEqual([
      { action: 'console.access_granted', actor_id: String(a.adminId), object_id: `${a.editorId}:editor`, outcome: 'success' },
      { action: 'console.access_revoked', actor_id: String(a.adminId), object_id: `${a.editorId}:editor`, outcome: 'success' },
    ]);
  });

  it('when an editor opens the criteria editor, then it offers "Save draft" but no "Save and publish" (nor Publish in the history) and a publish they send anyway is refused; an admin gets both', async () => {
    const editor = await signedIn(b, b.editorId); // a known viewer once signed in
    const admin = await signedIn(b, b.adminId);
    expect((await admin.post('/console/access/grant', { userId: String(b.editorId), role: 'editor', _csrf: await admin.csrfToken() })).status).toBe(303);
    try {
      const editorPage = await (await editor.get('/console/criteria')).text();
      expect(editorPage).toContain('Save draft');
      expect(editorPage).not.toContain('Save and publish');
      expect(editorPage).not.toContain('value="publish"');
      expect(await (await editor.get('/console/criteria/versions')).text()).not.toMatch(/action="\/console\/criteria\/(publish|rollback)"/);
      const adminPage = await (await admin.get('/console/criteria')).text();
      expect(adminPage).toContain('Save draft');
      expect(adminPage).toContain('Save and publish');
      expect(await (await admin.get('/console/criteria/versions')).text()).toMatch(/action="\/console\/criteria\/publish"/);

      const before = await f.criteria.listVersions(b.portalId);
      const published = await f.criteria.tryGetPublished(b.portalId);
      const res = await editor.post('/console/criteria', { baseVersion: String(before[0]!.version), _op: 'publish', _csrf: await editor.csrfToken() });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('auth.forbidden');
      expect(await f.criteria.listVersions(b.portalId)).toEqual(before);
      expect((await f.criteria.tryGetPublished(b.portalId))?.version).toBe(published?.version);
    } finally {
      await admin.post('/console/access/revoke', { userId: String(b.editorId), _csrf: await admin.csrfToken() });
    }
  });

  it('when the admin names a number that is no user of the portal (or another portal\'s user), then nothing is granted, the answer is 404 and the refusal is audited', async () => {
    const admin = await signedIn(a, a.adminId);
    await signedIn(b, b.viewerId);
    for (const userId of ['424242', String(b.viewerId)]) {
      const res = await admin.post('/console/access/grant', { userId, role: 'admin', _csrf: await admin.csrfToken() });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('user.not_found');
    }
    const users = await f.runtime.services.db.query<{ user_id: number }>('SELECT user_id FROM console_users WHERE portal_id = $1', [a.portalId]);
    expect(users.rows.map((r) => Number(r.user_id))).not.toContain(424242);
    expect(users.rows.map((r) => Number(r.user_id))).not.toContain(b.viewerId);
    const refused = await f.runtime.services.db.query<{ object_id: string; error_code: string }>(
      `SELECT object_id, error_code FROM audit_log WHERE portal_id = $1 AND action = 'console.access_granted' AND outcome = 'failure' ORDER BY seq`, [a.portalId]);
    expect(refused.rows).toEqual([{ object_id: '424242:admin', error_code: 'user.not_found' }, { object_id: `${b.viewerId}:admin`, error_code: 'user.not_found' }]);
  });

  it('when a user of portal A names portal B anywhere (query, form) on any console route, then the answer is 404 and nothing of B shows', async () => {
    const admin = await signedIn(a, a.adminId);
    const csrf = await admin.csrfToken();
    for (const route of GET_ROUTES) {
      for (const key of ['portalId', 'portal_id', 'hubId']) {
        const res = await admin.get(`${route}${route.includes('?') ? '&' : '?'}${key}=${b.portalId}`);
        expect({ route, key, status: res.status }).toEqual({ route, key, status: 404 });
        expect(await res.text()).not.toContain('Bravo');
      }
    }
    for (const [route, body] of POST_ROUTES) {
      const res = await admin.post(route, { ...body, portalId: String(b.portalId), _csrf: csrf });
      expect({ route, status: res.status }).toEqual({ route, status: 404 });
    }
    expect((await f.criteria.listVersions(b.portalId)).find((v) => v.published)).toMatchObject({ version: 1 });
    const denied = await f.runtime.services.db.query<{ portal_id: number }>(`SELECT portal_id FROM audit_log WHERE action = 'console.access_denied' AND error_code = 'portal.not_found'`);
    expect(new Set(denied.rows.map((r) => Number(r.portal_id)))).toEqual(new Set([a.portalId]));
  });

  it('when a user of portal A asks for versions that exist only in portal B, then they get 404 and B is untouched', async () => {
    const admin = await signedIn(a, a.adminId);
    const csrf = await admin.csrfToken();
    expect((await admin.get('/console/criteria?from=4')).status).toBe(404);
    expect((await admin.get('/console/criteria/diff?from=1&to=4')).status).toBe(404);
    expect((await admin.post('/console/criteria/publish', { version: '4', _csrf: csrf })).status).toBe(404);
    expect((await admin.post('/console/criteria/rollback', { version: '3', _csrf: csrf })).status).toBe(404);
    expect((await admin.post('/console/try', { criteria: '4', _csrf: csrf })).status).toBe(404);
    expect((await admin.post('/console/simulate', { draft: '4', _csrf: csrf })).status).toBe(404);
    const audit = await (await admin.get('/console/audit')).text();
    expect(audit).not.toContain(String(b.adminId));
    const exported = await (await admin.get('/console/audit/export.jsonl')).text();
    expect(exported.trim().split('\n').map((l) => JSON.parse(l).portalId)).toEqual(expect.arrayContaining([a.portalId]));
    expect(exported).not.toContain(`"portalId":${b.portalId}`);
    expect((await f.criteria.listVersions(b.portalId)).find((v) => v.published)).toMatchObject({ version: 1 });
  });

  it('when a change arrives without the CSRF token, or with a wrong one, or with another session\'s, then it is refused with 403 csrf.invalid', async () => {
    const admin = await signedIn(a, a.adminId);
    const other = await signedIn(a, a.viewerId);
    const otherToken = await other.csrfToken();
    for (const [route, body] of POST_ROUTES) {
      for (const token of [undefined, 'wrong', otherToken]) {
        const res = await admin.post(route, token === undefined ? body : { ...body, _csrf: token });
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
        expect(await res.text()).toContain('csrf.invalid');
      }
    }
    const json = await admin.post('/console/audit/verify', {}, { accept: 'application/json' });
    expect(await json.json()).toEqual({ error: { code: 'csrf.invalid', message: expect.any(String) } });
  });

  it('when the session has been idle longer than the limit, then the next request goes to the sign-in page and the old cookie never works again', async () => {
    const admin = await signedIn(a, a.adminId);
    const cookie = admin.cookies.get('cq_console')!;
    f.clock.advance(f.config.CONSOLE_IDLE_TIMEOUT_MS + 1000);
    const res = await admin.get('/console/criteria');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?ended=1');
    f.clock.offsetMs = 0;
    const replay = new ConsoleBrowser(f.baseUrl);
    replay.cookies.set('cq_console', cookie);
    expect((await replay.get('/console/criteria')).headers.get('location')).toBe('/console/sign-in');
    expect((await replay.get('/console/health/rescore.json', { accept: 'application/json' })).status).toBe(401);
  });

  it('when a session stays active past the absolute limit, then it ends even though it was never idle', async () => {
    const admin = await signedIn(a, a.adminId);
    const step = f.config.CONSOLE_IDLE_TIMEOUT_MS - 60_000;
    let elapsed = 0;
    while (elapsed + step < f.config.CONSOLE_SESSION_MAX_MS) {
      f.clock.advance(step);
      elapsed += step;
      expect((await admin.get('/console/try')).status).toBe(200);
    }
    f.clock.advance(f.config.CONSOLE_SESSION_MAX_MS - elapsed + 1000);
    const res = await admin.get('/console/try');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?ended=1');
  });

  it('when a user signs out, then the session row is gone, the old cookie is refused, and the sign-out is audited', async () => {
    const admin = await signedIn(a, a.adminId);
    const cookie = admin.cookies.get('cq_console')!;
    const res = await admin.post('/console/sign-out', { _csrf: await admin.csrfToken() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?signed_out=1');
    const replay = new ConsoleBrowser(f.baseUrl);
    replay.cookies.set('cq_console', cookie);
    const after = await replay.get('/console/criteria');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/sign-in');
    expect(await auditActions(f, a.portalId)).toContain('console.signed_out');
  });

  it('when a forged or unsigned cookie is sent, then it is treated as no session', async () => {
    const forged = new ConsoleBrowser(f.baseUrl);
    forged.cookies.set('cq_console', 'eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCJ9.');
    expect((await forged.get('/console/criteria')).headers.get('location')).toBe('/console/sign-in');
  });

  it('every console page (signed in or not, errors included) carries CSP that no site may frame, nosniff and a referrer policy', async () => {
    const admin = await signedIn(a, a.adminId);
    const anonymous = new ConsoleBrowser(f.baseUrl);
    const responses = [
      ...(await Promise.all(GET_ROUTES.map((r) => admin.get(r)))),
      await admin.get('/console/no-such-page'), await admin.post('/console/try', {}),
      await anonymous.get('/console/sign-in'), await anonymous.get('/console/criteria'),
    ];
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/hubspot/i);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
