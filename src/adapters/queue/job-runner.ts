import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { isAppError } from '../../app/errors';
import { runWithContext } from '../../observability/context';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';

/**
 * The one place job errors become queue behaviour (CONVENTIONS.md "Workers all have the same shape"):
 * - a retryable AppError with `retryAfterMs` (rate limit, exhausted budget) → the job is moved to
 *   the delayed set for that long without spending an attempt, and the worker slot is freed;
 * - any other retryable error → thrown as is: BullMQ retries with exponential back-off + jitter;
 * - a non-retryable AppError (validation, permission, bad job data) → UnrecoverableError: no retry,
 *   the job lands in the failed set with its code, and `carequal replay` can re-queue it.
 * The failed reason kept in Redis is always a code, never an upstream message (which can quote values).
 */
export function wrapProcessor<R>(
  queue: string,
  process: (job: Job, token: string | undefined) => Promise<R>,
  deps: { logger: Logger; metrics: Metrics },
): (job: Job, token?: string) => Promise<R> {
  return (job, token) =>
    runWithContext({ jobId: job.id, queue, portalId: (job.data as { portalId?: number })?.portalId }, async () => {
      const end = deps.metrics.jobDuration.startTimer({ queue });
      try {
        const result = await process(job, token);
        end({ result: 'completed' });
        return result;
      } catch (error) {
        if (isAppError(error) && error.retryable && error.retryAfterMs !== undefined && token) {
          end({ result: 'delayed' });
          deps.metrics.rateLimitWaits.inc();
          await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
          throw new DelayedError();
        }
        const code = isAppError(error) ? error.code : 'internal_error';
        if (isAppError(error) && !error.retryable) {
          end({ result: 'failed' });
          deps.logger.warn('job failed permanently', { code, attempt: job.attemptsMade + 1 });
          throw new UnrecoverableError(code);
        }
        end({ result: 'retry' });
        deps.logger.warn('job failed; will retry', { code, attempt: job.attemptsMade + 1, error: isAppError(error) ? undefined : error });
        // Only the code goes to Redis as the failed reason: upstream messages can quote values.
        throw new Error(code);
      }
    });
}
