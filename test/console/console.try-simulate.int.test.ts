import { tenantId } from '../../src/app/ports/ids';
import { buildDefaultCriteria } from '../../src/core';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** The options of a select, as "value=label" (selected ones marked with *). */
function options(html: string, selectId: string): string[] {
  const select = new RegExp(`<select id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => `${m[1]}=${m[3]}${m[2] ? '*' : ''}`);
}

describe('try a lead and simulate (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;
  const system = { actor: { kind: 'system', role: 'cli' } as const };

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_106_001));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    // Two drafts after the live version 1; the newest lets everyone through (no hard stops).
    await f.criteria.saveVersion(a.portalId, { ...buildDefaultCriteria(), name: 'Harbor PT, wider' }, { ...system, note: 'Wider' });
    await f.criteria.saveVersion(a.portalId, { ...buildDefaultCriteria(), name: 'Harbor PT, no hard stops', hardStops: [] }, { ...system, note: 'No hard stops' });
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when Try a lead opens, then its inputs are empty with no placeholder, labels name no HubSpot property (the hover does), and every draft is labelled a draft', async () => {
    const html = await (await admin.get('/console/try')).text();
    const form = html.slice(html.indexOf('<form class="card" method="post" action="/console/try"'), html.indexOf('</form>', html.indexOf('action="/console/try"')));
    expect(form).not.toContain('placeholder=');
    expect(form).not.toMatch(/<input id="try-[^"]*" name="in:[^"]*"[^>]* value="[^"]+"/);
    expect(form).toMatch(/<label for="try-zip" title="HubSpot property: zip">ZIP code<\/label>/);
    expect(form).not.toMatch(/<label[^>]*>[^<]*<span class="hint mono">/);
    expect(form).toContain('<span class="hint" id="try-state-hint">e.g. NY</span>');
    expect(options(html, 'try-criteria')).toEqual(['3=v3 (draft) — No hard stops', '2=v2 (draft) — Wider', '1=v1 (live)*']);
  });

  it('when Try a lead is sent empty, then it says there is nothing to score instead of showing a result', async () => {
    const res = await admin.post('/console/try', { _csrf: await admin.csrfToken(), criteria: '1', 'in:message': '   ' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Nothing to score yet');
    expect(html).not.toMatch(/aria-label="Score \d+ of 100"/);
  });

  it('when Simulate opens, then it offers the newest draft against what is live, not live against itself', async () => {
    const html = await (await admin.get('/console/simulate')).text();
    expect(options(html, 'sim-draft')).toEqual(['3=v3 (draft) — No hard stops*', '2=v2 (draft) — Wider', '1=v1 (live)']);
    expect(options(html, 'sim-against')).toEqual(['3=v3 (draft) — No hard stops', '2=v2 (draft) — Wider', '1=v1 (live)*']);
  });

  it('when a simulation runs with the defaults, then it lists the contacts that move by id, each linked to its HubSpot record, and no other contact data', async () => {
    const ids = await f.sandbox.createContacts(a.portalId, [
      { email: 'pat.one@example.com', zip: '94105', message: 'pricing?' },
      { email: 'pat.two@example.com', zip: '10018', message: 'Can I book a consultation this week?' },
    ]);
    const res = await admin.post('/console/simulate', { _csrf: await admin.csrfToken(), sample: '50' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('v3 (draft) compared with v1 (live)');
    const linked = [...html.matchAll(/<a class="mono" href="([^"]+)" target="_blank" rel="noopener noreferrer">(\d+)<\/a>/g)];
    expect(linked.length).toBeGreaterThan(0);
    for (const [, href, id] of linked) {
      expect(ids).toContain(id);
      expect(href).toBe(`${f.config.HUBSPOT_AUTH_BASE_URL}/contacts/${a.portalId}/record/0-1/${id}`);
    }
    for (const phi of ['pat.one@example.com', 'pat.two@example.com', '94105', 'pricing?', 'consultation this week']) expect(html).not.toContain(phi);
  });

  it('when no draft is newer than what is live (just after a publish), then Simulate offers the live version against the one live before it', async () => {
    for (const version of ['2', '3']) expect((await admin.post('/console/criteria/publish', { version, _csrf: await admin.csrfToken() })).status).toBe(303);
    const html = await (await admin.get('/console/simulate')).text();
    expect(html).toContain('No draft is newer than what is live.');
    expect(options(html, 'sim-draft')).toContain('3=v3 (live) — No hard stops*');
    expect(options(html, 'sim-against')).toContain('2=v2 (earlier) — Wider*');
    const run = await (await admin.post('/console/simulate', { _csrf: await admin.csrfToken(), draft: '3', against: '2', sample: '10' })).text();
    expect(run).toContain('v3 (live) compared with v2 (earlier)');
  });
});
