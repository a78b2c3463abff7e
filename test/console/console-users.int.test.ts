import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { createPortalPurge } from '../../src/adapters/db/installation-recorder';
import { CriteriaRepository } from '../../src/adapters/db/criteria.repository';
import { RECENT_SIGN_IN_MS } from '../../src/app/console-access/console-permissions';
import { INVITATION_TTL_MS } from '../../src/app/console-access/manage-console-users';
import { REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { ConsoleBrowser, seedCriteria, signedInBrowser, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** Users, roles, invitations, re-authentication and uninstall, through the real app over HTTP. */
describe('console users (real app, HubSpot sandbox sign-in)', () => {
  let f: ConsoleFixture;

  beforeAll(async () => {
    f = await startConsoleFixture();
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);
  afterEach(() => {
    f.clock.offsetMs = 0;
  });

  const signedIn = (portal: ConsolePortal, userId: number) => signedInBrowser(f, portal, userId);
  const audited = async (portalId: TenantId, action: string) => (await f.runtime.services.db.query<{ actor_id: string; object_id: string; outcome: string; error_code: string | null }>(
    'SELECT actor_id, object_id, outcome, error_code FROM audit_log WHERE portal_id = $1 AND action = $2 ORDER BY seq', [portalId, action])).rows;
  const roleOf = async (portalId: TenantId, userId: number) => (await f.runtime.services.db.query<{ role: string }>('SELECT role FROM console_users WHERE portal_id = $1 AND user_id = $2', [portalId, userId])).rows[0]?.role;

  it('when CareQual is uninstalled, then every user, session and invitation of the portal goes; a re-install by another user makes that user the admin', async () => {
    const p = await f.addPortal(tenantId(7_101_001));
    await seedCriteria(f.criteria, p.portalId, 'Harbor criteria');
    const editor = await signedIn(p, p.editorId);
    const admin = await signedIn(p, p.adminId);
    await admin.post('/console/access/grant', { userId: String(p.editorId), role: 'editor', _csrf: await admin.csrfToken() });
    const invited = await admin.post('/console/access/invite', { label: 'Front desk', role: 'compliance', _csrf: await admin.csrfToken() });
    const invitation = /\/console\/invite\/([A-Za-z0-9_-]{43})/.exec(await invited.text())![1]!;

    const db = f.runtime.services.db;
    const purge = createPortalPurge(db, f.installations, new CriteriaRepository(db));
    expect(await purge(p.portalId, 'uninstall_requested')).toMatchObject({ wasInstalled: true });
    for (const table of ['console_users', 'console_sessions', 'console_invitations', 'console_passkeys']) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE portal_id = $1`, [p.portalId]);
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
    }
    expect((await admin.get('/console/criteria')).headers.get('location')).toBe('/console/sign-in');
    expect((await editor.get('/console/criteria')).headers.get('location')).toBe('/console/sign-in');
    expect((await new ConsoleBrowser(f.baseUrl).get(`/console/invite/${invitation}`)).status).toBe(410);

    // The viewer-to-be installs again: they are the admin now; the old editor comes back as a viewer
    // (the first installer is a HubSpot Super Admin, so they are an admin again by that right).
    const tokens = f.sandbox.installApp({ clientId: f.config.HUBSPOT_CLIENT_ID, portalId: p.portalId, userId: p.viewerId, scopes: [...REQUIRED_SCOPES] });
    await f.installations.saveInstalled({
      portalId: p.portalId, scopes: [...REQUIRED_SCOPES], dataMode: 'standard', installedByUserId: p.viewerId, hubDomain: undefined, accessToken: tokens.access_token, refreshToken: tokens.refresh_token,
      expiresAt: new Date(Date.now() + tokens.expires_in * 1000), propertiesVersion: 'test-1',
    });
    expect((await f.installations.tryGet(p.portalId))?.installedByUserId).toBe(p.viewerId);
    const newAdmin = await signedIn(p, p.viewerId);
    expect((await newAdmin.get('/console/access')).status).toBe(200);
    await signedIn(p, p.adminId);
    await signedIn(p, p.editorId);
    expect([await roleOf(p.portalId, p.viewerId), await roleOf(p.portalId, p.adminId), await roleOf(p.portalId, p.editorId)]).toEqual(['admin', 'admin', 'viewer']);
  });

  it('when the admin\'s sign-in is older than the re-authentication window, then user management sends them to sign in again and publishing is refused until they do', async () => {
    const p = await f.addPortal(tenantId(7_102_002));
    await seedCriteria(f.criteria, p.portalId, 'Bayside criteria');
    const admin = await signedIn(p, p.adminId);
    const csrf = await admin.csrfToken();
    f.clock.advance(RECENT_SIGN_IN_MS + 60_000);
    const page = await admin.get('/console/access');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/sign-in?reauth=1');
    const publish = await admin.post('/console/criteria/publish', { version: '1', _csrf: csrf });
    expect(publish.status).toBe(403);
    expect(await publish.text()).toContain('auth.reauth_required');
    expect((await admin.get('/console/criteria')).status).toBe(200); // reading needs no fresh sign-in
    const again = await signedIn(p, p.adminId);
    expect((await again.get('/console/access')).status).toBe(200);
    expect((await again.post('/console/criteria/publish', { version: '1', _csrf: await again.csrfToken() })).status).toBe(303);
  });

  it('when the admin removes a user, then that user\'s open session ends at once and the removal is audited; the last admin cannot be removed', async () => {
    const p = await f.addPortal(tenantId(7_103_003));
    const editor = await signedIn(p, p.editorId);
    const admin = await signedIn(p, p.adminId);
    expect((await editor.get('/console/criteria')).status).toBe(200);
    expect((await admin.post('/console/access/remove', { userId: String(p.editorId), _csrf: await admin.csrfToken() })).status).toBe(303);
    const after = await editor.get('/console/criteria');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/console\/sign-in/);
    expect(await audited(p.portalId, 'console.user_removed')).toEqual([{ actor_id: String(p.adminId), object_id: `${p.editorId}:viewer`, outcome: 'success', error_code: null }]);
    const self = await admin.post('/console/access/remove', { userId: String(p.adminId), _csrf: await admin.csrfToken() });
    expect(self.status).toBe(409);
    expect(await roleOf(p.portalId, p.adminId)).toBe('admin');
  });

  it('when an invitation is made, then its link works once and is shown only to the admin; an expired one answers 410 and its expiry is audited once', async () => {
    const p = await f.addPortal(tenantId(7_104_004));
    const admin = await signedIn(p, p.adminId);
    const res = await admin.post('/console/access/invite', { label: 'Dana (compliance)', role: 'compliance', _csrf: await admin.csrfToken() });
    expect(res.status).toBe(200);
    const token = /\/console\/invite\/([A-Za-z0-9_-]{43})/.exec(await res.text())![1]!;
    expect(await (await admin.get('/console/access')).text()).not.toContain(token);
    const stored = await f.runtime.services.db.query<Record<string, unknown>>('SELECT * FROM console_invitations WHERE portal_id = $1', [p.portalId]);
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    const invitee = new ConsoleBrowser(f.baseUrl);
    const page = await invitee.get(`/console/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Create my passkey');
    expect(await audited(p.portalId, 'console.invite_created')).toEqual([{ actor_id: String(p.adminId), object_id: expect.stringMatching(/^9\d{12}:compliance$/), outcome: 'success', error_code: null }]);

    f.clock.advance(INVITATION_TTL_MS + 1000);
    expect((await invitee.get(`/console/invite/${token}`)).status).toBe(410);
    expect((await invitee.get(`/console/invite/${token}`)).status).toBe(410);
    const options = await fetch(`${f.baseUrl}/console/invite/${token}/options.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(options.status).toBe(410);
    expect(await audited(p.portalId, 'console.invite_expired')).toEqual([{ actor_id: expect.stringMatching(/^9\d{12}$/), object_id: expect.stringMatching(/:compliance$/), outcome: 'failure', error_code: 'invitation.expired' }]);
  });

  it('when the admin removes a passkey or a staff user, then the passkeys stop existing and each removal is audited with whose it was', async () => {
    const p = await f.addPortal(tenantId(7_105_005));
    const db = f.runtime.services.db;
    const staff = 9_100_000_000_105;
    await db.query(`INSERT INTO console_users (portal_id, user_id, kind, role, label) VALUES ($1, $2, 'staff', 'compliance', 'Records clerk')`, [p.portalId, staff]);
    for (const id of ['cred-one-AAAAAAAAAAAAAAAA', 'cred-two-BBBBBBBBBBBBBBBB']) {
      await db.query(`INSERT INTO console_passkeys (credential_id, portal_id, user_id, public_key) VALUES ($1, $2, $3, 'pQECAyYgASFYIA')`, [id, p.portalId, staff]);
    }
    const admin = await signedIn(p, p.adminId);
    const page = await (await admin.get('/console/access')).text();
    expect(page).toContain('Records clerk');
    expect(page.match(/Remove passkey/g)).toHaveLength(2);
    expect((await admin.post('/console/access/passkeys/remove', { credentialId: 'cred-one-AAAAAAAAAAAAAAAA', _csrf: await admin.csrfToken() })).status).toBe(303);
    expect((await admin.post('/console/access/passkeys/remove', { credentialId: 'cred-one-AAAAAAAAAAAAAAAA', _csrf: await admin.csrfToken() })).status).toBe(404);
    expect((await admin.post('/console/access/remove', { userId: String(staff), _csrf: await admin.csrfToken() })).status).toBe(303);
    expect((await db.query('SELECT 1 FROM console_passkeys WHERE portal_id = $1', [p.portalId])).rows).toEqual([]);
    expect(await audited(p.portalId, 'console.passkey_removed')).toEqual([
      { actor_id: String(p.adminId), object_id: String(staff), outcome: 'success', error_code: null },
      { actor_id: String(p.adminId), object_id: 'unknown', outcome: 'failure', error_code: 'passkey.not_found' },
      { actor_id: String(p.adminId), object_id: String(staff), outcome: 'success', error_code: null },
    ]);
    expect(await audited(p.portalId, 'console.user_removed')).toEqual([{ actor_id: String(p.adminId), object_id: `${staff}:compliance`, outcome: 'success', error_code: null }]);
  });

  it('when another Super Admin of the HubSpot account signs in with HubSpot, then they are a console admin (granted by HubSpot, audited); a user with only Marketplace Access is a viewer', async () => {
    const p = await f.addPortal(tenantId(7_106_006));
    const owner = await signedIn(p, p.superAdminId);
    expect((await owner.get('/console/access')).status).toBe(200);
    const desk = await signedIn(p, p.viewerId);
    expect((await desk.get('/console/access')).status).toBe(403);
    expect([await roleOf(p.portalId, p.superAdminId), await roleOf(p.portalId, p.viewerId)]).toEqual(['admin', 'viewer']);
    const granted = await f.runtime.services.db.query<{ actor_kind: string; object_id: string }>(
      `SELECT actor_kind, object_id FROM audit_log WHERE portal_id = $1 AND action = 'console.access_granted'`, [p.portalId]);
    expect(granted.rows).toEqual([{ actor_kind: 'hubspot', object_id: `${p.superAdminId}:admin` }]);
  });

  it('when a known passkey\'s sign-in answer does not verify, then it is refused with 401 and the failed sign-in is audited in that portal, naming the user', async () => {
    const p = await f.addPortal(tenantId(7_107_007));
    const db = f.runtime.services.db;
    const staff = 9_100_000_000_107;
    await db.query(`INSERT INTO console_users (portal_id, user_id, kind, role, label) VALUES ($1, $2, 'staff', 'viewer', 'Front desk')`, [p.portalId, staff]);
    await db.query(`INSERT INTO console_passkeys (credential_id, portal_id, user_id, public_key) VALUES ('known-cred-CCCCCCCCCCCCCC', $1, $2, 'pQECAyYgASFYIA')`, [p.portalId, staff]);
    const options = await fetch(`${f.baseUrl}/console/passkey/options.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const cookie = options.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const forged = { id: 'known-cred-CCCCCCCCCCCCCC', rawId: 'known-cred-CCCCCCCCCCCCCC', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' } };
    const res = await fetch(`${f.baseUrl}/console/passkey/verify.json`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(forged) });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('cq_console='))).toBe(false);
    expect(await audited(p.portalId, 'console.sign_in_failed')).toEqual([{ actor_id: String(staff), object_id: 'passkey', outcome: 'failure', error_code: 'passkey.invalid' }]);
  });

  it('when an invitation\'s registration is answered from another browser than the one that asked, then it is refused and the invitation still works', async () => {
    const p = await f.addPortal(tenantId(7_108_008));
    const admin = await signedIn(p, p.adminId);
    const made = await admin.post('/console/access/invite', { label: 'Billing', role: 'viewer', _csrf: await admin.csrfToken() });
    const token = /\/console\/invite\/([A-Za-z0-9_-]{43})/.exec(await made.text())![1]!;
    const json = { 'content-type': 'application/json', accept: 'application/json' };
    const asked = await fetch(`${f.baseUrl}/console/invite/${token}/options.json`, { method: 'POST', headers: json, body: '{}' });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toMatchObject({ rp: { id: 'carequal.test' }, user: { displayName: 'Billing' }, authenticatorSelection: { residentKey: 'required' } });
    const elsewhere = await fetch(`${f.baseUrl}/console/invite/${token}/register.json`, { method: 'POST', headers: json, body: JSON.stringify({ id: 'x', response: {} }) });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toEqual({ error: { code: 'passkey.invalid', message: expect.any(String) } });
    expect((await fetch(`${f.baseUrl}/console/invite/${token}`)).status).toBe(200);
  });

  it('when the page reports activity (GET /console/session.json), then the idle limit slides on the server; without it the session ends', async () => {
    const p = await f.addPortal(tenantId(7_109_009));
    const active = await signedIn(p, p.viewerId);
    const idle = await signedIn(p, p.viewerId);
    const step = f.config.CONSOLE_IDLE_TIMEOUT_MS - 60_000;
    f.clock.advance(step);
    const ping = await active.get('/console/session.json', { accept: 'application/json' });
    expect(await ping.json()).toMatchObject({ role: 'viewer', idleMs: f.config.CONSOLE_IDLE_TIMEOUT_MS, expiresAt: expect.any(String) });
    f.clock.advance(step);
    expect((await active.get('/console/health/rescore.json', { accept: 'application/json' })).status).toBe(200);
    expect((await idle.get('/console/session.json', { accept: 'application/json' })).status).toBe(401);
  });

  it('when a passkey sign-in names a credential CareQual does not know, or comes without its challenge, then it is refused with 401 and no session', async () => {
    const browser = new ConsoleBrowser(f.baseUrl);
    const post = (path: string, body: unknown) => fetch(`${f.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, body: JSON.stringify(body) });
    const options = await post('/console/passkey/options.json', {});
    expect(options.status).toBe(200);
    expect(await options.json()).toMatchObject({ rpId: 'carequal.test', challenge: expect.any(String) });
    const res = await post('/console/passkey/verify.json', { id: 'AAAAAAAAAAAAAAAAAAAAAA', rawId: 'AAAAAAAAAAAAAAAAAAAAAA', type: 'public-key', response: {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'passkey.sign_in_failed', message: expect.any(String) } });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('cq_console=') && !/max-age=0|expires=Thu, 01 Jan 1970/i.test(c))).toBe(false);
  });
});
