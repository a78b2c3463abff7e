import type { OperationsReader, QueueFigures } from '../app/ports/operations.port';
import type { PortalRateLimiter } from '../adapters/queue/portal-rate-limiter';
import type { QueueHandle } from '../adapters/queue/queue-handle';

const ERROR_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Queue counts (the shared qualify queue) and this portal's last failed-job codes, never messages. */
export function createOperationsReader(qualifyQueue: QueueHandle, limiter: Pick<PortalRateLimiter, 'used'>, limit: { maxRequests: number; windowMs: number }): OperationsReader {
  return {
    async qualifyQueue(portalId): Promise<QueueFigures> {
      const queue = qualifyQueue.get();
      const [counts, failed] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), queue.getFailed(0, 99)]);
      const recentFailureCodes = failed
        .filter((job) => Number((job.data as { portalId?: unknown }).portalId) === portalId)
        .slice(0, 10)
        .map((job) => {
          const reason = (job.failedReason ?? '').split(':')[0]!.trim();
          return { code: ERROR_CODE.test(reason) ? reason : 'job.failed', at: new Date(job.finishedOn ?? job.timestamp) };
        });
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, recentFailureCodes,
      };
    },
    async rateLimit(portalId) {
      return { used: await limiter.used(portalId), budget: limit.maxRequests, windowMs: limit.windowMs };
    },
  };
}
