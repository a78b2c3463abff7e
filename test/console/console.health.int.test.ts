import { tenantId } from '../../src/app/ports/ids';
import { CONSOLE_ASSETS } from '../../src/adapters/http/console/console-assets';
import type { AuditEntryInput } from '../../src/app/ports/audit-log.port';
import { createAuditLog } from '../../src/main/audit.wiring';
import { ConsoleBrowser, seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** Issue 19: the Health page names scheduled re-checks as such and shows a re-score live, then what it changed. */
describe('console health (real app, HubSpot sandbox)', () => {
  let f: ConsoleFixture;
  let a: ConsolePortal;
  let admin: ConsoleBrowser;

  beforeAll(async () => {
    f = await startConsoleFixture();
    a = await f.addPortal(tenantId(7_107_001));
    await seedCriteria(f.criteria, a.portalId, 'Harbor Physical Therapy');
    admin = new ConsoleBrowser(f.baseUrl);
    await admin.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, a.portalId, a.adminId);
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  /** What the background worker does when a run ends: contacts written (or refused), the run marked finished. */
  async function finishRun(written: string[], refused: string[]): Promise<void> {
    const entry = (id: string, outcome: 'success' | 'failure'): AuditEntryInput => ({
      portalId: a.portalId, action: 'contact.written', actor: { kind: 'system', role: 'worker' }, objectType: 'contact', objectId: id, outcome,
      ...(outcome === 'failure' ? { errorCode: 'hubspot.validation' } : {}),
    });
    await createAuditLog(f.runtime.services).append([...written.map((id) => entry(id, 'success')), ...refused.map((id) => entry(id, 'failure'))]);
    const total = written.length + refused.length + 1;
    await f.runtime.services.db.query(`UPDATE backfill_runs SET status = 'finished', contacts_enqueued = $2, contacts_done = $2, pages_enqueued = 1, finished_at = now() WHERE portal_id = $1`, [a.portalId, total]);
  }

  it('when the page opens, then queued work and scheduled re-checks are named apart, and no re-score has run yet', async () => {
    const html = await (await admin.get('/console/health')).text();
    expect(html).toContain('<div class="kpi-label">Waiting to score</div>');
    expect(html).toContain('<div class="kpi-label">Scheduled re-checks</div>');
    expect(html).toContain('No re-score has run yet.');
    expect(html).toContain(`<script src="${CONSOLE_ASSETS.rescore.url}" defer></script>`);
    const script = await admin.get(CONSOLE_ASSETS.rescore.url);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('when a re-score runs, then the page says "Running" in words with the button disabled; when it finishes, the JSON and the page say what changed and the button is back', async () => {
    expect((await admin.post('/console/health/rescore', { _csrf: await admin.csrfToken() })).status).toBe(303);
    const running = await (await admin.get('/console/health')).text();
    expect(running).toContain('<span class="chip chip-info" data-rescore-status>Running</span>');
    expect(running).toMatch(/data-rescore-button disabled>Re-score all<\/button>/);
    expect(running).toContain('data-running="true"');
    expect(await (await admin.get('/console/health/rescore.json')).json()).toMatchObject({ run: { status: 'running' }, summary: null, words: { status: 'Running' } });

    await finishRun(['301', '302'], ['303']);
    const progress = await (await admin.get('/console/health/rescore.json')).json();
    expect(progress).toMatchObject({
      run: { status: 'finished', contactsDone: 4, contactsEnqueued: 4 }, summary: { changed: 2, failed: 1, capped: false },
      words: { status: 'Finished', tone: 'ok', progress: '4 of 4 contacts re-scored', summary: '4 contacts re-scored: 2 got a new result in HubSpot, the others were unchanged. HubSpot refused 1 write: see Last errors.' },
    });
    const finished = await (await admin.get('/console/health')).text();
    expect(finished).toContain('<span class="chip chip-ok" data-rescore-status>Finished</span>');
    expect(finished).toContain('2 got a new result in HubSpot');
    expect(finished).toMatch(/data-rescore-button>Re-score all<\/button>/);
    expect(finished).toContain('data-running="false"');
  });
});
