import { tenantId } from '../../src/app/ports/ids';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { buildEffectivenessReport } from '../../src/core';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { novemberLeads } from '../support/effectiveness-month-fixture';

/**
 * The monthly printable report over the running app. The run's figures are folded by the core
 * from a hand-counted fixture (test/support/effectiveness-month-fixture.ts) and stored as a run
 * stores them; the page and its CSV must show those counts, with every small cell as "<11".
 */
describe('console monthly effectiveness report (real app)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let viewer: ConsoleBrowser;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_120_301));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    const store = new EffectivenessRepository(f.runtime.services.db);
    const window = { windowStart: new Date('2026-09-02T12:00:00Z'), windowEnd: new Date('2026-12-01T12:00:00Z') };
    await store.startRun({ id: `month-${a.portalId}`, portalId: a.portalId, requestedBy: 'nightly', basis: 'b', ...window });
    await store.finishRun(`month-${a.portalId}`, buildEffectivenessReport(novemberLeads(), { asOf: window.windowEnd, timeZone: 'America/New_York' }), { contactsRead: 44, hubspotCalls: 13 });
    viewer = new ConsoleBrowser(f.baseUrl);
    await viewer.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.viewerId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const row = (html: string, caption: string, label: string) => new RegExp(`<caption>${caption}</caption>[\\s\\S]*?<th scope="row">${label}</th>((?:<td>[^<]*</td>)+)`).exec(html)?.[1]?.match(/<td>([^<]*)<\/td>/g)?.map((c) => c.slice(4, -5));

  it('when November is opened, then the page shows its hand-counted figures and charts, small cells as "<11", print-ready and under the strict CSP', async () => {
    const res = await viewer.get('/console/effectiveness/report?month=2026-11');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toContain('Effectiveness report — November 2026');
    expect(html).toContain('17 of 42 scored inquiries booked (40%)');
    expect(row(html, 'By band', 'High')).toEqual(['25', '14', '56%']);
    expect(row(html, 'By band', 'Medium')).toEqual(['12', '&lt;11', '&lt;11']);
    expect(row(html, 'By band', 'Low')).toEqual(['&lt;11', '&lt;11', '&lt;11']);
    // speed of the month: high answered 25, median 10 min, p90 45 min, 25 due; 20 met is shown "<11" (its 5 misses are a small cell)
    expect(html).toMatch(/<th scope="row">High<\/th><td>25<\/td><td>10 min<\/td><td>45 min<\/td><td>25<\/td><td>&lt;11<\/td>/);
    expect(html).toMatch(/<th scope="row">Medium<\/th><td>12<\/td><td>10 min<\/td><td>10 min<\/td><td>12<\/td><td>100%<\/td>/);
    expect(html).toMatch(/<svg[^>]*aria-label="Booked share by band"/);
    expect(html).toContain('class="monthly-report"');
    expect(html).toContain('href="/console/effectiveness/report.csv?month=2026-11"');
    expect(html).not.toMatch(/<script>|style="/);
    const css = await (await viewer.get(/href="(\/console\/assets\/console\.[0-9a-f]+\.css)"/.exec(html)![1]!)).text();
    expect(css).toMatch(/@media print\{[\s\S]*\.monthly-report \.card\{[^}]*break-inside:avoid/);
  });

  it('when October is opened, then only the two late-evening arrivals of 31 October (New York time) are in it, all suppressed', async () => {
    const html = await (await viewer.get('/console/effectiveness/report?month=2026-10')).text();
    expect(html).toContain('&lt;11 of &lt;11 scored inquiries booked (&lt;11)');
    expect(html).toContain('href="/console/effectiveness/report?month=2026-11"');
  });

  it('when the month\'s CSV is exported, then it holds the same figures with small cells suppressed', async () => {
    const res = await viewer.get('/console/effectiveness/report.csv?month=2026-11');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`carequal-effectiveness-${a.portalId}-2026-11.csv`);
    const csv = await res.text();
    expect(csv).toContain('month,all,scored inquiries,42');
    expect(csv).toContain('month,all,booked,17');
    expect(csv).toContain('conversion byBand,high,booked share,56%');
    expect(csv).toContain('conversion byBand,medium,booked,<11');
    expect(csv).toContain('speed byBand,high,respond-by met,<11');
    expect(csv).toContain('speed byBand,high,p90 to first outreach,45 min');
    expect(csv).toContain('stopped then booked,nurture,stopped,<11');
  });

  it('when the month is not YYYY-MM or not in the latest run, then the page says so with the months there are, and the CSV goes back to it', async () => {
    const bad = await viewer.get('/console/effectiveness/report?month=Nov%202026');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The month must be written YYYY-MM');
    const missing = await viewer.get('/console/effectiveness/report?month=2025-01');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There are no figures for 2025-01 in the latest run.');
    const csv = await viewer.get('/console/effectiveness/report.csv?month=2025-01');
    expect(csv.status).toBe(303);
    expect(csv.headers.get('location')).toBe('/console/effectiveness/report?month=2025-01');
  });
});
