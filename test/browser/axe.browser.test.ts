import { tenantId } from '../../src/app/ports/ids';
/**
 * Every console page in Chromium at desktop and phone sizes: axe-core finds no serious or
 * critical accessibility problem, no page is wider than a phone (every collapsed part opened), and a screenshot of each
 * page at each size renders (written to docs/screenshots/desktop-*.png, phone-*.png with UPDATE_SCREENSHOTS=1). Also the Health
 * page's re-score, live without a reload, under the console's strict CSP.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { buildDefaultCriteria } from '../../src/core';
import { createAuditLog } from '../../src/main/audit.wiring';
import { seedCriteria, startConsoleInBrowser, type ConsoleFixture, type ConsoleInBrowser, type ConsolePortal } from '../support/console-fixture';
import { screenshot, signInWithHubSpot } from '../support/chromium';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;

/** Injects axe-core (through the DevTools protocol: the page's CSP forbids inline scripts) and lists serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')))`);
}

/**
 * How wide the page lays out with every collapsed part (<details>) opened: the document's scroll
 * width, which counts what escapes a scrolling box too (an absolutely placed label inside a table
 * that scrolls). When it is wider than the window, the chain of elements whose removal narrows it.
 */
async function sidewaysOverflow(page: Page): Promise<{ width: number; culprits: string[] }> {
  return page.evaluate(`(() => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const root = document.documentElement;
    const width = root.scrollWidth;
    const culprits = [];
    for (let node = width > root.clientWidth ? document.body : null; node && culprits.length < 12;) {
      node = [...node.children].find((c) => { const was = c.style.display; c.style.display = 'none'; const narrower = root.scrollWidth < width; c.style.display = was; return narrower; });
      if (node) culprits.push(node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (node.className ? '.' + String(node.className).trim().replace(/ +/g, '.') : ''));
    }
    return { width, culprits };
  })()`);
}

describe('every console page in Chromium, desktop and phone: axe-core and layout', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let page: Page;
  let base: string;
  let browserConsole: ConsoleInBrowser | undefined;

  beforeAll(async () => {
    browserConsole = await startConsoleInBrowser(tenantId(4_417_300), { viewport: SIZES.desktop });
    ({ f, portal, page, base } = browserConsole);
    await seedCriteria(f.criteria, portal.portalId, 'Harbor Physical Therapy');
    const draft = buildDefaultCriteria();
    draft.name = 'Harbor Physical Therapy';
    draft.locations[0]!.serviceRadiusMiles = 40;
    draft.hardStops = [];
    await f.criteria.saveVersion(portal.portalId, draft, { actor: { kind: 'user', hubspotUserId: String(portal.adminId) }, note: 'Wider Midtown radius, no hard stops' });
    const ids = await f.sandbox.createContacts(portal.portalId, [
      { email: 'dana.reyes@gmail.com', zip: '10018', message: 'I would like to book a consultation for knee pain next week. Do you take Aetna?' },
      { email: 'sam.b@yahoo.com', zip: '94105', message: 'Do you treat back pain?' },
      { email: 'kim@mailinator.com', zip: '07030', message: 'test' },
    ]);
    const worker = { kind: 'system', role: 'worker', jobId: 'qualify-1' } as const;
    await createAuditLog(f.runtime.services).append(ids.flatMap((id) => [
      { portalId: portal.portalId, action: 'contact.read' as const, actor: worker, objectType: 'contact' as const, objectId: id, propertyNames: ['email', 'message', 'zip', 'insurance_provider', 'service_interest'], outcome: 'success' as const },
      { portalId: portal.portalId, action: 'contact.written' as const, actor: worker, objectType: 'contact' as const, objectId: id, propertyNames: ['carequal_score', 'carequal_band'], criteriaVersion: 'v1', outcome: 'success' as const },
    ]));
  }, 180_000);

  afterAll(async () => {
    await browserConsole?.close();
  }, 60_000);

  /** Opens a page at a size, checks it, and takes its screenshot (saved with UPDATE_SCREENSHOTS=1). */
  async function check(name: string, size: Size, open: () => Promise<void>): Promise<void> {
    await page.setViewportSize(SIZES[size]);
    await open();
    expect({ page: name, size, violations: await seriousViolations(page) }).toEqual({ page: name, size, violations: [] });
    await screenshot(page, `${size}-${name}`, { fullPage: name !== 'criteria-editor' });
    if (size === 'phone') expect({ page: name, ...(await sidewaysOverflow(page)) }).toEqual({ page: name, width: SIZES.phone.width, culprits: [] });
  }

  const go = (url: string, heading: string | RegExp) => async () => {
    await page.goto(`${base}${url}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  const PAGES: Array<[string, () => Promise<void>]> = [
    ['criteria-editor', go('/console/criteria', 'Qualification criteria')],
    ['version-history', go('/console/criteria/versions', 'Version history')],
    ['version-diff', go('/console/criteria/diff?from=1&to=2', 'Changes from v1 to v2')],
    ['try-a-lead', async () => {
      await go('/console/try', 'Try a lead')();
      await page.fill('#try-message', 'Hello, I would like to book a consultation for my knee next week. Do you take Aetna?');
      await page.fill('#try-zip', '10018');
      await page.getByRole('button', { name: 'Score this lead' }).click();
      await page.getByRole('heading', { name: 'Result' }).waitFor();
    }],
    ['simulate', async () => {
      await go('/console/simulate', 'Simulate before publishing')();
      await page.getByRole('button', { name: 'Run simulation' }).click();
      await page.getByRole('heading', { name: 'Contacts that would move' }).waitFor();
    }],
    ['safety', go('/console/safety', 'Clinical safety')],
    ['audit-log', go('/console/audit', 'Audit log')],
    ['audit-verified', async () => {
      await go('/console/audit', 'Audit log')();
      await page.getByRole('button', { name: 'Verify integrity' }).click();
      await page.getByText('Every entry verifies').waitFor();
    }],
    ['health', go('/console/health', 'Health')],
    ['users', go('/console/access', 'Users')],
    ['effectiveness', go('/console/effectiveness', /Effectiveness/)],
  ];

  it('when the sign-in page opens at desktop and phone sizes, then axe finds nothing serious and nothing overflows', async () => {
    for (const size of ['desktop', 'phone'] as const) await check('sign-in', size, go('/console/sign-in', /Sign in|CareQual/));
  }, 120_000);

  it('when a signed-in admin opens every console page at desktop and phone sizes, then axe finds nothing serious or critical and nothing overflows a phone', async () => {
    await signInWithHubSpot(page, base);
    for (const [name, open] of PAGES) {
      for (const size of ['desktop', 'phone'] as const) await check(name, size, open);
    }
  }, 600_000);

  it('when a phone user opens the version history, then Publish and Roll back are on screen, within the width', async () => {
    await page.setViewportSize(SIZES.phone);
    await page.goto(`${base}/console/criteria/versions`);
    const publish = page.locator('tr[data-version="2"]').getByRole('button', { name: 'Publish' });
    await publish.scrollIntoViewIfNeeded();
    const box = (await publish.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(SIZES.phone.width);
  }, 60_000);

  it('when an admin starts a re-score, then the Health page shows it running and, without a reload, the summary once it finishes and the button enabled again', async () => {
    await page.setViewportSize(SIZES.desktop);
    await page.goto(`${base}/console/health`);
    await page.getByRole('button', { name: 'Re-score all' }).click();
    const status = page.locator('[data-rescore-status]');
    await status.filter({ hasText: 'Running' }).waitFor();
    expect(await page.getByRole('button', { name: 'Re-score all' }).isDisabled()).toBe(true);
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));

    // What the background worker records as the run ends: two contacts given a new result, the run finished.
    const worker = { kind: 'system', role: 'worker', jobId: 'backfill-1' } as const;
    await createAuditLog(f.runtime.services).append(['801', '802'].map((id) => ({ portalId: portal.portalId, action: 'contact.written' as const, actor: worker, objectType: 'contact' as const, objectId: id, outcome: 'success' as const })));
    await f.runtime.services.db.query(`UPDATE backfill_runs SET status = 'finished', contacts_enqueued = 5, contacts_done = 5, pages_enqueued = 1, finished_at = now() WHERE portal_id = $1`, [portal.portalId]);

    await status.filter({ hasText: 'Finished' }).waitFor();
    await page.getByText('5 contacts re-scored: 2 got a new result in HubSpot, the others were unchanged.').waitFor();
    expect(await page.getByRole('button', { name: 'Re-score all' }).isEnabled()).toBe(true);
    expect(loads).toEqual([]);
    await screenshot(page, 'desktop-health-rescored', { fullPage: true });
  }, 120_000);
});
