import { tenantId } from '../../src/app/ports/ids';
import { formFields } from '../support/console-form';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

describe('console pages (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_101_001));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const auditRows = async (action: string) =>
    (await f.runtime.services.db.query<{ object_id: string | null; property_names: string[] }>('SELECT object_id, property_names FROM audit_log WHERE portal_id = $1 AND action = $2 ORDER BY seq', [a.portalId, action])).rows;

  it('when the editor opens, then every section shows the live version, with the portal\'s real HubSpot properties to pick from, and the view is audited', async () => {
    const html = await (await admin.get('/console/criteria')).text();
    for (const title of ['Locations and service radius', 'Service lines', 'Accepted payers', 'Field mapping', 'Points per rule', 'Hard stops', 'Bands, outcomes and response times', 'Business hours']) expect(html).toContain(title);
    expect(html).toContain('value="Harbor Physical Therapy"');
    expect(html).toMatch(/<option value="hs_analytics_source" label="[^"]+"><\/option>/);
    expect(await auditRows('criteria.viewed')).not.toHaveLength(0);
  });

  it('when a field is invalid, then the form comes back 422 with a plain message beside that field and nothing is saved', async () => {
    const fields = formFields(await (await admin.get('/console/criteria')).text());
    fields.set('n:bands[0].minScore', '150');
    fields.set('t:locations[0].name', '');
    fields.set('_op', 'save');
    const before = (await f.criteria.listVersions(a.portalId)).length;
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Nothing was saved');
    expect(html).toMatch(/id="f-bands-0-minScore"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<span class="field-error" id="f-bands-0-minScore-error">must be at most 100<\/span>/);
    expect(html).toMatch(/<span class="field-error" id="f-locations-0-name-error">must not be empty<\/span>/);
    expect(await f.criteria.listVersions(a.portalId)).toHaveLength(before);
  });

  it('when a mapped property does not exist in the HubSpot account, then that mapping field says so', async () => {
    const fields = formFields(await (await admin.get('/console/criteria')).text());
    fields.set('ot:propertyMap.zip[0]', 'postal_code_typo');
    fields.set('_op', 'save');
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="f-propertyMap-zip-0-error">is not a contact property in your HubSpot account/);
  });

  it('when an admin adds a location row, then the form comes back with an empty row and nothing is saved', async () => {
    const fields = formFields(await (await admin.get('/console/criteria')).text());
    fields.set('_op', 'add:locations');
    const before = (await f.criteria.listVersions(a.portalId)).length;
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="t:locations[2].name"');
    expect(await f.criteria.listVersions(a.portalId)).toHaveLength(before);
  });

  it('when an admin changes a radius and publishes, then a new version is live, the history shows it and the diff names exactly that field', async () => {
    const fields = formFields(await (await admin.get('/console/criteria')).text());
    fields.set('n:locations[0].serviceRadiusMiles', '40');
    fields.set('note', 'Wider radius');
    fields.set('_op', 'publish');
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(303);
    const versions = await f.criteria.listVersions(a.portalId);
    const latest = versions[0]!;
    expect(latest.note).toBe('Wider radius');
    expect((await f.criteria.listVersions(a.portalId)).find((v) => v.published)?.version).toBe(latest.version);
    expect((await f.criteria.tryGetVersion(a.portalId, latest.version))!.criteria.locations[0]!.serviceRadiusMiles).toBe(40);
    const history = await (await admin.get('/console/criteria/versions')).text();
    expect(history).toContain('Wider radius');
    const diff = await (await admin.get(`/console/criteria/diff?from=1&to=${latest.version}`)).text();
    expect(diff).toContain('1 thing differs');
    expect(diff).toMatch(/Location “[^”]+” › service radius \(miles\)/);
    expect((await auditRows('criteria.saved')).map((r) => r.object_id)).toContain(`v${latest.version}`);
    expect((await auditRows('criteria.published')).map((r) => r.object_id)).toContain(`v${latest.version}`);
  });

  it('when an admin rolls back to version 1, then version 1 is live again and the rollback is audited', async () => {
    const res = await admin.post('/console/criteria/rollback', { version: '1', _csrf: await admin.csrfToken() });
    expect(res.status).toBe(303);
    expect((await f.criteria.listVersions(a.portalId)).find((v) => v.published)?.version).toBe(1);
    expect((await auditRows('criteria.rolled_back')).map((r) => r.object_id)).toContain('v1');
  });

  it('when a lead is tried, then score, band, outcome, reasons and respond-by come back, and nothing reaches HubSpot', async () => {
    const before = f.sandbox.counters(a.portalId).requests;
    const res = await admin.post('/console/try', {
      _csrf: await admin.csrfToken(), criteria: '1', 'in:message': 'I would like to book a consultation next week', 'in:zip': '10018', 'in:email': 'pat@example.com', 'in:phone': '+1 212 555 0148',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/aria-label="Score \d+ of 100"/);
    expect(html).toContain('consultation requested');
    expect(html).toContain('Respond by');
    expect(f.sandbox.counters(a.portalId).requests).toBe(before);
  });

  it('when the audit log is filtered and exported, then the CSV streams this portal\'s entries and the export is audited', async () => {
    const page = await (await admin.get('/console/audit?action=criteria.published')).text();
    expect(page).toContain('<td data-label="Action" title="criteria.published">Published criteria</td>');
    expect(page).not.toContain('title="criteria.viewed"');
    const res = await admin.get('/console/audit/export.csv?action=criteria.published');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="carequal-audit-7101001-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^portal_id,seq,occurred_at/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(',criteria.published,'))).toBe(true);
    expect(await auditRows('audit.exported')).toHaveLength(1);
    expect(await auditRows('audit.viewed')).not.toHaveLength(0);
  });

  it('when "verify integrity" is pressed, then the page reports an intact chain and the check is audited', async () => {
    const res = await admin.post('/console/audit/verify', { _csrf: await admin.csrfToken() });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Every entry verifies');
    expect(await auditRows('audit.verified')).toHaveLength(1);
  });

  it('when a draft is simulated, then recent contacts are read (audited as contact.read with property names), moves are counted and nothing is written', async () => {
    const ids = await f.sandbox.createContacts(a.portalId, [
      { email: 'a@example.com', zip: '10018', message: 'Can I book a consultation this week?' },
      { email: 'b@example.com', zip: '94105', message: 'pricing?' },
      { email: 'c@example.com', zip: '11201', message: 'looking to start physical therapy soon, I have Aetna' },
    ]);
    const fields = formFields(await (await admin.get('/console/criteria?from=1')).text());
    fields.set('n:bands[0].minScore', '20');
    fields.set('n:bands[1].minScore', '10');
    fields.set('_op', 'save');
    expect((await admin.post('/console/criteria', fields)).status).toBe(303);
    const draft = (await f.criteria.listVersions(a.portalId))[0]!.version;
    const res = await admin.post('/console/simulate', { _csrf: await admin.csrfToken(), draft: String(draft), sample: '50' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('What would change');
    expect(html).toMatch(/<svg viewBox="0 0 560 \d+"[^>]*role="img" aria-label="Contacts per band, live versus draft">/);
    const reads = await auditRows('contact.read');
    expect(reads.map((r) => r.object_id).sort()).toEqual([...ids].sort());
    expect(reads[0]!.property_names).toContain('zip');
    expect(await auditRows('criteria.simulated')).toHaveLength(1);
    const contact = (await f.sandbox.getContact(a.portalId, ids[0]!))!;
    expect(Object.keys(contact.properties).filter((k) => k.startsWith('carequal_') && contact.properties[k])).toEqual([]);
  });

  it('when the health page opens, then it shows the connection, properties, queue and rate-limit figures; re-score all starts a run whose progress is polled as JSON', async () => {
    const html = await (await admin.get('/console/health')).text();
    expect(html).toContain('Connected');
    expect(html).toContain('test-1');
    expect(html).toContain('API limit in use');
    // Installed without the sensitive scopes: standard data mode, said in words.
    expect(html).toContain('data-data-mode="standard"');
    expect(html).toContain('no service line or condition');
    const start = await admin.post('/console/health/rescore', { _csrf: await admin.csrfToken() });
    expect(start.status).toBe(303);
    const progress = await (await admin.get('/console/health/rescore.json', { accept: 'application/json' })).json();
    expect(progress).toEqual({ run: expect.objectContaining({ status: 'running', contactsEnqueued: 0, contactsDone: 0 }), summary: null, words: expect.objectContaining({ status: 'Running' }) });
    const rows = await f.runtime.services.db.query('SELECT requested_by, reason FROM backfill_runs WHERE portal_id = $1', [a.portalId]);
    expect(rows.rows).toEqual([{ requested_by: `user:${a.adminId}`, reason: 'rescore' }]);
    const again = await admin.post('/console/health/rescore', { _csrf: await admin.csrfToken() });
    expect(again.headers.get('location')).toContain('rescore_running');
  });

  it('when an editor publishes a draft and asks for a re-score, then it goes live, every contact is queued again and the page says so', async () => {
    const b = await f.addPortal(tenantId(7_101_002));
    await seedCriteria(f.criteria, b.portalId, 'Bay Dental', false);
    const editor = new ConsoleBrowser(f.baseUrl);
    await editor.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, b.portalId, b.adminId);
    const res = await editor.post('/console/criteria/publish', { version: '1', rescore: 'start', _csrf: await editor.csrfToken() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/criteria/versions?notice=published_rescore_started');
    expect(await (await editor.get(res.headers.get('location')!)).text()).toContain('re-scoring of every contact started');
    expect((await f.criteria.listVersions(b.portalId)).find((v) => v.published)?.version).toBe(1);
    const runs = await f.runtime.services.db.query('SELECT requested_by, reason FROM backfill_runs WHERE portal_id = $1', [b.portalId]);
    expect(runs.rows).toEqual([{ requested_by: `user:${b.adminId}`, reason: 'rescore' }]);
  });
});
