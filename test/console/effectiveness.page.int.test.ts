import { tenantId } from '../../src/app/ports/ids';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EFFECTIVENESS_QUEUE } from '../../src/adapters/queue/effectiveness.worker';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { seedScoredContacts } from '../support/effectiveness-seed';
import { waitFor } from '../support/wait';

const CANARY = 'effectiveness.canary.4417@example.org';

/**
 * The Effectiveness page over the running app and the HubSpot sandbox. Hand-counted fixture:
 * 40 high-band inquiries (25 booked), 15 medium (4 booked: a small cell), 3 low (0 booked): 29 of 58.
 */
describe('console Effectiveness page (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;
  let viewer: ConsoleBrowser;

  beforeAll(async () => {
    f = await startConsoleFixture({}, { effectivenessWorkers: true });
    a = await f.addPortal(tenantId(7_120_001));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    await seedScoredContacts(f.sandbox, a.portalId, a.accessToken!, 'Harbor Physical Therapy', {
      high: { leads: 40, booked: 25 }, medium: { leads: 15, booked: 4 }, low: { leads: 3, booked: 0 },
    }, { canaryEmail: CANARY });
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
    viewer = new ConsoleBrowser(f.baseUrl);
    await viewer.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.viewerId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when nothing has run yet, then the page says so, a viewer gets no "Run now" and cannot start a run', async () => {
    const res = await viewer.get('/console/effectiveness');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No figures yet');
    expect(html).not.toContain('action="/console/effectiveness/run"');
    expect((await viewer.post('/console/effectiveness/run', { _csrf: await viewer.csrfToken() })).status).toBe(403);
    const exported = await viewer.get('/console/effectiveness/export.csv');
    expect(exported.status).toBe(303);
    expect(exported.headers.get('location')).toBe('/console/effectiveness?notice=nothing_to_export');
  });

  it('when an admin runs it, then the figures appear with every cell under 11 shown as "<11", under the strict CSP', async () => {
    const started = await admin.post('/console/effectiveness/run', { _csrf: await admin.csrfToken() });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe('/console/effectiveness?notice=started');
    const html = await waitFor(async () => {
      const page = await (await admin.get('/console/effectiveness')).text();
      return page.includes('Conversion: booked of qualified') && page;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    const row = (caption: string, label: string) => new RegExp(`<caption>${caption}</caption>[\\s\\S]*?<th scope="row">${label}</th>((?:<td>[^<]*</td>)+)`).exec(html)?.[1]?.match(/<td>([^<]*)<\/td>/g)?.map((c) => c.slice(4, -5));
    expect(html).toContain('29 of 58 scored inquiries booked (50%)');
    // the run went through the effectiveness queue (ids only) and a worker ran it, not the web request
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(EFFECTIVENESS_QUEUE, { connection: redis, prefix: f.prefix });
    const job = await queue.getJob(`eff-${a.portalId}-now`);
    expect(job?.data).toEqual({ portalId: a.portalId, requestedBy: `user:${a.adminId}` });
    await waitFor(async () => (await job?.getState()) === 'completed', { timeoutMs: 10_000, what: 'the Run now job to complete' });
    await queue.close();
    redis.disconnect();
    expect(row('By band', 'High')).toEqual(['40', '25', '63%']);
    expect(row('By band', 'Medium')).toEqual(['15', '&lt;11', '&lt;11']);
    expect(row('By band', 'Low')).toEqual(['&lt;11', '&lt;11', '&lt;11']);
    expect(html).toMatch(/<svg[^>]*aria-label="Booked share by band"/);
    expect(html).not.toContain(CANARY);
    const res = await admin.get('/console/effectiveness');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await res.text()).not.toMatch(/<script>|style="/);
  });

  it('when the CSV is exported, then it holds the same figures with small cells suppressed and no contact data', async () => {
    const res = await viewer.get('/console/effectiveness/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    expect(csv).toContain('conversion byBand,high,booked,25');
    expect(csv).toContain('conversion byBand,medium,booked,<11');
    expect(csv).toContain('conversion byBand,low,qualified,<11');
    expect(csv).not.toMatch(/example\.org|lead\d/);
  });
});
