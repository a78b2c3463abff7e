import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { scaledMs } from './wait';

/**
 * How the browser tests start Chromium: Debian's /usr/bin/chromium through playwright-core (no
 * downloaded browser on this machine), headless, with nothing reaching the network on its own.
 */
export const CHROMIUM_LAUNCH: { executablePath: string; headless: boolean; args: string[] } = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

/**
 * A fresh Chromium profile with one page that accepts every confirm() prompt (the console asks
 * before publishing or re-scoring), its waits stretched with the machine's load like every deadline.
 */
export async function openConsolePage(viewport: { width: number; height: number }, waitMs = 15_000): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'carequal-chromium-')), { ...CHROMIUM_LAUNCH, viewport });
  context.setDefaultTimeout(scaledMs(waitMs));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page };
}

/** "Sign in with HubSpot" from the console's front door, approving in the sandbox; lands on the editor. */
export async function signInWithHubSpot(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.getByRole('link', { name: 'Sign in with HubSpot' }).click();
  await page.getByRole('button', { name: 'Connect app' }).click();
  await page.waitForURL(`${base}/console/criteria`);
}
