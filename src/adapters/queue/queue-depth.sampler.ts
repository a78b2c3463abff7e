import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { QueueHandle } from './queue-handle';

/** Job states reported as `carequal_queue_depth{queue,state}`. */
export const QUEUE_DEPTH_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/** How often a worker process samples its queues' depth for /metrics. */
export const QUEUE_DEPTH_SAMPLE_MS = 10_000;

/**
 * Keeps `carequal_queue_depth` current: samples the queues' job counts now and every
 * `intervalMs` (one Redis round trip per queue), so an operator can alert on a growing
 * backlog or failed set. Returns a stop function; a failed sample is logged and retried at the
 * next tick, never thrown.
 */
export function startQueueDepthSampler(queues: readonly QueueHandle[], deps: { metrics: Metrics; logger: Logger }, intervalMs = QUEUE_DEPTH_SAMPLE_MS): { sampled: Promise<void>; stop(): void } {
  const sample = async () => {
    try {
      for (const queue of queues) {
        const counts = await queue.get().getJobCounts(...QUEUE_DEPTH_STATES);
        for (const state of QUEUE_DEPTH_STATES) deps.metrics.queueDepth.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    } catch (error) {
      deps.logger.warn('queue depth sample failed', { code: (error as { code?: string }).code ?? (error as Error).name });
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return { sampled: sample(), stop: () => clearInterval(timer) };
}
