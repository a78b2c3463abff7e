import { tenantId } from '../../src/app/ports/ids';
/**
 * The Effectiveness page in a real browser (headless Chromium via playwright-core), against the
 * real app and the HubSpot sandbox: run the job from the page, see the charts, take screenshots
 * (written to docs/screenshots/ with UPDATE_SCREENSHOTS=1). Needs /usr/bin/chromium, like console.browser.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../sandbox/local-ports';
import { CHROMIUM_LAUNCH, screenshot } from '../support/chromium';
import { seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { seedScoredContacts } from '../support/effectiveness-seed';
import { scaledMs, waitFor } from '../support/wait';


describe('the Effectiveness page in Chromium', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }, { effectivenessWorkers: true });
    portal = await f.addPortal(tenantId(4_417_300), { named: true });
    await seedCriteria(f.criteria, portal.portalId, 'Harbor Physical Therapy');
    await seedScoredContacts(f.sandbox, portal.portalId, portal.accessToken!, 'Harbor Physical Therapy', {
      high: { leads: 120, booked: 70 }, medium: { leads: 160, booked: 48 }, low: { leads: 90, booked: 9 },
    });
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'carequal-chromium-')), {
      ...CHROMIUM_LAUNCH, viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(scaledMs(30_000));
    page = context.pages()[0] ?? (await context.newPage());
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await f?.close();
  }, 60_000);

  it('when an admin signs in and presses "Run now", then the page shows conversion by band and speed to lead as charts, with small cells as "<11"', async () => {
    const base = f.config.PUBLIC_BASE_URL;
    await page.goto(`${base}/console/effectiveness`);
    await page.waitForURL(`${base}/console/sign-in`);
    await page.getByRole('link', { name: 'Sign in with HubSpot' }).click();
    await page.waitForURL(/\/oauth\/authorize/);
    await page.getByRole('button', { name: 'Connect app' }).click();
    await page.waitForURL(`${base}/console/criteria`);
    await page.getByRole('link', { name: 'Effectiveness' }).click();
    await page.getByRole('heading', { name: 'No figures yet' }).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('Effectiveness run started').waitFor();
    // The run reads HubSpot in the background: reload until its figures are there.
    await waitFor(async () => {
      await page.goto(`${base}/console/effectiveness`);
      return (await page.locator('svg[aria-label="Booked share by band"]').count()) > 0;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    await page.locator('svg[aria-label="Minutes to first outreach by band"]').waitFor({ state: 'attached' });
    await screenshot(page, '14-effectiveness');
    await page.locator('#h-speed').scrollIntoViewIfNeeded();
    await screenshot(page, '15-effectiveness-speed');
    // the first "By band" table is conversion (the second is speed to lead)
    const highRow = page.locator('table:has(caption:text-is("By band"))').first().locator('tr', { has: page.locator('th', { hasText: /^High$/ }) });
    await expect(highRow.locator('td').allTextContents()).resolves.toEqual(['120', '70', '58%']);
    await expect(page.locator('text=<11').count()).resolves.toBeGreaterThan(0);
  }, 180_000);
});
