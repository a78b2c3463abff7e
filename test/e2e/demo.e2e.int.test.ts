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
import { buildDefaultCriteria } from '../../src/core';
import { CAREQUAL_PROPERTY_NAMES } from '../../src/adapters/hubspot/carequal-values';
import type { DemoResults } from '../../scripts/demo/demo-results';
import { collect, REPO_ROOT, spawnEntry, waitFor } from '../support/cli';
import { freePort } from '../support/sandbox-app';

function spawnDemo(args: string[]): ChildProcessWithoutNullStreams {
  return spawnEntry('scripts/demo/demo.ts', args, { REDIS_URL: process.env.TEST_REDIS_URL, NO_COLOR: '1' }, REPO_ROOT);
}

/**
 * Words that reveal a condition or a service: every service line's label and keywords of the
 * default criteria, and the clinical words of the demo's inquiries (symptoms, body parts,
 * procedures, crisis words).
 */
const REVEALING = [
  ...buildDefaultCriteria().serviceLines.flatMap((l) => [l.label, ...l.keywords.map((k) => k.replace(/\*$/, ''))]),
  'knee', 'hip', 'spine', 'spinal', 'neck', 'shoulder', 'acl', 'meniscus', 'rotator', 'tendon', 'arthritis', 'sciatica', 'chest', 'pain',
  'emergency', 'crisis', 'suicid', 'bleeding', 'stroke', 'injury', 'surgery', 'surgeon', 'therapy', 'rehab', 'mri', 'clinical', 'medical', 'orthop',
];
const revealingWords = (text: string): string[] => REVEALING.filter((w) => new RegExp(`(^|[^a-z])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text.toLowerCase()));

/** Reads the sandbox's control API. */
async function sandboxJson<T>(sandboxUrl: string, pathname: string): Promise<T> {
  const res = await fetch(`${sandboxUrl}${pathname}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

type Snapshot = { id: string; properties: Record<string, string> };

describe('npm run demo', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-demo-test-'));

  it.each(['starter', 'professional'])('when run with --hubspot-tier %s, then every lead is qualified in standard mode and nothing CareQual wrote into HubSpot names a service or a condition', async (tier) => {
    const jsonFile = path.join(dir, `demo-${tier}.json`);
    const sandboxPort = await freePort();
    const demo = spawnDemo(['--port', '0', '--sandbox-port', String(sandboxPort), '--hubspot-tier', tier, '--latency', '0', '--json', jsonFile, '--keep-serving']);
    const output = collect(demo);
    try {
      await waitFor(output.stdout, (text) => text.includes('Serving until Ctrl-C'), 120_000).catch((error: Error) => {
        throw new Error(`${error.message}\nstderr:\n${output.stderr().slice(-2000)}`);
      });
      const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoResults;
      expect(results.dataMode).toBe('standard');
      expect(results.contacts.map((c) => c.label)).toEqual(buildDemoLeads().map((l) => l.label));
      const sandbox = `http://127.0.0.1:${sandboxPort}`;
      const { results: contacts } = await sandboxJson<{ results: Snapshot[] }>(sandbox, `/_sandbox/portals/${results.portalId}/contacts`);
      const { results: definitions } = await sandboxJson<{ results: { name: string; dataSensitivity?: string; options: { label: string; value: string }[] }[] }>(sandbox, `/_sandbox/portals/${results.portalId}/properties`);
      const properties = () => definitions.filter((p) => p.name.startsWith('carequal_'));
      const written = contacts.flatMap((c) => CAREQUAL_PROPERTY_NAMES.flatMap((name) => (c.properties[name] ? [{ id: c.id, name, value: c.properties[name]! }] : [])));
      expect(written.filter((w) => w.name === 'carequal_reasons')).toHaveLength(results.contacts.length);
      // Enumerations hold CareQual's codes (DESIGN.md §4), checked as codes; what HubSpot users read
      // is the option label (checked below: "Priority review", not "Clinical review"). Every other
      // value is text and must reveal nothing.
      const codes = new Set(properties().flatMap((p) => p.options.map((o) => o.value)));
      const enumerations = new Set(properties().filter((p) => p.options.length > 0).map((p) => p.name));
      expect(written.filter((w) => enumerations.has(w.name) && w.value.split(';').some((v) => !codes.has(v)))).toEqual([]);
      expect(written.filter((w) => !enumerations.has(w.name) && revealingWords(w.value).length > 0)).toEqual([]);
      const { results: tasks } = await sandboxJson<{ results: Snapshot[] }>(sandbox, `/_sandbox/portals/${results.portalId}/tasks`);
      expect(tasks.length).toBeGreaterThan(0);
      const texts = tasks.flatMap((t) => [t.properties.hs_task_subject ?? '', t.properties.hs_task_body ?? '']);
      expect(texts.filter((t) => revealingWords(t).length > 0)).toEqual([]);
      const carequal = properties();
      expect(carequal.map((p) => p.dataSensitivity)).toEqual(carequal.map(() => 'non_sensitive'));
      expect(carequal.flatMap((p) => p.options.map((o) => o.label)).filter((l) => revealingWords(l).length > 0)).toEqual([]);
    } finally {
      demo.kill('SIGINT');
    }
    expect(await output.exited).toBe(0);
  }, 180_000);

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

      // Enterprise with Sensitive Data (the default): sensitive mode, CareQual's inquiry properties are Sensitive Data.
      expect(results.dataMode).toBe('sensitive');
      const { results: properties } = await sandboxJson<{ results: { name: string; dataSensitivity?: string }[] }>(sandbox, `/_sandbox/portals/${results.portalId}/properties`);
      expect(properties.find((p) => p.name === 'carequal_reasons')?.dataSensitivity).toBe('sensitive');
      expect(properties.find((p) => p.name === 'carequal_band')?.dataSensitivity).toBe('sensitive');

      // The console it points at is up and asks to sign in with HubSpot.
      const consolePage = await fetch(results.consoleUrl, { redirect: 'manual' });
      expect([302, 303]).toContain(consolePage.status);
      expect(consolePage.headers.get('location')).toMatch(/\/console\/sign-in/);
      expect(output.stdout()).toContain(`Account ${results.portalId}`);

      // Sign in with HubSpot through the demo as shipped: its console's redirect URL must be one the
      // sandbox app registered (read from the HubSpot project), with the scopes HubSpot requires.
      const start = await fetch(`${results.consoleUrl}/sign-in/start`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.write']));
      authorize.searchParams.set('auto_approve', '1');
      authorize.searchParams.set('portal_id', String(results.portalId));
      const approved = await fetch(authorize, { redirect: 'manual' });
      expect(approved.status).toBe(302);
      const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const callback = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
      expect({ status: callback.status, location: callback.headers.get('location') }).toEqual({ status: 303, location: '/console' });
      const session = callback.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const signedIn = await fetch(results.consoleUrl, { headers: { cookie: session } });
      expect(signedIn.status).toBe(200);
      expect(signedIn.url).not.toMatch(/sign-in/);
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
