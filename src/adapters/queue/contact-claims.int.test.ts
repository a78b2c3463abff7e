import { contactId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisContactClaims } from './contact-claims';
import { CONTACTS_BUSY_RETRY_MS, processQualifyJob, type QualifyWorkerDeps } from './qualify.worker';
import { isAppError } from '../../app/errors';

describe('contact claims (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL!);
  });
  beforeEach(() => {
    prefix = `test:claims:${randomBytes(4).toString('hex')}`;
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('when a job holds contacts, then a job wanting any of them gets nothing (not even the free ones) until the first releases', async () => {
    const claims = createRedisContactClaims(redis, { prefix, ttlMs: 30_000 });
    const first = await claims.tryClaim(tenantId(7001), [contactId('1'), contactId('2'), contactId('3')]);
    expect(first).toBeDefined();
    expect(await claims.tryClaim(tenantId(7001), [contactId('3'), contactId('4')])).toBeUndefined();
    expect(await redis.exists(`${prefix}:claim:{7001}:4`)).toBe(0); // all or none
    expect(await claims.tryClaim(tenantId(7002), [contactId('3')])).toBeDefined(); // another portal's contact 3
    await first!();
    const second = await claims.tryClaim(tenantId(7001), [contactId('3'), contactId('4')]);
    expect(second).toBeDefined();
  });

  it('when a claim expired and was taken by another job, then the late release leaves the new claim alone', async () => {
    const claims = createRedisContactClaims(redis, { prefix, ttlMs: 50 });
    const crashed = await claims.tryClaim(tenantId(7001), [contactId('9')]);
    await redis.del(`${prefix}:claim:{7001}:9`); // what the TTL does, without waiting for it
    const retried = await createRedisContactClaims(redis, { prefix, ttlMs: 30_000 }).tryClaim(tenantId(7001), [contactId('9')]);
    expect(retried).toBeDefined();
    await crashed!();
    expect(await redis.exists(`${prefix}:claim:{7001}:9`)).toBe(1);
  });

  it('when a qualify job finds its contacts held, then it fails retryable with a short delay and reads nothing from HubSpot', async () => {
    const claims = createRedisContactClaims(redis, { prefix, ttlMs: 30_000 });
    await claims.tryClaim(tenantId(7001), [contactId('5')]);
    const touched: string[] = [];
    const deps = new Proxy({ claims } as Partial<QualifyWorkerDeps>, {
      get: (target, key) => (key in target ? target[key as keyof QualifyWorkerDeps] : (touched.push(String(key)), undefined)),
    }) as QualifyWorkerDeps;
    const error = await processQualifyJob({ portalId: 7001, contactIds: ['5', '6'], traceId: 't-1', reason: 'webhook' }, 'job-1', deps).catch((e: unknown) => e);
    expect(isAppError(error) && { code: error.code, retryable: error.retryable, retryAfterMs: error.retryAfterMs }).toEqual({ code: 'contacts.busy', retryable: true, retryAfterMs: CONTACTS_BUSY_RETRY_MS });
    expect(touched).toEqual([]);
  });
});
