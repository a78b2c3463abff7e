import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { QueueHandle } from './queue-handle';

/** Job states reported as `carequal_queue_depth{queue,state}`. */
export const QUEUE_DEPTH_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/** How often a worker process samples its queues' depth for /metrics. */
export const QUEUE_DEPTH_SAMPLE_MS = 10_000;

/** What waits in a queue: jobs not yet taken (waiting, or delayed for a retry) and how long the oldest waiting one has. */
export interface QueueBacklog {
  queue: string;
  waiting: number;
  delayed: number;
  /** Age of the oldest waiting job in whole seconds; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** Reads a queue's backlog: two Redis round trips (counts, then the oldest waiting job). */
export async function readQueueBacklog(handle: QueueHandle, nowMs: number): Promise<QueueBacklog> {
  const queue = handle.get();
  const counts = await queue.getJobCounts('waiting', 'delayed');
  const [oldest] = counts.waiting ? await queue.getJobs(['waiting'], 0, 0, true) : [];
  const oldestWaitingSeconds = oldest ? Math.max(0, Math.floor((nowMs - oldest.timestamp) / 1000)) : 0;
  return { queue: handle.name, waiting: counts.waiting ?? 0, delayed: counts.delayed ?? 0, oldestWaitingSeconds };
}

/**
 * Keeps `carequal_queue_depth` current: samples the queues' job counts now and every
 * `intervalMs` (one Redis round trip per queue), so an operator can alert on a growing
 * backlog or failed set. Queues in `withAge` also get `carequal_queue_oldest_waiting_seconds`
 * (one more round trip when jobs wait). Returns a stop function; a failed sample is logged and
 * retried at the next tick, never thrown.
 */
export function startQueueDepthSampler(
  queues: readonly QueueHandle[],
  deps: { metrics: Metrics; logger: Logger; withAge?: readonly QueueHandle[] },
  intervalMs = QUEUE_DEPTH_SAMPLE_MS,
): { sampled: Promise<void>; stop(): void } {
  const sample = async () => {
    try {
      for (const queue of queues) {
        const counts = await queue.get().getJobCounts(...QUEUE_DEPTH_STATES);
        for (const state of QUEUE_DEPTH_STATES) deps.metrics.queueDepth.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
      for (const queue of deps.withAge ?? []) {
        const backlog = await readQueueBacklog(queue, Date.now());
        deps.metrics.queueOldestWaitingAge.set({ queue: queue.name }, backlog.oldestWaitingSeconds);
      }
    } catch (error) {
      deps.logger.warn('queue depth sample failed', { code: (error as { code?: string }).code ?? (error as Error).name });
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return { sampled: sample(), stop: () => clearInterval(timer) };
}
