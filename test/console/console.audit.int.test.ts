import { tenantId } from '../../src/app/ports/ids';
import type { AuditEntryInput } from '../../src/app/ports/audit-log.port';
import { createAuditLog } from '../../src/main/audit.wiring';
import { ConsoleBrowser, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** Issue 19: the audit log view: every filter applied or refused, exports equal to the page, newest first, real pages. */
describe('console audit log (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let officer: ConsoleBrowser;
  const PROPS = Array.from({ length: 30 }, (_, i) => `practice_intake_field_${i}`);

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_101_901));
    const audit = createAuditLog(f.runtime.services);
    const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour));
    const p = a.portalId;
    const entries: AuditEntryInput[] = [
      { portalId: p, action: 'webhook.accepted', actor: { kind: 'hubspot' }, outcome: 'success', occurredAt: at(1) },
      { portalId: p, action: 'contact.read', actor: { kind: 'system', role: 'worker', jobId: 'j1' }, objectType: 'contact', objectId: '151', propertyNames: PROPS, outcome: 'success', occurredAt: at(2) },
      { portalId: p, action: 'contact.qualified', actor: { kind: 'system', role: 'worker', jobId: 'j1' }, objectType: 'contact', objectId: '151', outcome: 'success', occurredAt: at(2, 10) },
      { portalId: p, action: 'contact.read', actor: { kind: 'system', role: 'worker', jobId: 'j2' }, objectType: 'contact', objectId: '152', propertyNames: ['email', 'zip'], outcome: 'success', occurredAt: at(3) },
      { portalId: p, action: 'criteria.published', actor: { kind: 'user', hubspotUserId: '7000001' }, objectType: 'criteria', objectId: 'v2', outcome: 'success', occurredAt: at(4) },
      { portalId: p, action: 'console.sign_in_failed', actor: { kind: 'user', hubspotUserId: '7000002' }, outcome: 'failure', errorCode: 'auth.forbidden', occurredAt: at(5) },
      { portalId: p, action: 'token.refreshed', actor: { kind: 'system', role: 'cli' }, objectType: 'token', outcome: 'success', occurredAt: at(6) },
    ];
    await audit.append(entries);
    // 7000002 is invited staff the admin named; 7000001 signs in with HubSpot (no name in CareQual).
    await f.runtime.services.db.query(`INSERT INTO console_users (portal_id, user_id, kind, role, label) VALUES ($1, 7000002, 'staff', 'viewer', 'Front desk 2')`, [p]);
    officer = new ConsoleBrowser(f.baseUrl);
    await officer.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const maxSeq = async () => Number((await f.runtime.services.db.query<{ s: number }>('SELECT max(seq) AS s FROM audit_log WHERE portal_id = $1', [a.portalId])).rows[0]!.s);
  const seqsOnPage = (html: string) => [...html.matchAll(/<tr><td class="num mono" data-label="#">(\d+)<\/td>/g)].map((m) => Number(m[1]));

  // Everything a user can type or pick (and what older links carried), alone and combined, with
  // how many of the seven seeded entries it selects ('refused' when it cannot be applied).
  const TYPED: Array<[Record<string, string>, number | 'refused']> = [
    [{}, 7], [{ contactId: '151' }, 2], [{ contactId: ' 152 ' }, 1], [{ contactId: '999' }, 0],
    [{ contactId: 'abc' }, 'refused'], [{ contactId: '151.0' }, 'refused'], [{ contactId: '-1' }, 'refused'],
    [{ actor: 'user:7000001' }, 1], [{ actor: '7000002' }, 1], [{ actor: 'User 7000001' }, 'refused'], [{ actor: 'HubSpot' }, 'refused'], [{ actor: 'hubspot' }, 1],
    [{ actor: 'system' }, 4], [{ actor: 'system:worker' }, 3], [{ actor: 'system:cli' }, 1],
    [{ actor: 'system:robot' }, 'refused'], [{ actor: 'user:' }, 'refused'], [{ actor: 'nobody' }, 'refused'],
    [{ action: 'contact.read' }, 2], [{ action: 'Read contact' }, 'refused'], [{ action: 'contact.READ' }, 'refused'],
    [{ from: '2026-11-02T00:00' }, 6], [{ to: '2026-11-03' }, 3], [{ from: '2026-11-02', to: '2026-11-04T00:00' }, 3],
    [{ from: '2026-11-05', to: '2026-11-02' }, 'refused'], [{ from: '2026-02-30T00:00' }, 'refused'], [{ to: 'yesterday' }, 'refused'],
    [{ from: '2026-11-03T09:00', to: '2026-11-03T09:00' }, 'refused'],
    [{ contactId: '151', actor: 'system:worker', action: 'contact.read' }, 1], [{ contactId: '151', actor: 'hubspot' }, 0],
  ];
  const SEEDED_BEFORE = Date.UTC(2026, 10, 7);

  it.each(TYPED)('when the filter is %j, then the export holds exactly the entries on the page (%s of the seeded), or both refuse it', async (filter, expected) => {
    const query = `?${new URLSearchParams(filter).toString()}`;
    const before = await maxSeq();
    const page = await officer.get(`/console/audit${query}`);
    const html = await page.text();
    const exported = await officer.get(`/console/audit/export.jsonl${query}`);
    if (expected === 'refused') {
      expect(page.status).toBe(400);
      expect(html).toContain('These filters cannot be applied');
      expect(seqsOnPage(html)).toEqual([]);
      expect(exported.status).toBe(400);
      expect(exported.headers.get('content-disposition')).toBeNull();
      return;
    }
    expect(page.status).toBe(200);
    expect(exported.status).toBe(200);
    const rows = (await exported.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; occurredAt: string });
    const shown = seqsOnPage(html).filter((s) => s <= before);
    expect(shown).toEqual([...shown].sort((x, y) => y - x)); // newest first
    expect(rows.map((r) => r.seq).filter((s) => s <= before).sort((x, y) => y - x)).toEqual(shown);
    expect(rows.filter((r) => Date.parse(r.occurredAt) < SEEDED_BEFORE)).toHaveLength(expected);
  });

  it('when filters are typed the way the table shows them or cannot be read, then they are refused with a message, never ignored', async () => {
    const refused = async (q: string) => (await officer.get(`/console/audit?${q}`)).status;
    expect(await refused('actor=User%207000001')).toBe(400);
    expect(await refused('contactId=abc')).toBe(400);
    const swapped = await (await officer.get('/console/audit?from=2026-11-05T00:00&to=2026-11-02T00:00')).text();
    expect(swapped).toContain('“From” is after “Until”: swap the two times, or clear one of them.');
    expect(swapped).toContain('id="f-from" name="from" type="datetime-local" value="2026-11-05T00:00" aria-invalid="true"');
  });

  it('when the page opens, then the actor picker lists who is in the log, actions read as words, long property lists collapse and contacts link to HubSpot', async () => {
    const html = await (await officer.get('/console/audit')).text();
    for (const option of ['<option value="user:7000001">HubSpot user 7000001</option>', '<option value="user:7000002">Front desk 2</option>', '<option value="hubspot">HubSpot</option>', '<option value="system:worker">CareQual background worker</option>', '<option value="system">CareQual (any process)</option>']) {
      expect(html).toContain(option);
    }
    expect(html).toContain('<td data-label="Action" title="contact.read">Read contact</td>');
    expect(html).toContain('<td data-label="Actor">Front desk 2</td>');
    expect(html).toMatch(/<h2 id="audit-count">\d+ entries match<\/h2>/);
    expect(html).toContain('<summary>30 properties</summary>');
    expect(html).toContain('<span class="mono">email, zip</span>');
    expect(html).toContain(`href="${f.config.HUBSPOT_AUTH_BASE_URL}/contacts/${a.portalId}/record/0-1/151"`);
    expect(html).not.toContain('wrap-anywhere');
  });

  it('when there are more entries than a page holds, then pages run newest first with a total, previous/next and page numbers', async () => {
    const b = await f.addPortal(tenantId(7_101_902));
    await createAuditLog(f.runtime.services).append(
      Array.from({ length: 120 }, (_, i): AuditEntryInput => ({ portalId: b.portalId, action: 'contact.read', actor: { kind: 'system', role: 'worker' }, objectType: 'contact', objectId: String(1000 + i), outcome: 'success', occurredAt: new Date(Date.UTC(2026, 10, 1, 0, i)) })),
    );
    const browser = new ConsoleBrowser(f.baseUrl);
    await browser.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, b.portalId, b.adminId);
    const filter = 'action=contact.read';
    const second = await (await browser.get(`/console/audit?${filter}&page=2`)).text();
    expect(second).toContain('Entries 51–100 of 120, newest first');
    expect(seqsOnPage(second)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    expect(second).toContain(`href="/console/audit?action=contact.read" rel="prev">Previous</a>`);
    expect(second).toContain(`href="/console/audit?action=contact.read&amp;page=3" rel="next">Next</a>`);
    expect(second).toContain('<span class="btn btn-small" aria-current="page">Page 2</span>');
    const last = await (await browser.get(`/console/audit?${filter}&page=3`)).text();
    expect(seqsOnPage(last)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(last).not.toContain('rel="next"');
    const bad = await browser.get(`/console/audit?${filter}&page=zero`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('That page number does not exist');
  });
});
