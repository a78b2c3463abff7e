/**
 * `npm run demo` as a user runs it: a child process that starts Redis-backed CareQual, the local
 * HubSpot sandbox and embedded PostgreSQL, installs through OAuth, creates the sample inquiries
 * and writes its results with `--json`. The file must say what the default criteria decide for
 * each sample and agree with what HubSpot (the sandbox) holds.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildDemoLeads } from '../../scripts/demo/demo-leads';
import type { DemoResults } from '../../scripts/demo/demo-results';
import { collect, REPO_ROOT, spawnEntry, waitFor } from '../support/cli';
import { freePort } from '../support/sandbox-app';

function spawnDemo(args: string[]): ChildProcessWithoutNullStreams {
  return spawnEntry('scripts/demo/demo.ts', args, { REDIS_URL: process.env.TEST_REDIS_URL, NO_COLOR: '1' }, REPO_ROOT);
}

describe('npm run demo', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-demo-test-'));

  it('when run with --json, then every sample lead is qualified as the default criteria decide, and the file agrees with HubSpot', async () => {
    const jsonFile = path.join(dir, 'demo.json');
    const sandboxPort = await freePort();
    const demo = spawnDemo(['--port', '0', '--sandbox-port', String(sandboxPort), '--json', jsonFile, '--keep-serving']);
    const output = collect(demo);
    try {
      await waitFor(output.stdout, (text) => text.includes('Serving until Ctrl-C'), 120_000).catch((error: Error) => {
        throw new Error(`${error.message}\nstderr:\n${output.stderr().slice(-2000)}`);
      });
      const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoResults;
      const leads = buildDemoLeads();

      // Every sample, once, with its decision.
      expect(results.contacts.map((c) => c.label)).toEqual(leads.map((l) => l.label));
      for (const lead of leads) {
        const result = results.contacts.find((c) => c.label === lead.label)!;
        expect({ key: lead.key, outcome: result.outcome }).toEqual({ key: lead.key, outcome: lead.expected.outcome });
        if (lead.expected.route) expect({ key: lead.key, route: result.route }).toEqual({ key: lead.key, route: lead.expected.route });
        if (lead.expected.disqualificationReasons) expect(result.disqualificationReasons).toEqual(expect.arrayContaining(lead.expected.disqualificationReasons));
        if (lead.expected.outcome !== 'disqualified') expect(result.disqualificationReasons).toEqual([]);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(['high', 'medium', 'low']).toContain(result.band);
        expect(result.latencyMs).toBeGreaterThan(0);
      }
      const byKey = (key: string) => results.contacts[leads.findIndex((l) => l.key === key)]!;
      expect(byKey('emergency')).toMatchObject({ outcome: 'needs_review', route: 'clinical_review', respondBy: expect.any(String) });
      expect(byKey('hot-consult')).toMatchObject({ outcome: 'care_ready', band: 'high', respondBy: expect.any(String) });
      expect(byKey('out-of-area').disqualificationReasons).toContain('out_of_service_area');
      expect(byKey('spam').disqualificationReasons).toContain('spam_or_test');
      expect(byKey('no-consent').disqualificationReasons).toContain('no_contact_consent');

      // The file says what HubSpot holds for each contact.
      const sandbox = `http://127.0.0.1:${sandboxPort}`;
      for (const c of results.contacts) {
        const res = await fetch(`${sandbox}/_sandbox/portals/${results.portalId}/contacts/${c.contactId}`);
        expect(res.status).toBe(200);
        const { properties } = (await res.json()) as { properties: Record<string, string> };
        expect({
          id: c.contactId, score: String(c.score), band: c.band, outcome: c.outcome, route: c.route, reasons: c.reasons,
          disqualificationReasons: c.disqualificationReasons.join(';'), respondBy: c.respondBy === null ? undefined : Date.parse(c.respondBy),
        }).toEqual({
          id: c.contactId, score: properties.carequal_score, band: properties.carequal_band, outcome: properties.carequal_outcome, route: properties.carequal_route,
          reasons: properties.carequal_reasons ?? '', disqualificationReasons: properties.carequal_disqualification_reasons ?? '',
          respondBy: properties.carequal_respond_by ? Date.parse(properties.carequal_respond_by) : undefined,
        });
      }

      // The console it points at is up and asks to sign in with HubSpot.
      const consolePage = await fetch(results.consoleUrl, { redirect: 'manual' });
      expect([302, 303]).toContain(consolePage.status);
      expect(consolePage.headers.get('location')).toMatch(/\/console\/sign-in/);
      expect(output.stdout()).toContain(`Account ${results.portalId}`);
    } finally {
      demo.kill('SIGINT');
    }
    expect(await output.exited).toBe(0);
  }, 180_000);

  it('when the port asked for is taken, then it says so and exits 2 without starting', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const output = collect(spawnDemo(['--port', String(port), '--json', path.join(dir, 'never.json')]));
      expect(await output.exited).toBe(2);
      expect(output.stderr()).toContain(`port ${port} is already in use`);
      expect(existsSync(path.join(dir, 'never.json'))).toBe(false);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60_000);
});
