import { tenantId } from '../../src/app/ports/ids';
/**
 * The console in a real browser: headless Debian Chromium driven by playwright-core, against the
 * real app and the local HubSpot sandbox. Takes a screenshot of each page (written to docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createAuditLog } from '../../src/main/audit.wiring';
import { seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { freePort } from '../../sandbox/local-ports';
import { CHROMIUM_LAUNCH, screenshot } from '../support/chromium';
import { scaledMs } from '../support/wait';

/**
 * The console's idle limit for this walk. Every step is a request, but on a busy machine one step
 * (the first Try a lead compiles the safety lexicon, a full-page screenshot) can take longer than a
 * short limit, and the session then ends mid-walk (seen at load 6–8 with 12 s). The last step waits
 * the limit out, so it is kept as short as the slowest step allows.
 */
const IDLE_MS = 40_000;


/** Custom contact properties a practice's intake form creates (the template maps them). */
const PRACTICE_PROPERTIES = [
  ['zip', 'Postal code'], ['insurance_provider', 'Insurance provider'], ['service_interest', 'Service of interest'], ['treatment_timeline', 'Treatment timeline'],
  ['referral_source', 'Referral source'], ['decision_maker', 'Decision maker'], ['has_referral_documents', 'Has referral documents'],
  ['consent_to_contact', 'Consent to contact'], ['do_not_contact', 'Do not contact'],
] as const;

async function createPracticeProperties(f: ConsoleFixture, portal: ConsolePortal): Promise<void> {
  for (const [name, label] of PRACTICE_PROPERTIES) {
    await fetch(`${f.sandbox.url}/crm/properties/2026-03/contacts`, {
      method: 'POST', headers: { authorization: `Bearer ${portal.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, label, type: 'string', fieldType: 'text', groupName: 'contactinformation' }),
    });
  }
}

/** A few weeks of realistic pipeline activity, so the audit log and health pages have something to show. */
async function seedActivity(f: ConsoleFixture, portal: ConsolePortal, contactIds: readonly string[]): Promise<void> {
  const audit = createAuditLog(f.runtime.services);
  const worker = { kind: 'system', role: 'worker', jobId: 'qualify-7281' } as const;
  await audit.append(contactIds.flatMap((id, i) => [
    { portalId: portal.portalId, action: 'webhook.accepted' as const, actor: { kind: 'hubspot' } as const, objectType: 'webhook_delivery' as const, objectId: `d-${4100 + i}`, outcome: 'success' as const },
    { portalId: portal.portalId, action: 'contact.read' as const, actor: worker, objectType: 'contact' as const, objectId: id, propertyNames: ['email', 'message', 'zip', 'insurance_provider'], outcome: 'success' as const },
    { portalId: portal.portalId, action: 'contact.written' as const, actor: worker, objectType: 'contact' as const, objectId: id, propertyNames: ['carequal_score', 'carequal_band', 'carequal_outcome'], criteriaVersion: 'v1', outcome: 'success' as const },
  ]));
}

describe('the console in Chromium', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: base, CONSOLE_IDLE_TIMEOUT_MS: String(IDLE_MS) });
    portal = await f.addPortal(tenantId(4_417_200), { named: true });
    await createPracticeProperties(f, portal);
    await seedCriteria(f.criteria, portal.portalId, 'Harbor Physical Therapy');
    const ids = await f.sandbox.createContacts(portal.portalId, [
      { firstname: 'Dana', email: 'dana.reyes@gmail.com', zip: '10018', message: 'Hi, I would like to book a consultation for knee pain next week. Do you take Aetna?', insurance_provider: 'Aetna PPO', treatment_timeline: 'As soon as possible' },
      { firstname: 'Lee', email: 'lee.okafor@outlook.com', zip: '11201', message: 'How much is a physical therapy session without insurance?', treatment_timeline: 'In a few months' },
      { firstname: 'Sam', email: 'sam.b@yahoo.com', zip: '94105', message: 'Do you treat back pain?' },
      { firstname: 'Ari', email: 'ari.cohen@icloud.com', zip: '10001', message: 'Referred by Dr. Patel for post-surgery rehab, I have my referral letter', insurance_provider: 'Blue Cross', treatment_timeline: 'within 2 weeks' },
      { firstname: 'Kim', email: 'kim@mailinator.com', zip: '07030', message: 'test' },
    ]);
    await seedActivity(f, portal, ids);
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'carequal-chromium-')), {
      ...CHROMIUM_LAUNCH, viewport: { width: 1280, height: 860 }, acceptDownloads: true,
    });
    context.setDefaultTimeout(scaledMs(30_000)); // playwright's waits, stretched like every other deadline
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await f?.close();
  }, 60_000);

  const shot = (name: string, fullPage = false) => screenshot(page, name, { fullPage });

  it('signs in through HubSpot, edits and publishes criteria, sees a validation error, tries a lead, simulates, exports the audit log, and is logged off when idle', async () => {
    const base = f.config.PUBLIC_BASE_URL;

    // Sign in with HubSpot (the sandbox's consent page stands in for app.hubspot.com).
    await page.goto(`${base}/console`);
    await page.waitForURL(`${base}/console/sign-in`);
    await shot('01-sign-in');
    await page.getByRole('link', { name: 'Sign in with HubSpot' }).click();
    await page.waitForURL(/\/oauth\/authorize/);
    await page.getByRole('button', { name: 'Connect app' }).click();
    await page.waitForURL(`${base}/console/criteria`);
    await page.getByRole('heading', { name: 'Qualification criteria' }).waitFor();
    await shot('02-criteria-editor');

    // A validation error: nothing saved, the message sits beside the field.
    await page.fill('#f-bands-0-minScore', '150');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Nothing was saved').waitFor();
    const fieldError = page.locator('#f-bands-0-minScore-error');
    expect(await fieldError.textContent()).toBe('must be at most 100');
    await shot('03-criteria-validation');
    await page.locator('#section-bands').scrollIntoViewIfNeeded();
    await screenshot(page.locator('#section-bands'), '04-criteria-field-error');

    // Fix it, widen a radius, save and publish.
    await page.fill('#f-bands-0-minScore', '75');
    await page.fill('#f-locations-0-serviceRadiusMiles', '30');
    await page.fill('#note', 'Wider Midtown radius, stricter high band');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByText('Published. New and re-scored contacts now use this version.').waitFor();
    expect(await page.locator('#f-bands-0-minScore').inputValue()).toBe('75');

    await page.goto(`${base}/console/criteria/versions`);
    await page.getByRole('cell', { name: 'Wider Midtown radius, stricter high band' }).waitFor();
    await shot('05-version-history');
    await page.getByRole('button', { name: 'Show differences' }).click();
    await page.getByText(/^Location “.+” › service radius \(miles\)$/).waitFor();
    await shot('06-version-diff');

    // A draft that is not live yet: a lower bar for the high band.
    await page.goto(`${base}/console/criteria`);
    await page.fill('#f-bands-0-minScore', '60');
    await page.fill('#f-bands-1-minScore', '35');
    await page.fill('#note', 'Lower thresholds to try');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved as a new version').waitFor();

    // Try a lead.
    await page.goto(`${base}/console/try`);
    await page.fill('#try-message', 'Hello, I would like to book a consultation for my knee next week. Do you take Aetna?');
    await page.fill('#try-zip', '10018');
    await page.fill('#try-payer', 'Aetna PPO');
    await page.fill('#try-email', 'dana.reyes@gmail.com');
    await page.fill('#try-phone', '+1 212 555 0148');
    await page.fill('#try-timeline', 'As soon as possible');
    await page.getByRole('button', { name: 'Score this lead' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    expect(await page.locator('svg[aria-label^="Score "]').count()).toBe(1);
    await page.getByText('consultation requested').waitFor();
    await shot('07-try-a-lead');

    // Simulate the published draft against recent contacts.
    await page.goto(`${base}/console/simulate`);
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    await shot('08-simulate', true);

    // Audit log: filter, export (a real download), verify.
    await page.goto(`${base}/console/audit`);
    await page.getByRole('table').waitFor();
    await shot('09-audit-log');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^portal_id,seq,occurred_at,actor_kind/);
    expect(csv).toContain('criteria.published');
    expect(download.suggestedFilename()).toMatch(/^carequal-audit-4417200-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await page.getByText('Every entry verifies').waitFor();
    await shot('10-audit-verified');

    // Health.
    await page.goto(`${base}/console/health`);
    await page.getByRole('heading', { name: 'HubSpot connection' }).waitFor();
    await shot('11-health', true);

    // Readable on a tablet (portrait).
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${base}/console/criteria`);
    await page.getByRole('heading', { name: 'Qualification criteria' }).waitFor();
    await shot('12-tablet-criteria');
    await page.setViewportSize({ width: 1280, height: 860 });

    // Idle: the server ends the session; the page takes the user to sign-in by itself.
    await page.goto(`${base}/console/access`);
    await page.waitForURL(`${base}/console/sign-in?ended=1`, { timeout: IDLE_MS + scaledMs(15_000) });
    await page.getByText('You were signed out after a period of inactivity').waitFor();
    await shot('13-signed-out-idle');
    await page.goto(`${base}/console/criteria`);
    await page.waitForURL(`${base}/console/sign-in`);
  }, 180_000);
});
