import { callHubSpot, startInstalledSandbox, type InstalledSandbox } from './test-support/sandbox-fixture';

describe('fault injection', () => {
  let env: InstalledSandbox;
  beforeEach(async () => {
    env = await startInstalledSandbox({ seed: 42 });
  });
  afterEach(() => env.sandbox.close());

  const batchRead = () => env.api('POST', '/crm/objects/2026-03/contacts/batch/read', { inputs: [], properties: [], propertiesWithHistory: [] });

  it('when latency and jitter are set for one endpoint pattern, then matching calls take at least the latency', async () => {
    env.sandbox.setFaults({ 'POST /crm/objects/*/contacts/batch/*': { latencyMs: 120, jitterMs: 30 } });
    const started = Date.now();
    expect((await batchRead()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('when latency is set for one endpoint pattern, then a call that does not match is answered sooner than that latency', async () => {
    // A latency no busy machine approaches for one local call: only an applied delay exceeds it.
    const latencyMs = 5000;
    env.sandbox.setFaults({ 'POST /crm/objects/*/contacts/batch/*': { latencyMs } });
    const started = Date.now();
    expect((await env.api('GET', '/crm/owners/2026-03')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(latencyMs);
  });

  it('when errorRate is 1, then calls get the injected 5xx in HubSpot\'s error shape and are still counted', async () => {
    env.sandbox.setFaults({ '/crm/*': { errorRate: 1, errorStatus: 503 } });
    const answer = await batchRead();
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
    expect(env.sandbox.counters(env.portalId).requests).toBe(1);
  });

  it('when errorRate is 0.5 with a seed, then some calls fail and some succeed', async () => {
    env.sandbox.setFaults({ '*': { errorRate: 0.5 } });
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await env.api('GET', '/crm/v3/owners')).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  it('when a 429 storm is on, then every call gets TEN_SECONDLY_ROLLING 429s and they count as rate-limited', async () => {
    env.sandbox.setFaults({ '*': { rateLimitStorm: true } });
    const answers = [await batchRead(), await batchRead()];
    expect(answers.map((a) => a.status)).toEqual([429, 429]);
    expect(answers[0]!.body.policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(env.sandbox.counters(env.portalId).rateLimited).toBe(2);
  });

  it('when connections are dropped, then the client sees a network error instead of an answer', async () => {
    env.sandbox.setFaults({ '/crm/*': { dropConnectionRate: 1 } });
    await expect(batchRead()).rejects.toThrow();
  });

  it('when a call is made to time out, then no answer comes until the client gives up, and clearing faults restores service', async () => {
    env.sandbox.setFaults({ '/crm/*': { timeoutRate: 1 } });
    const hung = fetch(`${env.sandbox.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${env.tokens.access_token}` }, signal: AbortSignal.timeout(150) });
    await expect(hung).rejects.toThrow(/timeout|abort/i);
    env.sandbox.setFaults({});
    expect((await env.api('GET', '/crm/v3/owners')).status).toBe(200);
  });

  it('when faults are set over the control API, then they apply to OAuth too', async () => {
    await callHubSpot(env.sandbox.url, 'PUT', '/_sandbox/faults', { json: { 'POST /oauth/*': { errorRate: 1, errorStatus: 502 } } });
    const answer = await callHubSpot(env.sandbox.url, 'POST', '/oauth/2026-03/token', { form: { grant_type: 'refresh_token', refresh_token: env.tokens.refresh_token, client_id: env.app.clientId, client_secret: env.app.clientSecret } });
    expect(answer.status).toBe(502);
  });
});
