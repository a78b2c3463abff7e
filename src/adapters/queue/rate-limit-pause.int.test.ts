import { tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { InMemoryCrm } from '../../../test/fakes/pipeline.fakes';
import { HUBSPOT_ERROR_CODES, toHubSpotError } from '../hubspot/hubspot-errors';
import { withRateLimitFeedback } from '../hubspot/rate-limit-feedback';
import { createRateLimitPauser } from './call-budget';
import { PortalRateLimiter } from './portal-rate-limiter';

/** A CRM whose list call answers as HubSpot does when a policy is exceeded. */
class RateLimitedCrm extends InMemoryCrm {
  constructor(private readonly policyName: string) {
    super();
  }
  override async listContacts(_portalId: number, _names: readonly string[]): Promise<never> {
    throw toHubSpotError('contacts.list', 429, { status: 'error', errorType: 'RATE_LIMIT', policyName: this.policyName, message: 'limit reached' }, undefined);
  }
}

describe('a 429 reaching the pipeline (real Redis)', () => {
  let redis: Redis;
  let limiter: PortalRateLimiter;
  const logged: { level: string; message: string; meta: Record<string, unknown> }[] = [];
  const logger = {
    error: (message: string, meta: Record<string, unknown>) => void logged.push({ level: 'error', message, meta }),
    warn: (message: string, meta: Record<string, unknown>) => void logged.push({ level: 'warn', message, meta }),
  };
  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });
  beforeEach(() => {
    logged.length = 0;
    limiter = new PortalRateLimiter(redis, { maxRequests: 105, windowMs: 10_000, keyPrefix: `test:rlp:${randomBytes(4).toString('hex')}`, liveReserve: 10 });
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('when HubSpot answers 429 TEN_SECONDLY_ROLLING, then the portal gets no budget for a whole window and the call still fails retryably', async () => {
    const crm = withRateLimitFeedback(new RateLimitedCrm('TEN_SECONDLY_ROLLING'), createRateLimitPauser(limiter, { windowMs: 10_000, logger }));
    await expect(crm.listContacts(31, ['email'])).rejects.toMatchObject({ code: HUBSPOT_ERROR_CODES.rateLimited, retryable: true });
    expect(await limiter.pausedForMs(31)).toBeGreaterThan(9_000);
    expect(await limiter.tryReserve(31, 1, 'live')).toMatchObject({ granted: false });
    expect(await limiter.tryReserve(32, 1, 'live')).toEqual({ granted: true });
    expect(logged).toEqual([{ level: 'warn', message: 'HubSpot answered 429: the portal is paused', meta: { portalId: 31, policyName: 'TEN_SECONDLY_ROLLING', pausedForMs: 10_000 } }]);
  });

  it('when HubSpot answers 429 DAILY, then the portal stops for HubSpot\'s wait and an error log says so', async () => {
    const crm = withRateLimitFeedback(new RateLimitedCrm('DAILY'), createRateLimitPauser(limiter, { windowMs: 10_000, logger }));
    await expect(crm.listContacts(33, ['email'])).rejects.toMatchObject({ code: HUBSPOT_ERROR_CODES.rateLimited });
    expect(await limiter.pausedForMs(33)).toBeGreaterThan(50 * 60_000);
    expect(logged.map((l) => [l.level, l.meta.policyName])).toEqual([['error', 'DAILY']]);
  });

  it('when a call fails for another reason, then the portal is not paused', async () => {
    const inner = new InMemoryCrm();
    inner.failPropertyList = true;
    const crm = withRateLimitFeedback(inner, createRateLimitPauser(limiter, { windowMs: 10_000, logger }));
    await expect(crm.listContactProperties(tenantId(34))).rejects.toMatchObject({ code: 'hubspot.unavailable' });
    expect(await limiter.pausedForMs(34)).toBe(0);
    expect(logged).toEqual([]);
  });
});
