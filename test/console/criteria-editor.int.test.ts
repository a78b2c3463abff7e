import { tenantId } from '../../src/app/ports/ids';
import { dataModeFor, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { formFields } from '../support/console-form';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture } from '../support/console-fixture';

/**
 * The criteria editor over HTTP (real app, HubSpot sandbox): Basics first, the condition
 * builder, plain-word errors, the portal's properties and owners as choices, and "+ Add"
 * without the script returning to the new row.
 */
describe('criteria editor (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let admin: ConsoleBrowser;
  const portalId = 7_301_001;
  const adminId = 9_301_001;

  /** A portal whose HubSpot users sit in teams, installed with `scopes`, with an admin signed in. */
  async function portalWithTeams(id: number, userBase: number, scopes: readonly string[]): Promise<ConsoleBrowser> {
    f.sandbox.createPortal({
      portalId: id, users: [
        { id: userBase, email: `admin@p${id}.example`, superAdmin: true, firstName: 'Alex', lastName: 'Admin', teams: [{ id: '51', name: 'Front desk', primary: true }] },
        { id: userBase + 1, email: `rita@p${id}.example`, firstName: 'Rita', lastName: 'Ramos', teams: [{ id: '51', name: 'Front desk', primary: true }] },
        { id: userBase + 2, email: `omar@p${id}.example`, firstName: 'Omar', lastName: 'Odu', teams: [{ id: '52', name: 'Intake nurses', primary: true }, { id: '51', name: 'Front desk', primary: false }] },
      ],
    });
    const tokens = f.sandbox.installApp({ clientId: f.config.HUBSPOT_CLIENT_ID, portalId: id, userId: userBase, scopes: [...scopes] });
    await f.installations.saveInstalled({
      portalId: tenantId(id), scopes: [...scopes], dataMode: dataModeFor(scopes), installedByUserId: userBase, hubDomain: `p${id}.example`,
      accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: new Date(Date.now() + tokens.expires_in * 1000), propertiesVersion: 'test-1',
    });
    await seedCriteria(f.criteria, tenantId(id), 'Harbor Physical Therapy');
    const browser = new ConsoleBrowser(f.baseUrl);
    await browser.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, tenantId(id), userBase);
    return browser;
  }

  beforeAll(async () => {
    f = await startConsoleFixture();
    admin = await portalWithTeams(portalId, adminId, REQUIRED_SCOPES);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const editorPage = async (browser = admin) => (await browser.get('/console/criteria')).text();

  it('when the editor opens, then Basics come first, Advanced is collapsed, and the template\'s rules show in the builder without JSON', async () => {
    const html = await editorPage();
    const basics = html.indexOf('<h2>Basics</h2>');
    expect(basics).toBeGreaterThan(0);
    expect(basics).toBeLessThan(html.indexOf('<h2>Scoring</h2>'));
    expect(html).toMatch(/<details class="editor-part editor-advanced" id="part-advanced"><summary>/);
    expect(html).toContain('name="cond:rules.intent[0].when"');
    expect(html).toMatch(/<select id="f-rules-intent-0-when-0-s" name="cs:rules.intent\[0\].when~0" data-cb-signal>/);
    expect(html).not.toMatch(/<textarea[^>]*name="j:/);
    expect(html).toMatch(/<script src="\/console\/assets\/criteria-editor\.[0-9a-f]{12}\.js" defer><\/script>/);
    expect(html).not.toMatch(/<script>(?!<)/);
  });

  it('when the editor opens, then the "what to check" list is on the page once, and each condition with a chosen signal carries only that choice', async () => {
    const html = await editorPage();
    const selects = [...html.matchAll(/data-cb-signal>([\s\S]*?)<\/select>/g)].map((m) => m[1]!);
    const chosen = selects.filter((s) => s.includes(' selected'));
    expect(chosen.length).toBeGreaterThan(5);
    for (const s of chosen) expect(s.match(/<option /g)).toHaveLength(2);
    expect(html.match(/<select data-cb-signal-options>/g)).toHaveLength(1);
    expect(html.match(/<optgroup label="Insurance">/g)).toHaveLength(1 + selects.length - chosen.length);
  });

  it('when the mapping is shown, then every input offers the portal\'s own properties (internal name and label) from one list on the page', async () => {
    const html = await editorPage();
    expect(html.match(/<datalist id="cq-contact-properties">/g)).toHaveLength(1);
    expect(html).toContain('<option value="email" label="Email"></option>');
    expect(html).toMatch(/<input id="f-propertyMap-email-0" name="ot:propertyMap.email\[0\]" type="text" value="email" list="cq-contact-properties"[^>]*>/);
    expect(html).toMatch(/<input id="f-propertyMap-email-1" name="ot:propertyMap.email\[1\]" type="text" value="" list="cq-contact-properties"/);
    expect(html.match(/<option value="email" /g)).toHaveLength(1);
  });

  it('when the portal\'s HubSpot users are read, then the owner picker lists them by team, and a ticked owner is saved as the follow-up owner', async () => {
    const html = await editorPage();
    expect(html).toMatch(/<legend>Front desk<\/legend>[\s\S]*Alex Admin[\s\S]*Rita Ramos[\s\S]*<legend>Intake nurses<\/legend>[\s\S]*Omar Odu/);
    const rita = /<input type="checkbox" id="(f-owner-\d+)" name="(ot:followUp\.ownerIds\[\d+\])" value="(\d+)"[^>]*> Rita Ramos/.exec(html);
    expect(rita).not.toBeNull();
    const fields = formFields(html);
    fields.set(rita![2]!, rita![3]!);
    fields.set('_op', 'save');
    expect((await admin.post('/console/criteria', fields)).status).toBe(303);
    const saved = (await f.criteria.listVersions(tenantId(portalId)))[0]!;
    expect((await f.criteria.tryGetVersion(tenantId(portalId), saved.version))!.criteria.followUp).toEqual({ ownerIds: [rita![3]] });
  });

  it('when the install was granted without the owners scope, then the editor still opens, offering owner ids as text with a note', async () => {
    const older = await portalWithTeams(7_301_002, 9_301_011, REQUIRED_SCOPES.filter((s) => s !== 'crm.objects.owners.read'));
    const res = await older.get('/console/criteria');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your HubSpot users could not be loaded just now');
    expect(html).toMatch(/<input id="f-followUp-ownerIds" name="ol:followUp.ownerIds" type="text"/);
  });

  it('when HubSpot refuses the property list, then the mapping falls back to typed internal names with a note, and the page still opens', async () => {
    const limited = await portalWithTeams(7_301_003, 9_301_021, ['oauth', 'crm.objects.owners.read']);
    const res = await limited.get('/console/criteria');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your HubSpot properties could not be loaded just now; you can still type internal property names.');
    expect(html).toMatch(/<input id="f-propertyMap-email-0" name="ot:propertyMap.email\[0\]" type="text" value="email"/);
    expect(html).toContain('<legend>Front desk</legend>');
  });

  it('when a save has problems, then the summary names each item in words, with no code paths, and nothing is saved', async () => {
    const fields = formFields(await editorPage());
    fields.set('t:serviceLines[1].label', '');
    fields.set('n:scoring.weights.fit', '0.9');
    fields.set('n:bands[1].minScore', '90');
    fields.set('_op', 'save');
    const before = (await f.criteria.listVersions(tenantId(portalId))).length;
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    const summary = html.slice(html.indexOf('class="error-summary"'), html.indexOf('</ul>', html.indexOf('class="error-summary"')));
    expect(summary).toContain('Service line 2 needs a name');
    expect(summary).toContain('The fit, intent and readiness weights must add up to 1');
    expect(summary).toContain('The medium band: starting score must be lower than the starting score of the high band');
    expect(summary).not.toMatch(/\w\[\d+\]|scoring\.|\.minScore/);
    expect(html).toMatch(/<details class="editor-part editor-advanced" id="part-advanced" open>/);
    expect(await f.criteria.listVersions(tenantId(portalId))).toHaveLength(before);
  });

  it('when a builder row compares a signal in a way it cannot be compared, then the message sits on that row and the rule opens', async () => {
    const fields = formFields(await editorPage());
    fields.set('co:rules.readiness[0].when~0', 'gte');
    fields.set('_op', 'save');
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Readiness rule 1 “wants care as soon as possible”: condition must be “is” or “is not” or “is any of” or “is none of” for “Timeline”');
    const row = html.slice(html.indexOf('data-row-path="rules.readiness[0]"'), html.indexOf('data-row-path="rules.readiness[1]"'));
    expect(row).toMatch(/^data-row-path="rules\.readiness\[0\]"><details class="rule" open>/);
    expect(row).toMatch(/<div class="cb-row field-invalid" data-cb-row data-key="rules\.readiness\[0\]\.when~0">[\s\S]*<span class="field-error">must be “is” or “is not”/);
  });

  it('when "+ Add fit rule" is pressed without the script, then the page returns to the new rule (#added-row) with nothing chosen for it', async () => {
    const html = await editorPage();
    expect(html).toMatch(/<button type="submit" class="btn btn-small" name="_op" value="add:rules.fit" formaction="\/console\/criteria#added-row"/);
    const fields = formFields(html);
    const count = [...fields.keys()].filter((k) => /^cond:rules\.fit\[\d+\]\.when$/.test(k)).length;
    fields.set('_op', 'add:rules.fit');
    const res = await admin.post('/console/criteria', fields);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(new RegExp(`<div class="row-item rule-row" data-row-path="rules\\.fit\\[${count}\\]" id="added-row"`));
    const row = page.slice(page.indexOf('id="added-row"'), page.indexOf('</details>', page.indexOf('id="added-row"')));
    const signal = /data-cb-signal>([\s\S]*?)<\/select>/.exec(row)![1]!;
    expect(signal).toMatch(/^<option value="">Choose what to check…<\/option>/);
    expect(signal).not.toContain(' selected');
    expect(row).toMatch(/name="t:rules\.fit\[\d+\]\.reason" type="text" value=""/);
  });

  it('when a rule is added with the builder only, then the saved version has it with an id and a reason in words', async () => {
    const fields = formFields(await editorPage());
    const n = [...fields.keys()].filter((k) => /^cond:rules\.intent\[\d+\]\.when$/.test(k)).length;
    const p = `rules.intent[${n}]`;
    for (const [k, v] of Object.entries({ [`n:${p}.points`]: '12', [`t:${p}.id`]: '', [`t:${p}.reason`]: '', [`cond:${p}.when`]: '1', [`cm:${p}.when`]: 'any',
      [`cs:${p}.when~0`]: 'engagement.pageViews', [`co:${p}.when~0`]: 'gte', [`cv:${p}.when~0`]: '8', [`cs:${p}.when~1`]: 'referral.type', [`co:${p}.when~1`]: 'in' })) fields.set(k, v);
    fields.append(`cv:${p}.when~1`, 'physician');
    fields.append(`cv:${p}.when~1`, 'word_of_mouth');
    fields.set('_op', 'save');
    expect((await admin.post('/console/criteria', fields)).status).toBe(303);
    const saved = (await f.criteria.listVersions(tenantId(portalId)))[0]!;
    const rule = (await f.criteria.tryGetVersion(tenantId(portalId), saved.version))!.criteria.rules.intent[n]!;
    expect(rule).toEqual({
      id: 'pages-viewed-at-least-8-or-referral', points: 12, reason: 'pages viewed at least 8 or referral is any of physician or word of mouth',
      when: { any: [{ signal: 'engagement.pageViews', op: 'gte', value: 8 }, { signal: 'referral.type', op: 'in', value: ['physician', 'word_of_mouth'] }] },
    });
  });

  it('when the editor script is fetched, then it is served from CareQual as JavaScript, cached by content hash', async () => {
    const url = /<script src="(\/console\/assets\/criteria-editor\.[0-9a-f]{12}\.js)"/.exec(await editorPage())![1]!;
    const res = await fetch(`${f.baseUrl}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain('beforeunload');
  });
});
