import { closeRedisConnection, createRedisConnection } from './redis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('closing a Redis connection (real Redis)', () => {
  it('when a connection is closed in the middle of its handshake, then it ends and leaves no timer running', async () => {
    // Disconnected mid-handshake, ioredis used to fail its ready check, disconnect again and keep a
    // 2 s timer alive after the socket had closed (a jest worker that could not exit).
    const redis = createRedisConnection(REDIS_URL, 'worker');
    await new Promise((resolve) => redis.once('connect', resolve)); // connected, ready check not answered yet
    expect(redis.status).toBe('connect');
    const before = timers();

    await closeRedisConnection(redis);
    if (redis.status !== 'end') await new Promise((resolve) => redis.once('end', resolve));

    expect(redis.status).toBe('end');
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('when a ready connection is closed, then it ends', async () => {
    const redis = createRedisConnection(REDIS_URL, 'producer');
    await new Promise((resolve) => redis.once('ready', resolve));
    await closeRedisConnection(redis);
    if (redis.status !== 'end') await new Promise((resolve) => redis.once('end', resolve));
    expect(redis.status).toBe('end');
  });
});
