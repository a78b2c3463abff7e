import { tenantId } from '../../src/app/ports/ids';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { buildDefaultCriteria, buildEffectivenessReport, type Suggestion } from '../../src/core';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/**
 * "Open as a draft in Simulate" over the running app: a finished run's suggestions (stored as a
 * run would store them) become a saved draft version, audited, and Simulate opens with it.
 */
describe('console effectiveness suggestions opened in Simulate (real app)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;
  let viewer: ConsoleBrowser;
  const template = buildDefaultCriteria();
  const [top, next] = template.bands;
  const rule = template.rules.fit[0]!;
  const suggestions: Suggestion[] = [
    { kind: 'threshold', band: top!.band, from: top!.minScore, to: next!.minScore + 1, separationFrom: 0.31, separationTo: 0.52 },
    { kind: 'points', ruleId: rule.id, from: rule.points, to: -rule.points, rateWith: 0.1, rateWithout: 0.6 },
    { kind: 'threshold', band: top!.band, from: top!.minScore + 3, to: top!.minScore - 1, separationFrom: 0.2, separationTo: 0.4 },
  ];

  const versionsOf = async () => (await f.criteria.listVersions(a.portalId)).map((v) => v.version);
  const savedEntries = async () => (await f.runtime.services.db.query<{ object_id: string; actor_id: string }>(
    `SELECT object_id, actor_id FROM audit_log WHERE portal_id = $1 AND action = 'criteria.saved' ORDER BY seq`, [a.portalId],
  )).rows;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_120_101));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    const store = new EffectivenessRepository(f.runtime.services.db);
    const window = { windowStart: new Date('2026-09-01T00:00:00Z'), windowEnd: new Date('2026-11-30T00:00:00Z') };
    await store.startRun({ id: `sugg-${a.portalId}`, portalId: a.portalId, requestedBy: 'nightly', basis: 'b', ...window });
    await store.finishRun(`sugg-${a.portalId}`, { ...buildEffectivenessReport([], { asOf: window.windowEnd, timeZone: 'UTC' }), suggestions }, { contactsRead: 0, hubspotCalls: 13 });
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
    viewer = new ConsoleBrowser(f.baseUrl);
    await viewer.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.viewerId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when an admin opens the threshold suggestion, then a draft with that threshold is saved, audited as criteria.saved, and Simulate opens with it selected', async () => {
    const page = await (await admin.get('/console/effectiveness')).text();
    expect(page.match(/Open as a draft in Simulate/g)).toHaveLength(3);
    const res = await admin.post('/console/effectiveness/draft', { suggestion: '0', _csrf: await admin.csrfToken() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/simulate?draft=2');
    const draft = await f.criteria.tryGetVersion(a.portalId, 2);
    expect(draft?.criteria.bands.find((b) => b.band === top!.band)?.minScore).toBe(next!.minScore + 1);
    expect(draft?.published).toBe(false);
    expect(draft?.note).toBe(`Effectiveness suggestion: ${top!.band} band from ${top!.minScore} to ${next!.minScore + 1}`);
    expect(await savedEntries()).toEqual([{ object_id: 'v2', actor_id: String(a.adminId) }]);
    const simulate = await (await admin.get(res.headers.get('location')!)).text();
    expect(simulate).toMatch(/<option value="2" selected>v2/);
  });

  it('when an admin opens the points suggestion, then the draft flips that rule\'s points and nothing else', async () => {
    const res = await admin.post('/console/effectiveness/draft', { suggestion: '1', _csrf: await admin.csrfToken() });
    expect(res.headers.get('location')).toBe('/console/simulate?draft=3');
    const { version: _stamp, ...draft } = (await f.criteria.tryGetVersion(a.portalId, 3))!.criteria as typeof template & { version?: string };
    expect(draft.rules.fit[0]!.points).toBe(-rule.points);
    expect({ ...draft, rules: { ...draft.rules, fit: draft.rules.fit.slice(1) } }).toEqual({ ...template, name: 'Harbor Physical Therapy', rules: { ...template.rules, fit: template.rules.fit.slice(1) } });
  });

  it('when a suggestion no longer fits the live criteria or is not among the figures, then nothing is saved and the page says why', async () => {
    const before = await versionsOf();
    const outdated = await admin.post('/console/effectiveness/draft', { suggestion: '2', _csrf: await admin.csrfToken() });
    expect(outdated.headers.get('location')).toBe('/console/effectiveness?notice=suggestion_outdated');
    expect(await (await admin.get(outdated.headers.get('location')!)).text()).toContain('The live criteria changed since these figures were computed');
    const missing = await admin.post('/console/effectiveness/draft', { suggestion: '7', _csrf: await admin.csrfToken() });
    expect(missing.headers.get('location')).toBe('/console/effectiveness?notice=suggestion_not_found');
    const garbage = await admin.post('/console/effectiveness/draft', { suggestion: '<b>', _csrf: await admin.csrfToken() });
    expect(garbage.headers.get('location')).toBe('/console/effectiveness?notice=suggestion_not_found');
    expect(await versionsOf()).toEqual(before);
  });

  it('when a viewer looks at the suggestions, then there is no button and the draft route is refused', async () => {
    expect(await (await viewer.get('/console/effectiveness')).text()).not.toContain('Open as a draft in Simulate');
    const before = await versionsOf();
    expect((await viewer.post('/console/effectiveness/draft', { suggestion: '0', _csrf: await viewer.csrfToken() })).status).toBe(403);
    expect(await versionsOf()).toEqual(before);
  });
});
