import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../../scripts/demo/demo-cleanup';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('demo clean-up of its Redis keys', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => redis.disconnect());

  it('when the demo stops on a Redis it did not start, then every key under its prefix goes (in many slots) and no other key is touched', async () => {
    const prefix = `demo-cleanup-${randomBytes(4).toString('hex')}`;
    const mine = Array.from({ length: 1200 }, (_, i) => `${prefix}:{slot-${i}}:key`);
    const other = `${prefix}-other:keep`;
    await redis.mset(...[...mine, other].flatMap((k) => [k, '1']));
    try {
      expect(await deleteKeysUnder(redis, prefix)).toBe(mine.length);
      expect(await redis.exists(...mine)).toBe(0);
      expect(await redis.exists(other)).toBe(1);
    } finally {
      await redis.del(other);
    }
  });

  it('when the Redis refuses a command naming keys of different slots (a Cluster: CROSSSLOT), then the clean-up still removes every key', async () => {
    const keys = ['p:{a}:1', 'p:{b}:2', 'p:{c}:3'];
    const left = new Set(keys);
    const crossSlotStrict = {
      scanStream: () => (async function* () { yield [...left]; })(),
      unlink: async (...named: string[]) => {
        if (named.length > 1) throw new Error('CROSSSLOT Keys in request don\'t hash to the same slot');
        return left.delete(named[0]!) ? 1 : 0;
      },
    };
    expect(await deleteKeysUnder(crossSlotStrict as never, 'p')).toBe(3);
    expect([...left]).toEqual([]);
  });
});
