import { tenantId } from '../../src/app/ports/ids';
/**
 * The criteria editor in a real browser (Debian Chromium via playwright-core), against the real
 * app and the HubSpot sandbox: a first-time admin sets a practice up from the playbook template
 * with only Basics, adds a rule with the condition builder and saves, typing no JSON and never
 * losing their place; and the same "+ Add" without JavaScript returns to the new row.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { freePort } from '../../sandbox/local-ports';
import { CHROMIUM_LAUNCH, signInWithHubSpot } from '../support/chromium';
import { startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { scaledMs } from '../support/wait';

/** Where an element sits relative to the visible window: its top in viewport pixels, the scroll position and the window height. */
async function placeOf(page: Page, target: Locator): Promise<{ top: number; scrollY: number; height: number }> {
  const top = await target.evaluate((el) => el.getBoundingClientRect().top);
  const [scrollY, height] = await page.evaluate<[number, number]>('[window.scrollY, window.innerHeight]');
  return { top, scrollY, height };
}

describe('the criteria editor in Chromium', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let browser: Browser;

  /** A fresh context (its own cookies and storage) in the suite's one Chromium: a browser start per test costs seconds of CPU. */
  async function openBrowser(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, javaScriptEnabled });
    context.setDefaultTimeout(scaledMs(30_000));
    return context.newPage();
  }

  const signIn = (page: Page) => signInWithHubSpot(page, f.config.PUBLIC_BASE_URL);

  beforeAll(async () => {
    const port = await freePort();
    f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
    portal = await f.addPortal(tenantId(4_417_400));
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  }, 60_000);

  it('when a first-time admin fills only Basics and adds a rule with the builder, then it saves with no JSON typed and the page never jumps', async () => {
    const page = await openBrowser(true);
    await signIn(page);
    await page.getByText('Starting from the playbook template').waitFor();
    expect(await page.locator('#part-advanced').getAttribute('open')).toBeNull();
    expect(await page.locator('#section-mapping').isVisible()).toBe(false);
    expect(await page.locator('textarea[name^="j:"]').count()).toBe(0);

    // A condition with a chosen signal is served with that choice only (the list is on the page
    // once); the script gives it the whole list and it keeps its choice.
    const wholeList = await page.evaluate<number>("document.getElementById('cq-condition-catalog').content.querySelectorAll('option').length");
    expect(wholeList).toBeGreaterThan(30);
    await page.waitForFunction(`document.getElementById('f-rules-intent-0-when-0-s').options.length === ${wholeList}`);
    expect(await page.locator('#f-rules-intent-0-when-0-s').inputValue()).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);

    // Basics only: the practice, its first location, a new service line, an owner.
    await page.fill('#f-name', 'Harbor Physical Therapy');
    await page.fill('#f-locations-0-name', 'Harbor Midtown');
    await page.fill('#f-locations-0-serviceRadiusMiles', '15');
    await page.evaluate('window.stayed = true'); // gone if "+ Add" reloaded the page
    await page.getByRole('button', { name: '+ Add service line' }).click();
    const service = page.locator('[data-rows="serviceLines"] > .row-item').last();
    await service.locator('input[name$=".label"]').fill('Hand therapy');
    await service.locator('input[name$=".keywords"]').fill('hand therapy, wrist, carpal tunnel');
    await page.getByLabel(/manager@p4417400\.example/).check();

    // A rule with the condition builder: far below Basics, yet the page stays on the new row.
    const before = await page.evaluate<number>('window.scrollY');
    await page.getByRole('button', { name: '+ Add intent rule' }).click();
    const rule = page.locator('[data-rows="rules.intent"] > .row-item').last();
    const place = await placeOf(page, rule);
    expect(place.scrollY).toBeGreaterThan(before + 1000);
    expect(place.top).toBeGreaterThan(-2); // sub-pixel rounding at the very top
    expect(place.top).toBeLessThan(place.height);
    await rule.locator('select[data-cb-signal]').first().selectOption('inquiry.bookingRequest');
    expect(await rule.locator('select[data-cb-op]').first().locator('option').allTextContents()).toEqual(['is']);
    await rule.locator('select[name^="cv:"]').first().selectOption('true');
    await rule.getByRole('button', { name: '+ Add condition' }).click();
    await rule.locator('select[data-cb-signal]').nth(1).selectOption('engagement.pageViews');
    await rule.locator('select[data-cb-op]').nth(1).selectOption('gte');
    await rule.locator('input[type=number][name^="cv:"]').fill('3');
    await rule.locator('select[data-cb-mode]').first().selectOption('any');
    await rule.locator('input[name$=".points"]').fill('20');
    const after = await placeOf(page, rule);
    expect(after.top).toBeLessThan(after.height);
    expect(Math.abs(after.scrollY - place.scrollY)).toBeLessThan(place.height);
    expect(await page.evaluate('window.stayed')).toBe(true);

    // Leaving with unsaved changes asks first; staying keeps everything typed.
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); void dialog.dismiss(); }));
    await page.getByRole('link', { name: 'Version history' }).click({ noWaitAfter: true });
    expect(await asked).toBe('beforeunload');
    expect(new URL(page.url()).pathname).toBe('/console/criteria');
    expect(await page.inputValue('#f-locations-0-name')).toBe('Harbor Midtown');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved as a new version').waitFor();
    const [latest] = await f.criteria.listVersions(portal.portalId);
    const saved = (await f.criteria.tryGetVersion(portal.portalId, latest!.version))!.criteria;
    expect(saved.name).toBe('Harbor Physical Therapy');
    expect(saved.locations[0]).toMatchObject({ name: 'Harbor Midtown', serviceRadiusMiles: 15 });
    expect(saved.serviceLines.at(-1)).toMatchObject({ id: 'hand-therapy', label: 'Hand therapy', keywords: ['hand therapy', 'wrist', 'carpal tunnel'] });
    expect(saved.followUp?.ownerIds).toHaveLength(1);
    expect(saved.rules.intent.at(-1)).toEqual({
      id: 'asks-to-book-or-pages-viewed-at', points: 20, reason: 'asks to book or pages viewed at least 3',
      when: { any: [{ signal: 'inquiry.bookingRequest', op: 'is', value: true }, { signal: 'engagement.pageViews', op: 'gte', value: 3 }] },
    });
  }, 180_000);

  it('when JavaScript is off, then "+ Add fit rule" reloads to the new rule and the window is on it', async () => {
    const page = await openBrowser(false);
    await signIn(page);
    await page.getByRole('button', { name: '+ Add fit rule' }).click();
    await page.waitForURL(/\/console\/criteria#added-row$/);
    const added = page.locator('#added-row');
    expect(await added.getAttribute('data-row-path')).toMatch(/^rules\.fit\[\d+\]$/);
    const place = await placeOf(page, added);
    expect(place.scrollY).toBeGreaterThan(1000);
    expect(place.top).toBeGreaterThan(-2); // sub-pixel rounding at the very top
    expect(place.top).toBeLessThan(place.height);
  }, 120_000);
});
