import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { JobQueue, PurgeRequest, QualifyReason, QualifyRequest } from '../../app/ports/job-queue.port';
import { PurgeJobSchema, QualifyJobSchema } from './job.schemas';
import type { QueueHandle } from './queue-handle';
import { redisUnavailable, withTimeout } from './redis-availability';

/**
 * The qualify queue's order (BullMQ: a lower number runs first). A live inquiry is the one a
 * practice answers within minutes, so it overtakes everything; a re-check of a "not now" lead
 * was due anyway; a backfill or re-score of 20,000 contacts fills the gaps. Within one priority
 * jobs run in the order they were added.
 */
export const QUALIFY_PRIORITY: Readonly<Record<QualifyReason, number>> = {
  webhook: 1,
  merge: 1,
  recheck: 50,
  replay: 50,
  backfill: 100,
};

export interface ProducerOptions {
  /** Longest an enqueue may take before the caller is told "unavailable" (default 2 s; HubSpot waits 5 s). */
  timeoutMs?: number;
  /** For turning `runAt` into a delay (default Date.now). */
  now?: () => number;
}

/**
 * Wraps a shared BullMQ queue as a JobQueue port: validates job data with the queue's schema
 * (ids only), adds all jobs in one round trip with caller-chosen ids (an id that exists is left
 * alone) at the priority `priorityOf` gives it, and turns an unreachable or slow Redis into a retryable `redis.unavailable`. A queue
 * whose start-up failed is discarded from its handle, so the next call opens a new one.
 */
export function createJobProducer<S extends z.ZodType>(
  handle: QueueHandle,
  schema: S,
  opts: ProducerOptions & { priorityOf?: (data: z.infer<S>) => number; jobOptions?: Pick<JobsOptions, 'attempts' | 'removeOnComplete'> } = {},
): JobQueue<z.infer<S>> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const now = opts.now ?? Date.now;
  return {
    async enqueue(jobs) {
      if (jobs.length === 0) return;
      const bulk = jobs.map((job) => {
        const data = schema.parse(job.data) as z.infer<S>;
        const delay = job.runAt ? Math.max(0, job.runAt.getTime() - now()) : undefined;
        return { name: handle.name, data: data as object, opts: { jobId: job.jobId, priority: opts.priorityOf?.(data), delay, ...opts.jobOptions } };
      });
      const queue = handle.get();
      try {
        await withTimeout(queue.waitUntilReady(), timeoutMs);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('timed out'))) handle.discard(queue);
        throw redisUnavailable(error);
      }
      // One job (a webhook delivery) skips addBulk's pipeline: a measurable share of the web role's CPU.
      const added: Promise<unknown> = bulk.length === 1 ? queue.add(bulk[0]!.name, bulk[0]!.data, bulk[0]!.opts) : queue.addBulk(bulk);
      await withTimeout(added, timeoutMs).catch((error) => {
        throw redisUnavailable(error);
      });
    },
  };
}

/** The one producer of qualify jobs (webhooks, merges, re-checks, backfills, re-scores), prioritised by reason. */
export function createQualifyProducer(handle: QueueHandle, opts: ProducerOptions = {}): JobQueue<QualifyRequest> {
  return createJobProducer(handle, QualifyJobSchema, { ...opts, priorityOf: (data) => QUALIFY_PRIORITY[data.reason] });
}

/** The purge queue's producer (contact deletions). */
export function createPurgeProducer(handle: QueueHandle, opts: ProducerOptions = {}): JobQueue<PurgeRequest> {
  return createJobProducer(handle, PurgeJobSchema, opts);
}
