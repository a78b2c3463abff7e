import { tenantId } from '../../src/app/ports/ids';
import { buildDefaultCriteria } from '../../src/core';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** The hidden base version the editor page opens on. */
const editedVersion = (html: string) => Number(/name="baseVersion" value="(\d+)"/.exec(html)?.[1]);
/** One row of the history table (by its version). */
const historyRow = (html: string, version: number) => new RegExp(`<tr data-version="${version}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';

describe('criteria versions (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;
  const staffId = 9_000_000_000_777;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_105_001), { named: true });
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy', false);
    // A version saved by invited staff, whom the admin named when inviting them.
    await f.runtime.services.db.query(`INSERT INTO console_users (portal_id, user_id, kind, role, label) VALUES ($1, $2, 'staff', 'editor', 'Dana Whitfield')`, [a.portalId, staffId]);
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
    expect((await admin.post('/console/criteria/publish', { version: '1', _csrf: await admin.csrfToken() })).status).toBe(303);
    const wider = buildDefaultCriteria();
    wider.name = 'Harbor Physical Therapy';
    wider.locations[0]!.serviceRadiusMiles = 40;
    await f.criteria.saveVersion(a.portalId, wider, { actor: { kind: 'user', hubspotUserId: String(staffId) }, note: 'Wider radius' });
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when a draft is newer than what is live, then the editor opens the draft and the history calls it a draft saved by its author\'s name', async () => {
    expect(editedVersion(await (await admin.get('/console/criteria')).text())).toBe(2);
    const history = await (await admin.get('/console/criteria/versions')).text();
    expect(historyRow(history, 2)).toContain('Draft');
    expect(historyRow(history, 2)).toContain('by Dana Whitfield');
    expect(historyRow(history, 2)).toContain('Never live');
    expect(historyRow(history, 1)).toContain('Live');
    expect(historyRow(history, 1)).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC – <strong>now<\/strong>/);
    expect(historyRow(history, 1)).toContain('published by Avery Admin');
    expect(historyRow(history, 1)).toContain('by CareQual command line');
  });

  it('when the draft is published, then the notice offers Simulate and Re-score all as next steps', async () => {
    const res = await admin.post('/console/criteria/publish', { version: '2', _csrf: await admin.csrfToken() });
    expect(res.headers.get('location')).toBe('/console/criteria/versions?notice=published');
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toMatch(/Next steps:[\s\S]*<a class="btn btn-small" href="\/console\/simulate">Simulate on recent contacts<\/a>/);
    expect(page).toMatch(/<form class="inline-form" method="post" action="\/console\/health\/rescore"[\s\S]*Re-score all contacts<\/button>/);
  });

  it('when an admin rolls back to version 1, then the editor opens version 1 (live), not the abandoned version 2, and the history shows when each was live and who moved it', async () => {
    const res = await admin.post('/console/criteria/rollback', { version: '1', _csrf: await admin.csrfToken() });
    expect(res.status).toBe(303);
    expect(editedVersion(await (await admin.get('/console/criteria')).text())).toBe(1);
    const history = await (await admin.get('/console/criteria/versions')).text();
    const adminName = 'Avery Admin';
    expect(historyRow(history, 2)).toContain('Was live');
    expect(historyRow(history, 2)).toMatch(new RegExp(`UTC – \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\s*<span class="muted small">published by ${adminName}</span>`));
    expect(historyRow(history, 1)).toContain(`rolled back to by ${adminName}`);
    expect(historyRow(history, 1).match(/<li>/g)).toHaveLength(2);
    expect(history).not.toMatch(/>\s*User \d+/);
  });

  it('when a new draft is saved after the rollback, then the editor opens that draft again, and an author HubSpot does not list reads as "HubSpot user <id>"', async () => {
    await f.criteria.saveVersion(a.portalId, { ...buildDefaultCriteria(), name: 'Harbor PT (draft 3)' }, { actor: { kind: 'user', hubspotUserId: '4242' } });
    expect(editedVersion(await (await admin.get('/console/criteria')).text())).toBe(3);
    expect(historyRow(await (await admin.get('/console/criteria/versions')).text(), 3)).toContain('by HubSpot user 4242');
  });

  it('when HubSpot users are shown elsewhere, then by their HubSpot names: the signed-in user, the users page and who installed CareQual', async () => {
    expect(await (await admin.get('/console/access')).text()).toMatch(/<th scope="row" data-label="User">Avery Admin <span class="muted small">\(you\)<\/span>/);
    const health = await (await admin.get('/console/health')).text();
    expect(health).toContain('<span class="whoami-text">Avery Admin · Portal 7105001</span>');
    expect(health).toMatch(/<dt>Installed<\/dt><dd>[^<]* by Avery Admin<\/dd>/);
  });

  it('when two versions are compared, then each difference is named in words, never by a code path', async () => {
    const page = await (await admin.get('/console/criteria/diff?from=1&to=2')).text();
    expect(page).toContain('1 thing differs');
    expect(page).toMatch(/<td data-label="What">Location “[^”]+” › service radius \(miles\)<\/td>/);
    expect(page).not.toMatch(/locations\[|serviceRadiusMiles/);
  });
});
