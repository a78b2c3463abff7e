import { MAX_DERIVED_SLOWDOWN, scaledMs, testSlowdown, waitFor } from './wait';

describe('waitFor and the load slowdown', () => {
  const saved = process.env.CAREQUAL_TEST_SLOWDOWN;
  afterEach(() => {
    if (saved === undefined) delete process.env.CAREQUAL_TEST_SLOWDOWN;
    else process.env.CAREQUAL_TEST_SLOWDOWN = saved;
  });

  it('when the condition holds on the third check, then it resolves with the value of that check', async () => {
    let checks = 0;
    const value = await waitFor(() => (++checks === 3 ? { checks } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ checks: 3 });
  });

  it('when the condition never holds, then it rejects after the stretched deadline naming what it waited for', async () => {
    process.env.CAREQUAL_TEST_SLOWDOWN = '2';
    let checks = 0;
    const startedAt = Date.now();
    await expect(waitFor(() => (checks++, false), { timeoutMs: 30, intervalMs: 5, what: () => `the answer after ${checks} checks` }))
      .rejects.toThrow(/^timed out after 60 ms waiting for the answer after \d+ checks$/);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(60);
    expect(checks).toBeGreaterThan(1);
  });

  it('when the condition keeps throwing, then the time-out carries its last error', async () => {
    process.env.CAREQUAL_TEST_SLOWDOWN = '1';
    await expect(waitFor(() => {
      throw new Error('connection refused');
    }, { timeoutMs: 20, intervalMs: 5, what: 'Redis' })).rejects.toThrow('timed out after 20 ms waiting for Redis (last check threw: connection refused)');
  });

  it.each([
    ['3', 3],
    ['1', 1],
  ])('when CAREQUAL_TEST_SLOWDOWN is %s, then deadlines are multiplied by %d', (factor, expected) => {
    process.env.CAREQUAL_TEST_SLOWDOWN = factor;
    expect(testSlowdown()).toBe(expected);
    expect(scaledMs(1000)).toBe(1000 * expected);
  });

  it.each(['', '0.5', 'fast'])('when CAREQUAL_TEST_SLOWDOWN is %j, then the factor follows the load, between 1 and the cap', (value) => {
    process.env.CAREQUAL_TEST_SLOWDOWN = value;
    expect(testSlowdown()).toBeGreaterThanOrEqual(1);
    expect(testSlowdown()).toBeLessThanOrEqual(MAX_DERIVED_SLOWDOWN);
  });
});
