import { tenantId } from '../../src/app/ports/ids';
import { ConsoleBrowser, seedCriteria, signedInBrowser, startConsoleFixture, type ConsoleFixture, type ConsolePortal } from '../support/console-fixture';

/** The console's sign-in paths answer anyone without a session; CONSOLE_SIGN_IN_ATTEMPT_LIMIT caps them per client address. */
describe('console sign-in throttle (real app, real Redis)', () => {
  const LIMIT = 6;
  let f: ConsoleFixture;
  let portal: ConsolePortal;

  beforeAll(async () => {
    f = await startConsoleFixture({ CONSOLE_SIGN_IN_ATTEMPT_LIMIT: String(LIMIT) });
    portal = await f.addPortal(tenantId(7_040_404));
    await seedCriteria(f.criteria, portal.portalId, 'Throttle Clinic criteria');
  }, 120_000);
  afterAll(async () => f?.close(), 30_000);

  const challengeRows = async () => Number((await f.runtime.services.db.query<{ n: string }>('SELECT count(*) AS n FROM console_webauthn_challenges')).rows[0]!.n);
  const askForPasskeyOptions = () => fetch(`${f.baseUrl}/console/passkey/options.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  it('when one address floods the passkey and sign-in paths, then it gets 429 with Retry-After once over the limit, no more challenges are stored, and a signed-in user keeps working', async () => {
    // Two of the limit go to a real HubSpot sign-in (start + callback).
    const staff = await signedInBrowser(f, portal, portal.adminId);
    const before = await challengeRows();

    const answers: number[] = [];
    for (let i = 0; i < LIMIT - 2; i++) answers.push((await askForPasskeyOptions()).status);
    expect(answers).toEqual(Array(LIMIT - 2).fill(200));
    expect(await challengeRows()).toBe(before + LIMIT - 2);

    const refused = await askForPasskeyOptions();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    expect((await refused.json()) as unknown).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many sign-in attempts from this network\. Please wait \d+ minutes? and try again\.$/) } });
    expect(await challengeRows()).toBe(before + LIMIT - 2);

    const page = await new ConsoleBrowser(f.baseUrl).get('/console/sign-in/start');
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Too many attempts');

    const invitation = await new ConsoleBrowser(f.baseUrl).get('/console/invite/not-a-real-token');
    expect(invitation.status).toBe(429);

    // The sign-in page itself and signed-in pages are not sign-in attempts.
    expect((await new ConsoleBrowser(f.baseUrl).get('/console/sign-in')).status).toBe(200);
    const criteria = await staff.get('/console/criteria');
    expect(criteria.status).toBe(200);
    expect(await criteria.text()).toContain('Throttle Clinic criteria');
  });
});
