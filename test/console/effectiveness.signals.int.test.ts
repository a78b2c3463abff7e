import { tenantId } from '../../src/app/ports/ids';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { DEFAULT_OUTCOME_SIGNALS } from '../../src/core';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** The outcome-signal settings form over the running app (HubSpot sandbox for the property list). */
describe('console outcome-signal settings (real app)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;
  let editor: ConsoleBrowser;
  let store: EffectivenessRepository;

  const form = async (browser: ConsoleBrowser, fields: Record<string, string>) => browser.post('/console/effectiveness/signals', {
    'bp:dispositionBooked': '1', 'bp:countTaskCompletion': '1', ...fields, _csrf: await browser.csrfToken(),
  });
  const changes = async () => (await f.runtime.services.db.query<{ actor_id: string; property_names: string[] }>(
    `SELECT actor_id, property_names FROM audit_log WHERE portal_id = $1 AND action = 'effectiveness.signals_changed' ORDER BY seq`, [a.portalId],
  )).rows;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_120_201));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    store = new EffectivenessRepository(f.runtime.services.db);
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
    editor = new ConsoleBrowser(f.baseUrl);
    await editor.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.editorId);
    await admin.post('/console/access/grant', { userId: String(a.editorId), role: 'editor', _csrf: await admin.csrfToken() });
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  it('when an admin opens the settings, then the form shows the defaults and the Effectiveness page links to it', async () => {
    expect(await (await admin.get('/console/effectiveness')).text()).toContain('href="/console/effectiveness/signals"');
    const res = await admin.get('/console/effectiveness/signals');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('This portal uses the defaults.');
    expect(html).toContain('value="engagements_last_meeting_booked"');
    expect(html).toContain('value="opportunity, customer"');
  });

  it('when an admin saves valid settings, then they are stored, audited with the property names the job will read, and shown again', async () => {
    const res = await form(admin, {
      'l:bookedLifecycleStages': ' customer ', 'ot:bookedDateProperty': '', 'ot:bookedProperty.name': 'hs_lead_status', 'ol:bookedProperty.values': 'CONNECTED, OPEN_DEAL',
      'ot:firstOutreachProperty': 'hs_sa_first_engagement_date', 'b:countTaskCompletion': 'on',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/effectiveness/signals?notice=saved');
    expect(await store.tryGetSignals(a.portalId)).toEqual({
      dispositionBooked: false, bookedLifecycleStages: ['customer'], bookedDateProperty: null, bookedProperty: { name: 'hs_lead_status', values: ['CONNECTED', 'OPEN_DEAL'] },
      firstOutreachProperty: 'hs_sa_first_engagement_date', countTaskCompletion: true,
    });
    expect(await changes()).toEqual([{ actor_id: String(a.adminId), property_names: ['carequal_intake_disposition', 'hs_lead_status', 'hs_sa_first_engagement_date', 'lifecyclestage'] }]);
    const html = await (await admin.get('/console/effectiveness/signals?notice=saved')).text();
    expect(html).toContain('Outcome signals saved.');
    expect(html).toContain('This portal has its own settings.');
    expect(html).toContain('value="CONNECTED, OPEN_DEAL"');
  });

  it('when a setting names something that is not an internal name or not a property of the portal, then nothing is saved and the form comes back with the input and the reasons', async () => {
    const before = await store.tryGetSignals(a.portalId);
    const res = await form(admin, { 'l:bookedLifecycleStages': 'customer, Paying Patient', 'ot:bookedDateProperty': 'appointment_booked_on', 'ot:firstOutreachProperty': 'first_call' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('The settings were not saved');
    expect(html).toContain('value="customer, Paying Patient"');
    expect(html).toMatch(/bookedLifecycleStages<\/a>: must be a HubSpot internal name/);
    const unknown = await form(admin, { 'ot:bookedDateProperty': 'appointment_booked_on' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(/bookedDateProperty<\/a>: is not a contact property in your HubSpot account/);
    const valuesWithoutName = await form(admin, { 'ol:bookedProperty.values': 'attended' });
    expect(valuesWithoutName.status).toBe(422);
    const notTheForm = await admin.post('/console/effectiveness/signals', { _csrf: await admin.csrfToken() });
    expect(notTheForm.status).toBe(422);
    expect(await notTheForm.text()).toContain('the form arrived incomplete');
    expect(await store.tryGetSignals(a.portalId)).toEqual(before);
    expect(await changes()).toHaveLength(1);
  });

  it('when an editor opens or posts the settings, then both are refused (admins only)', async () => {
    expect((await editor.get('/console/effectiveness/signals')).status).toBe(403);
    expect((await form(editor, { 'l:bookedLifecycleStages': 'lead' })).status).toBe(403);
    expect(await (await editor.get('/console/effectiveness')).text()).not.toContain('href="/console/effectiveness/signals"');
    expect((await store.tryGetSignals(a.portalId))?.bookedLifecycleStages).toEqual(['customer']);
    expect(DEFAULT_OUTCOME_SIGNALS.bookedLifecycleStages).toEqual(['opportunity', 'customer']);
  });
});
