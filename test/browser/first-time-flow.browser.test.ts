/**
 * Issue 19's "Done when", in one go: a first-time practice admin in Chromium, against the real app
 * (web role plus the qualify and backfill workers) started over HTTP with the local HubSpot
 * sandbox. Sign in → set the practice up from the playbook template with only Basics and publish
 * → add a rule with the condition builder → try a lead → simulate → publish → re-score (progress,
 * then the summary, without a reload) → roll back (the editor then opens the live version). No
 * JSON is typed; after every "+ Add" the window stays on the new row and the page never reloads.
 * Needs /usr/bin/chromium, like the other browser tests.
 */
import { tenantId } from '../../src/app/ports/ids';
import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import type { Locator, Page } from 'playwright-core';
import { signInWithHubSpot } from '../support/chromium';
import { startConsoleInBrowser, type ConsoleFixture, type ConsoleInBrowser, type ConsolePortal } from '../support/console-fixture';

/** The viewport and the element's box in it: where the user is looking. */
async function placeOf(page: Page, target: Locator): Promise<{ top: number; bottom: number; scrollY: number; height: number }> {
  const { top, bottom } = await target.evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; });
  const [scrollY, height] = await page.evaluate<[number, number]>('[window.scrollY, window.innerHeight]');
  return { top, bottom, scrollY, height };
}

/** Marks the current document; the mark is gone if the page was loaded again. */
const markDocument = (page: Page) => page.evaluate('window.__sameDocument = true');
const sameDocument = (page: Page) => page.evaluate<boolean>('window.__sameDocument === true');

describe('a first-time practice admin in Chromium, from sign-in to roll back', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let page: Page;
  let base: string;
  let browserConsole: ConsoleInBrowser | undefined;

  beforeAll(async () => {
    browserConsole = await startConsoleInBrowser(tenantId(4_417_600), { viewport: { width: 1280, height: 860 }, waitMs: 30_000, workers: { pipelineWorkers: true } });
    ({ f, portal, page, base } = browserConsole);
    const client = new HubSpotClient(new HubSpotHttp({ baseUrl: f.sandbox.url }), { getAccessToken: async () => portal.accessToken! });
    await bootstrapProperties(client, portal.portalId, 'standard');
    await f.sandbox.createContacts(portal.portalId, [
      { email: 'dana.reyes@gmail.com', zip: '10018', message: 'I would like to book a consultation for knee pain next week. Do you take Aetna?' },
      { email: 'sam.b@yahoo.com', zip: '10001', message: 'Can I book a visit? My wrist hurts after a fall, carpal tunnel maybe.' },
      { email: 'lee.w@outlook.com', zip: '94105', message: 'Do you treat back pain?' },
      { email: 'kim@mailinator.com', zip: '07030', message: 'test' },
    ]);
  }, 180_000);

  afterAll(async () => {
    await browserConsole?.close();
  }, 60_000);

  /** "+ Add …" under the enhancement: the same document, the window on the new row. */
  async function addAndStay(button: Locator, newRow: Locator): Promise<void> {
    await markDocument(page);
    await button.click();
    const place = await placeOf(page, newRow);
    expect({ top: place.top > -2, startsOnScreen: place.top < place.height }).toEqual({ top: true, startsOnScreen: true });
    expect(await sameDocument(page)).toBe(true);
  }

  it('when the admin walks the whole first-time flow, then each step shows what they need, with no JSON typed and no page jump', async () => {
    // Sign in with HubSpot: a new practice lands in the editor on the playbook template.
    await signInWithHubSpot(page, base);
    await page.getByText('Starting from the playbook template').waitFor();
    expect(await page.locator('.whoami-text').textContent()).toMatch(/^Avery Admin · Portal/); // by name, not by HubSpot id

    // Basics only, then publish: the practice is set up.
    await page.fill('#f-name', 'Harbor Physical Therapy');
    await page.fill('#f-locations-0-name', 'Harbor Midtown');
    await page.fill('#f-locations-0-serviceRadiusMiles', '15');
    const services = page.locator('[data-rows="serviceLines"] > .row-item');
    const serviceCount = await services.count();
    await addAndStay(page.getByRole('button', { name: '+ Add service line' }), services.nth(serviceCount));
    const service = services.nth(serviceCount);
    await service.locator('input[name$=".label"]').fill('Hand therapy');
    await service.locator('input[name$=".keywords"]').fill('hand therapy, wrist, carpal tunnel');
    await page.getByLabel(/Morgan Manager/).check();
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByText('Published. New and re-scored contacts now use this version.').waitFor();
    await page.getByText('Live: v1').waitFor();

    // A rule with the condition builder, far below Basics: the window follows the new row.
    const rules = page.locator('[data-rows="rules.intent"] > .row-item');
    const ruleCount = await rules.count();
    await addAndStay(page.getByRole('button', { name: '+ Add intent rule' }), rules.nth(ruleCount));
    const rule = rules.nth(ruleCount);
    await rule.locator('select[data-cb-signal]').first().selectOption('inquiry.bookingRequest');
    await rule.locator('select[name^="cv:"]').first().selectOption('true');
    await addAndStay(rule.getByRole('button', { name: '+ Add condition' }), rule.locator('[data-cb-row]').nth(1));
    await rule.locator('select[data-cb-signal]').nth(1).selectOption('engagement.pageViews');
    await rule.locator('select[data-cb-op]').nth(1).selectOption('gte');
    await rule.locator('input[type=number][name^="cv:"]').fill('3');
    await rule.locator('select[data-cb-mode]').first().selectOption('any');
    await rule.locator('input[name$=".points"]').fill('20');
    expect(await page.locator('textarea[name^="j:"]').count()).toBe(0);
    await page.fill('#note', 'Booking requests count more');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved as a new version').waitFor();
    await page.getByText('Editing from v2').waitFor();

    // Try a lead against the new draft.
    await page.locator('.page-header').getByRole('link', { name: 'Try a lead' }).click(); // the editor's: it tries what is being edited
    await page.getByRole('heading', { name: 'Try a lead', level: 1 }).waitFor();
    expect(await page.locator('#try-criteria option:checked').textContent()).toMatch(/^v2/);
    await page.fill('#try-message', 'Hello, can I book an appointment for my wrist next week? I have Aetna.');
    await page.fill('#try-zip', '10018');
    await page.getByRole('button', { name: 'Score this lead' }).click();
    const result = page.locator('section[aria-labelledby="result-title"]');
    await result.waitFor();
    expect(await result.locator('.card-head').textContent()).toMatch(/Scored with v2 \(draft\)/);
    expect(await result.locator('.result-list').first().textContent()).toMatch(/\+20.*asks to book or pages viewed at least 3/s);

    // Simulate: live v1 against the draft v2 by default, and which contacts move.
    await page.getByRole('link', { name: 'Simulate', exact: true }).click();
    await page.getByRole('heading', { name: 'Simulate before publishing', level: 1 }).waitFor();
    expect(await page.locator('#sim-draft option:checked').textContent()).toMatch(/^v2/);
    expect(await page.locator('#sim-against option:checked').textContent()).toMatch(/^v1/);
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    await page.getByText('v2 (draft) compared with v1 (live)').waitFor();
    await page.getByRole('heading', { name: 'Contacts that would move' }).waitFor();

    // Publish v2 from the history; the next steps offer a re-score.
    await page.goto(`${base}/console/criteria/versions`);
    await page.locator('tr[data-version="2"]').getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published. New and re-scored contacts now use this version.').waitFor();
    expect(await page.locator('tr[data-version="2"]').textContent()).toMatch(/Live.*published by Avery Admin/s);

    // Re-score from the next steps: progress, then the summary, with no reload of the Health page.
    f.sandbox.setFaults({ 'POST /crm/*/contacts/batch/update': { latencyMs: 1_500 } }); // a HubSpot slow enough for progress to be seen
    await page.getByRole('button', { name: 'Re-score all contacts' }).click();
    await page.waitForURL(/\/console\/health/);
    await markDocument(page);
    const status = page.locator('[data-rescore-status]');
    await status.filter({ hasText: 'Running' }).waitFor();
    expect(await page.getByRole('button', { name: 'Re-score all' }).isDisabled()).toBe(true);
    await status.filter({ hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    f.sandbox.setFaults({});
    expect(await page.locator('[data-rescore-summary]').textContent()).toMatch(/^4 contacts re-scored: 4 got a new result in HubSpot, the others were unchanged\.$/);
    expect(await page.getByRole('button', { name: 'Re-score all' }).isEnabled()).toBe(true);
    expect(await sameDocument(page)).toBe(true);
    expect(f.sandbox.listContacts(portal.portalId).filter((c) => c.properties.carequal_score !== undefined)).toHaveLength(4);

    // Roll back to v1: the editor then opens what is live, not the abandoned v2.
    await page.goto(`${base}/console/criteria/versions`);
    await page.locator('tr[data-version="1"]').getByRole('button', { name: 'Roll back to this' }).click();
    await page.getByText('Rolled back: the chosen version is live again.').waitFor();
    await page.getByRole('link', { name: 'Open the editor' }).click();
    await page.getByText('Live: v1').waitFor();
    await page.getByText('Editing from v1').waitFor();
    expect(await page.inputValue('#f-name')).toBe('Harbor Physical Therapy');
    expect(await page.locator('[data-rows="rules.intent"] > .row-item').count()).toBe(ruleCount);
  }, 600_000);
});
