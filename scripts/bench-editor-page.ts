/**
 * The criteria editor's weight for a portal with many contact properties: the HTML bytes of
 * /console/criteria for a sandbox portal with ~400 contact properties, and how wide the page lays
 * out on a 390 px phone with every part open. Prints the figures and writes
 * bench-results/editor-page-html-kb.json.
 *
 *   npx tsx scripts/bench-editor-page.ts [--properties 400] [--save editor.html]
 */
import { tenantId } from '../src/app/ports/ids';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../sandbox/local-ports';
import { CHROMIUM_LAUNCH } from '../test/support/chromium';
import { signedInBrowser, startConsoleFixture } from '../test/support/console-fixture';
import { writeBenchResult } from './bench/bench-result';

/** A page a phone on a practice's Wi-Fi opens without waiting: half a megabyte at most, with ~400 properties. */
const GOAL_KB = 500;

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Adds custom contact properties through HubSpot's properties API until the portal has `total`. */
async function growProperties(apiBase: string, token: string, total: number, existing: number): Promise<void> {
  const inputs = Array.from({ length: Math.max(0, total - existing) }, (_, i) => ({
    name: `intake_field_${i + 1}`, label: `Intake form field ${i + 1}`, type: 'string', fieldType: 'text', groupName: 'contactinformation',
  }));
  for (let i = 0; i < inputs.length; i += 100) {
    const res = await fetch(`${apiBase}/crm/v3/properties/contacts/batch/create`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ inputs: inputs.slice(i, i + 100) }),
    });
    if (!res.ok) throw new Error(`creating properties answered ${res.status}: ${await res.text()}`);
  }
}

async function main(): Promise<void> {
  const wanted = argValue('properties', 400);
  const port = await freePort();
  const f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
  try {
    const portal = await f.addPortal(tenantId(4_417_900));
    await growProperties(f.sandbox.url, portal.accessToken!, wanted, f.sandbox.listProperties(portal.portalId).length);
    const properties = f.sandbox.listProperties(portal.portalId).length;
    const browser = await signedInBrowser(f, portal, portal.adminId);
    const res = await browser.get('/console/criteria');
    const body = await res.text();
    const bytes = Buffer.byteLength(body);
    const saveTo = process.argv.indexOf('--save');
    if (saveTo >= 0) writeFileSync(process.argv[saveTo + 1]!, body);

    const context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'carequal-chromium-')), { ...CHROMIUM_LAUNCH, viewport: { width: 390, height: 844 } });
    try {
      await context.addCookies([...browser.cookies].map(([name, value]) => ({ name, value, url: f.config.PUBLIC_BASE_URL })));
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${f.config.PUBLIC_BASE_URL}/console/criteria`);
      await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
      const documentWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      writeBenchResult({
        name: 'editor-page-html-kb', value: Math.round(bytes / 102.4) / 10, unit: 'KB', goal: GOAL_KB, higherIsBetter: false,
        details: { contactProperties: properties, htmlBytes: bytes, phoneViewportPx: 390, phoneDocumentWidthPx: documentWidth },
      });
      console.log(`contact properties: ${properties}; editor HTML: ${bytes} bytes; document width at 390 px (all parts open): ${documentWidth} px`);
    } finally {
      await context.close();
    }
  } finally {
    await f.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
