import { tenantId } from '../../src/app/ports/ids';
import fc from 'fast-check';
import { main } from '../../src/main/cli';
import { EXIT } from '../../src/main/exit-codes';
import { collect, spawnCli } from '../support/cli';
import { ConsoleBrowser } from '../support/console-fixture';
import { formFields } from '../support/console-form';
import { startSandboxedApp, subscriptionsFromHubSpotProject, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/**
 * Hostile or broken input at the edges a browser, HubSpot's redirect or an operator controls:
 * OAuth callback parameters and cookies, console form posts, and CLI arguments. Never a 5xx or a
 * stack trace, always a clear refusal, and nothing stored half-way. Webhook bodies and criteria
 * documents are fuzzed where they are parsed (src/adapters/http/routes/webhooks*.test.ts,
 * src/core/criteria/*.test.ts).
 */

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', '%', '%00', '../..', '<script>', '"\'', 'null', '[]', '{}', '\u0000', '💥', 'a'.repeat(3000)));

describe('bad input over HTTP', () => {
  let app: SandboxedApp;
  const portalId = 8_300_003;
  const adminId = 8_300_031;
  let admin: ConsoleBrowser;
  let csrf: string;

  beforeAll(async () => {
    app = await startSandboxedApp();
    app.sandbox.registerApp({
      appId: TEST_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET,
      redirectUris: [`${app.baseUrl}/oauth/callback`, `${app.baseUrl}/console/auth/callback`],
      webhookTargetUrl: `${app.baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
    app.sandbox.createPortal({ portalId, intakeFormFields: true, users: [{ id: adminId, email: 'admin@p8300003.example', superAdmin: true }] });
    const start = await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);
    for (const [k, v] of Object.entries({ auto_approve: '1', portal_id: String(portalId), user_id: String(adminId) })) authorize.searchParams.set(k, v);
    const approved = await fetch(authorize, { redirect: 'manual' });
    const installed = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie: start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } });
    expect(installed.status).toBe(302);
    admin = new ConsoleBrowser(app.baseUrl);
    await admin.signIn(app.sandbox, app.baseUrl, tenantId(portalId), adminId);
    csrf = await admin.csrfToken();
  }, 60_000);
  afterAll(async () => app?.stop());

  const count = async (table: string) => (await app.runtime.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  it('when /oauth/callback and /console/auth/callback get random code, state, error and cookies (sometimes with a real state), then they never answer 5xx and no installation or session is stored', async () => {
    const before = { installations: await count('installations'), sessions: await count('console_sessions') };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/oauth/callback', '/console/auth/callback'),
        fc.record({ code: fc.option(text), state: fc.option(text), error: fc.option(text), extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), text)) }),
        fc.option(text),
        fc.boolean(),
        async (path, params, cookieValue, realState) => {
          const url = new URL(`${app.baseUrl}${path}`);
          let cookie = cookieValue === null ? '' : `${path.startsWith('/oauth') ? 'carequal_install' : 'cq_sign_in'}=${encodeURIComponent(cookieValue)}`;
          if (realState) {
            // A state this app really issued, with its browser cookie: the random part is then the code or the error.
            const start = await fetch(`${app.baseUrl}${path.startsWith('/oauth') ? '/oauth/install' : '/console/sign-in/start'}`, { redirect: 'manual' });
            url.searchParams.set('state', new URL(start.headers.get('location')!).searchParams.get('state')!);
            cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
          } else if (params.state !== null) url.searchParams.set('state', params.state);
          if (params.code !== null) url.searchParams.set('code', params.code);
          if (params.error !== null) url.searchParams.set('error', params.error);
          if (params.extra) url.searchParams.append(params.extra[0], params.extra[1]);
          const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
          expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
          expect([200, 302, 303, 400, 401, 403, 404, 410]).toContain(res.status);
        },
      ),
      { numRuns: 60 },
    );
    expect({ installations: await count('installations'), sessions: await count('console_sessions') }).toEqual(before);
  }, 120_000);

  it('when the criteria form is posted with random field names and values, then the answer is a 4xx with the problems shown or a saved version, never a 5xx; nothing is saved while invalid', async () => {
    const page = await (await admin.get('/console/criteria')).text();
    const fields = [...formFields(page).keys()];
    expect(fields.length).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(
          fc.record({ kind: fc.constant('set' as const), name: fc.constantFrom(...fields), value: text }),
          fc.record({ kind: fc.constant('drop' as const), name: fc.constantFrom(...fields), value: fc.constant('') }),
          fc.record({ kind: fc.constant('add' as const), name: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'rules.fit[999].points', 'bands[0].min', 'propertyMap.message[5]')), value: text }),
        ), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('save', 'publish', 'add:rules.fit', 'add:nowhere', ''),
        async (edits, op) => {
          const form = formFields(page);
          for (const e of edits) {
            if (e.kind === 'drop') form.delete(e.name);
            else if (e.kind === 'set') form.set(e.name, e.value);
            else form.append(e.name, e.value);
          }
          form.set('_csrf', csrf);
          form.set('_op', op);
          const versions = await count('criteria_versions');
          const res = await admin.post('/console/criteria', form);
          const body = await res.text();
          expect(res.status).toBeLessThan(500);
          expect([200, 303, 400, 404, 413, 422]).toContain(res.status);
          if (res.status === 422) expect(body).toMatch(/Please check your entries|error/i);
          if (res.status !== 303) expect(await count('criteria_versions')).toBe(versions);
        },
      ),
      // Always tried first: a NUL in a reason once reached PostgreSQL's jsonb and came back as a 500.
      { numRuns: 40, examples: [[[{ kind: 'set', name: 't:rules.fit[0].reason', value: 'near\u0000by' }], 'save']] },
    );
  }, 120_000);

  it('when Try a lead is posted with random field names and values, then it answers 200 or a 4xx, never a 5xx, and stores nothing', async () => {
    const before = { versions: await count('criteria_versions'), tasks: await count('follow_up_tasks') };
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.constantFrom('in:message', 'in:zip', 'in:phone', 'in:email', 'in:payer', 'in:timeline', 'in:consent', 'criteria', 'portalId'), fc.string({ maxLength: 20 })), text, { maxKeys: 8 }),
        async (fields) => {
          const res = await admin.post('/console/try', { ...fields, _csrf: csrf });
          expect(res.status).toBeLessThan(500);
          expect([200, 400, 404, 413, 422]).toContain(res.status); // 422: an empty form ("Nothing to score yet")
        },
      ),
      { numRuns: 40 },
    );
    expect({ versions: await count('criteria_versions'), tasks: await count('follow_up_tasks') }).toEqual(before);
  }, 120_000);
});

describe('bad CLI arguments', () => {
  const knownOptions = ['--portal', '--format', '--from', '--to', '--out', '--queue', '--limit', '--no-wait', '--old-key-id', '--old-key-env', '--help', '-h', '--version'];
  const notAPortal = fc.string({ maxLength: 20 }).filter((s) => !/^[0-9]{1,15}$/.test(s) || Number(s) <= 0);
  /** Command lines that are wrong by construction: a bad value, an unknown option, a missing required option or a stray argument. */
  const badCommandLine = fc.oneof(
    notAPortal.chain((p) => fc.constantFrom(['backfill', '--portal', p], ['uninstall', '--portal', p], ['replay', '--portal', p], ['audit', 'verify', '--portal', p], ['audit', 'export', '--format', 'csv', '--portal', p])),
    fc.stringMatching(/^--[a-z][a-z-]{1,12}$/).filter((o) => !knownOptions.includes(o)).chain((o) => fc.constantFrom(['backfill', '--portal', '5', o], ['replay', o, 'x'], ['rotate-key', '--old-key-id', 'k0', o], ['uninstall', o])),
    fc.constantFrom(['backfill'], ['uninstall'], ['rotate-key'], ['audit', 'export', '--portal', '5'], ['backfill', '--portal'], ['replay', '--limit']),
    fc.string({ maxLength: 12 }).filter((s) => !/^[0-9]+$/.test(s.trim()) || Number(s) < 1 || Number(s) > 100_000).map((n) => ['replay', '--limit', n]),
    fc.string({ maxLength: 12 }).filter((q) => !['qualify', 'purge', 'backfill'].includes(q)).map((q) => ['replay', '--queue', q]),
    fc.string({ maxLength: 12 }).map((s) => ['audit', 'export', '--portal', '5', '--format', `x${s}`]),
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.startsWith('-')).map((s) => ['uninstall', '--portal', '5', s]),
  );

  it('when a command gets random wrong arguments (in process), then it exits 64 with a message on stderr and never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(badCommandLine, async (args) => {
        const written: string[] = [];
        const original = process.stderr.write;
        process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
        let code: number;
        try {
          code = await main(['node', 'carequal', ...args]);
        } finally {
          process.stderr.write = original;
        }
        const stderr = written.join('');
        expect({ args, code }).toEqual({ args, code: EXIT.usage });
        expect(stderr).toMatch(/error: /);
        expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      }),
      { numRuns: 150 },
    );
  });

  it('when the real CLI is spawned with wrong arguments, then it exits 64 with one clear line and no stack trace', async () => {
    for (const args of [['backfill', '--portal', '12ab'], ['replay', '--queue', 'qualifyy'], ['rotate-key', '--old-key-idd', 'k0']]) {
      const run = collect(spawnCli(args, {}));
      const code = await run.exited;
      expect({ args, code }).toEqual({ args, code: EXIT.usage });
      expect(run.stderr()).toMatch(/error: /);
      expect(run.stderr()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
  }, 60_000);
});
