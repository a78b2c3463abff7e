import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import fc from 'fast-check';
import { waitFor } from '../../../test/support/wait';
import { PortalRateLimiter } from './portal-rate-limiter';

describe('PortalRateLimiter (real Redis)', () => {
  let redis: Redis;
  let keyPrefix: string;
  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });
  beforeEach(() => {
    keyPrefix = `test:rl:${randomBytes(4).toString('hex')}`;
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('when a portal spends its budget, then the next call waits until the oldest leaves the window, and another portal is unaffected', async () => {
    let now = 1_000_000;
    const limiter = new PortalRateLimiter(redis, { maxRequests: 100, windowMs: 10_000, keyPrefix }, () => now);
    for (let i = 0; i < 100; i++) expect(await limiter.tryReserve(1)).toEqual({ granted: true });
    now += 4_000;
    expect(await limiter.tryReserve(1)).toEqual({ granted: false, retryInMs: 6_000 });
    expect(await limiter.tryReserve(2)).toEqual({ granted: true });
    now += 6_000;
    expect(await limiter.tryReserve(1)).toEqual({ granted: true });
  });

  it('when reserved calls are given back, then they no longer count in the portal\'s window', async () => {
    const limiter = new PortalRateLimiter(redis, { maxRequests: 5, windowMs: 1_000, keyPrefix }, () => 5_000);
    expect(await limiter.tryReserve(9, 3)).toEqual({ granted: true });
    expect(await limiter.tryReserve(9, 3)).toMatchObject({ granted: false });
    await limiter.refund(9, 2);
    expect(await limiter.used(9)).toBe(1);
    expect(await limiter.tryReserve(9, 3)).toEqual({ granted: true });
  });

  it('when a reservation of several calls does not fit, then none of it is taken', async () => {
    const limiter = new PortalRateLimiter(redis, { maxRequests: 5, windowMs: 1_000, keyPrefix }, () => 5_000);
    expect(await limiter.tryReserve(7, 4)).toEqual({ granted: true });
    expect(await limiter.tryReserve(7, 2)).toMatchObject({ granted: false });
    expect(await limiter.used(7)).toBe(4);
    expect(await limiter.tryReserve(7, 1)).toEqual({ granted: true });
  });

  it('when two processes share one portal concurrently, then together they never exceed the budget in any rolling window', async () => {
    const other = new Redis(process.env.TEST_REDIS_URL!);
    try {
      let now = 0;
      const clock = () => now;
      // A logical clock, but the window key's PEXPIRE runs on Redis's real clock: a window of a minute
      // keeps a busy machine's real seconds from expiring it between ticks (a 1 s window once did).
      const a = new PortalRateLimiter(redis, { maxRequests: 20, windowMs: 60_000, keyPrefix }, clock);
      const b = new PortalRateLimiter(other, { maxRequests: 20, windowMs: 60_000, keyPrefix }, clock);
      const grantedAt: number[] = [];
      for (let tick = 0; tick < 40; tick++) {
        now = tick * 6_000;
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).tryReserve(9)));
        for (const r of results) if (r.granted) grantedAt.push(now);
      }
      for (const start of grantedAt) expect(grantedAt.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(20);
      expect(grantedAt.length).toBeGreaterThanOrEqual(20 * 3);
    } finally {
      await other.quit();
    }
  });

  it('property: for any arrival pattern, no rolling window holds more granted calls than the budget', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 120 }), async (steps) => {
        const prefix = `${keyPrefix}:${randomBytes(3).toString('hex')}`;
        let now = 10_000;
        const limiter = new PortalRateLimiter(redis, { maxRequests: 10, windowMs: 1_000, keyPrefix: prefix }, () => now);
        const granted: number[] = [];
        for (const [gap, cost] of steps) {
          now += gap;
          const r = await limiter.tryReserve(1, cost);
          if (r.granted) for (let i = 0; i < cost; i++) granted.push(now);
          else expect(r.retryInMs).toBeGreaterThan(0);
        }
        for (const start of granted) expect(granted.filter((t) => t > start - 1_000 && t <= start).length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 60 },
    );
  });

  it('when bulk work fills its lane, then live work of the same portal still gets the reserved calls, and bulk waits', async () => {
    let now = 2_000_000;
    const limiter = new PortalRateLimiter(redis, { maxRequests: 105, windowMs: 10_000, keyPrefix, liveReserve: 10 }, () => now);
    for (let i = 0; i < 19; i++) expect(await limiter.tryReserve(4, 5, 'bulk')).toEqual({ granted: true });
    now += 1_000;
    expect(await limiter.tryReserve(4, 1, 'bulk')).toEqual({ granted: false, retryInMs: 9_000 });
    for (let i = 0; i < 10; i++) expect(await limiter.tryReserve(4, 1, 'live')).toEqual({ granted: true });
    expect(await limiter.tryReserve(4, 1, 'live')).toMatchObject({ granted: false });
    expect(await limiter.used(4)).toBe(105);
  });

  it('when HubSpot answered 429 and the portal is paused, then neither lane is granted until the pause ends, and other portals are not paused', async () => {
    const limiter = new PortalRateLimiter(redis, { maxRequests: 105, windowMs: 10_000, keyPrefix, liveReserve: 10 });
    await limiter.pause(5, 300);
    await limiter.pause(5, 50); // a shorter pause never shortens a longer one
    const refused = await limiter.tryReserve(5, 1, 'live');
    expect(refused.granted).toBe(false);
    expect(refused.granted === false && refused.retryInMs).toBeGreaterThan(50);
    expect(await limiter.tryReserve(5, 1, 'bulk')).toMatchObject({ granted: false });
    expect(await limiter.tryReserve(6, 1, 'live')).toEqual({ granted: true });
    await waitFor(async () => (await limiter.tryReserve(5, 1, 'live')).granted, { timeoutMs: 5_000 });
    expect(await limiter.pausedForMs(5)).toBe(0);
  });
});
