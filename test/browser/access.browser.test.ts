import { tenantId } from '../../src/app/ports/ids';
/**
 * Staff identities in a real browser: headless Debian Chromium (playwright-core) with a virtual
 * WebAuthn authenticator (Chrome DevTools Protocol `WebAuthn.*`), against the real app and the
 * local HubSpot sandbox. The admin invites a compliance officer, who registers a passkey, signs in
 * with it, reads and exports the audit log and cannot edit criteria or simulate; a viewer cannot
 * read the audit log and sees the idle warning; a removed user's open page loses its session.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * The app is addressed as http://localhost: WebAuthn needs a secure context and a domain as the
 * relying-party id (an IP address is refused), and localhost is both.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../sandbox/local-ports';
import { CHROMIUM_LAUNCH } from '../support/chromium';
import { seedCriteria, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';
import { scaledMs } from '../support/wait';

const IDLE_MS = 40_000;

describe('console users and passkeys in Chromium', () => {
  let f: ConsoleFixture;
  let portal: ConsolePortal;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: base, CONSOLE_IDLE_TIMEOUT_MS: String(IDLE_MS) });
    portal = await f.addPortal(tenantId(4_518_300));
    await seedCriteria(f.criteria, portal.portalId, 'Lakeside Family Medicine');
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  }, 60_000);

  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    context.setDefaultTimeout(scaledMs(30_000));
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return { context, page };
  };

  /** "Sign in with HubSpot" as a given user of the portal (the sandbox's authorize page approves for them). */
  const signInWithHubSpot = async (page: Page, userId: number) => {
    await page.goto(`${base}/console/sign-in/start`);
    await page.waitForURL(/\/oauth\/authorize/);
    const authorize = new URL(page.url());
    authorize.searchParams.set('auto_approve', '1');
    authorize.searchParams.set('portal_id', String(portal.portalId));
    authorize.searchParams.set('user_id', String(userId));
    await page.goto(authorize.toString());
    await page.waitForURL(`${base}/console/criteria`);
  };

  it('an admin invites a compliance officer who registers a passkey, signs in with it, reads and exports the audit log, cannot edit or simulate, and loses the session when removed; a viewer cannot read the audit log', async () => {
    // The admin (the installing HubSpot Super Admin) creates an invitation link.
    const { page: admin } = await newPage();
    await signInWithHubSpot(admin, portal.adminId);
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await admin.fill('#invite-label', 'Compliance officer');
    await admin.selectOption('#invite-role', 'compliance');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await admin.locator('[data-invite-link]').inputValue();
    expect(link).toMatch(new RegExp(`^${base}/console/invite/[A-Za-z0-9_-]{43}$`));

    // The compliance officer opens it on their own device and creates a passkey.
    const { context: officerContext, page: officer } = await newPage();
    const cdp = await officerContext.newCDPSession(officer);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await officer.goto(link);
    await officer.getByRole('heading', { name: 'Welcome to CareQual, Compliance officer' }).waitFor();
    await officer.getByRole('button', { name: 'Create my passkey' }).click();
    await officer.waitForURL(`${base}/console/criteria`);
    expect(await officer.locator('.whoami .chip').textContent()).toBe('Compliance');
    expect(await officer.locator('.whoami-text').textContent()).toContain('Compliance officer');

    // Signs out and back in with the passkey alone (no user name, no password).
    await officer.getByRole('button', { name: 'Sign out' }).click();
    await officer.waitForURL(`${base}/console/sign-in?signed_out=1`);
    await officer.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await officer.waitForURL(`${base}/console/criteria`);

    // Reads and exports the audit log, which records the invitation, the passkey and both sign-ins.
    await officer.getByRole('link', { name: 'Audit log' }).click();
    await officer.getByRole('table').first().waitFor();
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    for (const action of ['console.invite_created', 'console.invite_used', 'console.passkey_added', 'console.signed_in']) expect(csv).toContain(action);

    // Criteria are read-only for compliance; Simulate (real contacts) is not theirs at all.
    const nav = await officer.locator('.mainnav').textContent();
    expect(nav).not.toContain('Simulate');
    expect(nav).not.toContain('Users');
    await officer.goto(`${base}/console/criteria`);
    await officer.getByRole('heading', { name: 'Qualification criteria' }).waitFor();
    expect(await officer.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    const simulate = await officer.goto(`${base}/console/simulate`);
    expect(simulate?.status()).toBe(403);
    await officer.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await officer.goto(`${base}/console/criteria`);

    // A viewer (a HubSpot user who signed in) cannot read the audit log.
    const { page: viewer } = await newPage();
    await viewer.clock.install(); // the page's own clock, so its idle warning can be reached without waiting it out
    await signInWithHubSpot(viewer, portal.viewerId);
    expect(await viewer.locator('.mainnav').textContent()).not.toContain('Audit log');
    const audit = await viewer.goto(`${base}/console/audit`);
    expect(audit?.status()).toBe(403);
    await viewer.getByRole('heading', { name: 'Not allowed' }).waitFor();

    // The admin removes the compliance officer; their open page loses its session at the next interaction.
    await admin.goto(`${base}/console/access`);
    await admin.getByRole('button', { name: 'Remove Compliance officer' }).click();
    await admin.getByText('User removed.').waitFor();
    await officer.evaluate("setInterval(function () { window.dispatchEvent(new Event('scroll')); }, 500)"); // the officer keeps scrolling
    await officer.waitForURL(/\/console\/sign-in/);
    await officer.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await officer.locator('[data-passkey-error]').getByText('did not sign you in').waitFor();

    // Automatic logoff is announced: the viewer's idle page warns before the session ends, and staying is one click.
    await viewer.goto(`${base}/console/health`);
    const warning = viewer.getByRole('alertdialog');
    expect(await warning.isVisible()).toBe(false);
    // Half the idle limit without activity (the warning's lead when the limit is short), on the page's clock.
    await viewer.clock.fastForward(IDLE_MS / 2);
    await warning.getByText('You will be signed out in').waitFor({ timeout: scaledMs(10_000) });
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(viewer.url()).toBe(`${base}/console/health`);
  }, 240_000);
});
