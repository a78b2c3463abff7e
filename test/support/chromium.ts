import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
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

/** The committed screenshots of the console (README and docs link to them). */
export const SCREENSHOTS_DIR = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** The size a PNG declares in its IHDR chunk (bytes 16–23), or undefined when `png` is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Takes a screenshot of the page (or of one element) in memory, so that every run checks the page
 * renders to a picture, and returns it. Only with UPDATE_SCREENSHOTS=1 is it written to
 * docs/screenshots/<name>.png: a test run leaves the committed pictures alone (README, "Tests").
 */
export async function screenshot(target: Page | Locator, name: string, opts: { fullPage?: boolean } = {}): Promise<Buffer> {
  const png = 'goto' in target ? await target.screenshot({ fullPage: opts.fullPage ?? false }) : await target.screenshot();
  const size = pngSize(png);
  if (!size || size.width === 0 || size.height === 0) throw new Error(`screenshot ${name} is not a picture (${png.length} bytes)`);
  if (process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(path.join(SCREENSHOTS_DIR, `${name}.png`), png);
  return png;
}
