import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createMetrics } from '../../observability/metrics';
import { createSilentLogger } from '../../observability/logger';
import { startQueueDepthSampler } from './queue-depth.sampler';
import { openQueueHandle } from './queue-handle';

describe('queue depth sampler (real Redis)', () => {
  let connection: Redis;
  beforeAll(() => {
    connection = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await connection.quit();
  });

  it('when a job has waited 90 s, then carequal_queue_oldest_waiting_seconds says so for the queues asked about', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const handle = openQueueHandle('webhook-intake', { connection, prefix });
    const queue = handle.get();
    try {
      await queue.add('old', { requestId: 'r1' }, { timestamp: Date.now() - 90_000 });
      await queue.add('new', { requestId: 'r2' });
      const metrics = createMetrics();
      const sampler = startQueueDepthSampler([handle], { metrics, logger: createSilentLogger(), withAge: [handle] }, 60_000);
      await sampler.sampled;
      sampler.stop();
      const age = /carequal_queue_oldest_waiting_seconds\{queue="webhook-intake"\} (\d+)/.exec(await metrics.registry.metrics());
      expect(Number(age?.[1])).toBeGreaterThanOrEqual(90);
      expect(Number(age?.[1])).toBeLessThan(900);
      await queue.obliterate({ force: true });
      const emptied = createMetrics();
      const again = startQueueDepthSampler([handle], { metrics: emptied, logger: createSilentLogger(), withAge: [handle] }, 60_000);
      await again.sampled;
      again.stop();
      expect(await emptied.registry.metrics()).toContain('carequal_queue_oldest_waiting_seconds{queue="webhook-intake"} 0');
    } finally {
      await queue.obliterate({ force: true });
      await handle.close();
    }
  });

  it('when jobs wait and are delayed, then /metrics exposes carequal_queue_depth per queue and state', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const handle = openQueueHandle('qualify', { connection, prefix });
    const queue = handle.get();
    try {
      await queue.add('a', { portalId: 1 });
      await queue.add('b', { portalId: 1 });
      await queue.add('c', { portalId: 1 }, { delay: 60_000 });
      const metrics = createMetrics();
      const sampler = startQueueDepthSampler([handle], { metrics, logger: createSilentLogger() }, 60_000);
      await sampler.sampled;
      sampler.stop();
      const text = await metrics.registry.metrics();
      expect(text).toContain('carequal_queue_depth{queue="qualify",state="waiting"} 2');
      expect(text).toContain('carequal_queue_depth{queue="qualify",state="delayed"} 1');
      expect(text).toContain('carequal_queue_depth{queue="qualify",state="failed"} 0');
    } finally {
      await queue.obliterate({ force: true });
      await handle.close();
    }
  });
});
