import { Queue } from 'bullmq';
import { createEffectivenessWorkers, EFFECTIVENESS_NIGHTLY_QUEUE, EFFECTIVENESS_QUEUE, scheduleNightlySweep } from '../adapters/queue/effectiveness.worker';
import { bullmqPrefix, DEFAULT_JOB_OPTIONS } from '../adapters/queue/queues';
import { closeRedisConnection, createRedisConnection } from '../adapters/queue/redis';
import { appServicesOf } from './app-services';
import { buildEffectivenessDeps } from './effectiveness.wiring';
import type { Closeable, FeatureWiring } from './runtime';

/**
 * The nightly effectiveness figures (issue 20): a BullMQ job scheduler starts one sweep a night,
 * which enqueues one run per active portal; runs go one at a time per worker process, each
 * within its portal's HubSpot budget.
 */
export function createEffectivenessFeature(opts: { prefix?: string; rateLimit?: { maxRequests: number; windowMs: number } } = {}): FeatureWiring {
  return {
    async startWorkers(services): Promise<Closeable[]> {
      const { config, logger, metrics } = services;
      const prefix = opts.prefix ?? config.QUEUE_PREFIX;
      const onRedisError = (error: Error) => logger.warn('effectiveness redis error', { code: (error as { code?: string }).code ?? error.name });
      const workerConnection = createRedisConnection(config.redis, 'worker', onRedisError);
      const queueConnection = createRedisConnection(config.redis, 'worker', onRedisError);
      const queueOpts = { connection: queueConnection, prefix: bullmqPrefix(prefix, queueConnection), defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 3 } };
      const runs = new Queue(EFFECTIVENESS_QUEUE, queueOpts);
      const sweeps = new Queue(EFFECTIVENESS_NIGHTLY_QUEUE, queueOpts);
      await scheduleNightlySweep(sweeps);
      const deps = { ...buildEffectivenessDeps(services, { prefix, rateLimit: opts.rateLimit }), installations: appServicesOf(services).installations, logger, metrics };
      const workers = createEffectivenessWorkers(deps, runs, { connection: workerConnection, prefix: bullmqPrefix(prefix, workerConnection) });
      return [{
        name: 'effectiveness-workers',
        close: async () => {
          await Promise.all(workers.map((w) => w.close()));
          await Promise.all([runs.close(), sweeps.close()]);
          await Promise.all([closeRedisConnection(workerConnection), closeRedisConnection(queueConnection)]);
        },
      }];
    },
  };
}
