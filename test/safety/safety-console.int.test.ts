import { tenantId } from '../../src/app/ports/ids';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** The console's clinical-safety page, over HTTP against the running app and the HubSpot sandbox. */
describe('console: clinical safety page', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_101_014));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Pediatrics');
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const csrf = () => admin.csrfToken();
  const versions = async () => (await f.criteria.listVersions(a.portalId)).map((v) => v.version);

  it('when an admin opens the page, then it shows the built-in list with its version and every language, under a strict CSP and without inline script', async () => {
    const res = await admin.get('/console/safety');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Built-in list <span class="chip chip-neutral">safety-\d{4}\.\d+\.\d+<\/span>/);
    for (const name of ['English', 'Spanish', 'Chinese', 'Russian', 'Haitian Creole', 'Bengali', 'Korean', 'Vietnamese', 'Arabic']) expect(html).toContain(`<summary>${name} `);
    expect(html).toContain('crushing chest');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\ssrc=)[^>]*>[^<]/);
  });

  it('when a Spanish text is tested, then the page names the category and the language and saves nothing', async () => {
    const before = await versions();
    const res = await admin.post('/console/safety/test', { _csrf: await csrf(), text: 'tengo dolor en el pecho y me falta el aire' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>Possible emergency.</strong>');
    expect(html).toMatch(/<li>chest pain or heart <span class="muted">\(Spanish\)<\/span><\/li>/);
    expect(html).toMatch(/<li>breathing <span class="muted">\(Spanish\)<\/span><\/li>/);
    expect(await versions()).toEqual(before);
  });

  it('when an admin adds a phrase, then a new draft version holds it, a tested text now flags it, and the live version is unchanged until published', async () => {
    const text = 'my son has nasal flaring and is so tired';
    const before = await admin.post('/console/safety/test', { _csrf: await csrf(), text });
    expect(await before.text()).toContain('Not flagged: no emergency phrase found.');
    const published = (await f.criteria.tryGetPublished(a.portalId))!.version;

    const res = await admin.post('/console/safety/phrases', { _csrf: await csrf(), op: 'add', category: 'breathing', language: 'en', phrase: 'nasal flaring' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/safety?notice=saved');
    const newest = (await versions())[0]!;
    expect((await f.criteria.tryGetVersion(a.portalId, newest))!.criteria.practiceSafetyPhrases).toEqual([{ category: 'breathing', language: 'en', phrases: ['nasal flaring'] }]);
    expect((await f.criteria.tryGetPublished(a.portalId))!.version).toBe(published);

    const page = await (await admin.get('/console/safety?notice=saved')).text();
    expect(page).toContain(`From v${newest} (draft`);
    expect(page).toMatch(/<td data-label="Category">breathing<\/td><td data-label="Language">English<\/td><td data-label="Phrase">nasal flaring<\/td>/);
    const after = await (await admin.post('/console/safety/test', { _csrf: await csrf(), text })).text();
    expect(after).toMatch(/<li>breathing <span class="muted">\(practice list, English\)<\/span><\/li>/);
  });

  it('when the same phrase is added again, then nothing new is saved', async () => {
    const before = await versions();
    const res = await admin.post('/console/safety/phrases', { _csrf: await csrf(), op: 'add', category: 'breathing', language: 'en', phrase: 'Nasal Flaring' });
    expect(res.headers.get('location')).toBe('/console/safety?notice=unchanged');
    expect(await versions()).toEqual(before);
  });

  it('when a phrase is too short or the category is unknown, then the page answers 422 with the reason and nothing is saved', async () => {
    const before = await versions();
    const short = await admin.post('/console/safety/phrases', { _csrf: await csrf(), op: 'add', category: 'breathing', language: 'en', phrase: 'x' });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Nothing was saved: phrase must be at least 2 characters');
    const unknown = await admin.post('/console/safety/phrases', { _csrf: await csrf(), op: 'add', category: 'sunburn', language: 'en', phrase: 'peeling skin' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Nothing was saved: category');
    expect(await versions()).toEqual(before);
  });

  it('when an admin removes a phrase, then a new draft version no longer holds it', async () => {
    const res = await admin.post('/console/safety/phrases', { _csrf: await csrf(), op: 'remove', category: 'breathing', language: 'en', phrase: 'nasal flaring' });
    expect(res.headers.get('location')).toBe('/console/safety?notice=saved');
    const newest = (await versions())[0]!;
    expect((await f.criteria.tryGetVersion(a.portalId, newest))!.criteria.practiceSafetyPhrases).toBeUndefined();
  });
});
