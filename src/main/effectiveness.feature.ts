import { createEffectivenessWorkers, scheduleNightlySweep } from '../adapters/queue/effectiveness.worker';
import { bullmqPrefix } from '../adapters/queue/queues';
import { closeRedisConnection, createRedisConnection } from '../adapters/queue/redis';
import { appServicesOf } from './app-services';
import { buildEffectivenessDeps } from './effectiveness.wiring';
import { queuesOf } from './queues.wiring';
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
      // A worker blocks on its own connection; the queues are the process's shared ones (closed with them).
      const workerConnection = createRedisConnection(config.redis, 'worker', onRedisError);
      const queues = queuesOf(services, { prefix });
      const runs = queues.effectivenessRuns.get();
      await scheduleNightlySweep(queues.effectivenessSweeps.get());
      const deps = { ...buildEffectivenessDeps(services, { prefix, rateLimit: opts.rateLimit }), installations: appServicesOf(services).installations, logger, metrics };
      const workers = createEffectivenessWorkers(deps, runs, { connection: workerConnection, prefix: bullmqPrefix(prefix, workerConnection) });
      return [{
        name: 'effectiveness-workers',
        close: async () => {
          await Promise.all(workers.map((w) => w.close()));
          await closeRedisConnection(workerConnection);
        },
      }];
    },
  };
}
