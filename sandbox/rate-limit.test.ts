import { startHubSpotSandbox, type HubSpotSandbox } from './hubspot-sandbox';
import { buildApp, callHubSpot } from './test-support/sandbox-fixture';

describe('per-portal rate limits', () => {
  let sandbox: HubSpotSandbox;
  let tokenA: string;
  let tokenB: string;
  let portalA: number;
  let portalB: number;

  beforeEach(async () => {
    sandbox = await startHubSpotSandbox();
    const app = buildApp();
    sandbox.registerApp(app);
    portalA = sandbox.createPortal().portalId;
    portalB = sandbox.createPortal().portalId;
    tokenA = sandbox.installApp({ clientId: app.clientId, portalId: portalA }).access_token;
    tokenB = sandbox.installApp({ clientId: app.clientId, portalId: portalB }).access_token;
  });
  afterEach(() => sandbox.close());

  const ownersOf = (token: string) => callHubSpot(sandbox.url, 'GET', '/crm/owners/2026-03', { token });

  it('when one portal makes 111 calls inside 10 s, then the 111th gets 429 TEN_SECONDLY_ROLLING while another portal is unaffected', async () => {
    const answers = [];
    for (let i = 0; i < 110; i++) answers.push(await ownersOf(tokenA));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-max')).toBe('110');
    expect(answers[0]!.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(answers[109]!.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');

    const limited = await ownersOf(tokenA);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(limited.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');

    const other = await ownersOf(tokenB);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-hubspot-ratelimit-remaining')).toBe('109');

    expect(sandbox.counters(portalA)).toMatchObject({ requests: 111, rateLimited: 1, byRoute: { 'GET /crm/owners/2026-03': 111 } });
    expect(sandbox.counters(portalB)).toMatchObject({ requests: 1, rateLimited: 0 });
  });

  it('when the 10 s window rolls past earlier calls, then the portal may call again', async () => {
    sandbox.setRateLimit({ max: 2, windowMs: 10_000 });
    await ownersOf(tokenA);
    sandbox.advanceTime(5_000);
    await ownersOf(tokenA);
    expect((await ownersOf(tokenA)).status).toBe(429);
    sandbox.advanceTime(5_001);
    expect((await ownersOf(tokenA)).status).toBe(200);
    expect((await ownersOf(tokenA)).status).toBe(429);
  });

  it('when a portal searches more than 5 times in one second, then the 6th search gets 429 SECONDLY', async () => {
    const search = () => callHubSpot(sandbox.url, 'POST', '/crm/objects/2026-03/contacts/search', { token: tokenA, json: { filterGroups: [], limit: 10 } });
    for (let i = 0; i < 5; i++) expect((await search()).status).toBe(200);
    const sixth = await search();
    expect(sixth.status).toBe(429);
    expect(sixth.body.policyName).toBe('SECONDLY');
    sandbox.advanceTime(1_001);
    expect((await search()).status).toBe(200);
  });
});
