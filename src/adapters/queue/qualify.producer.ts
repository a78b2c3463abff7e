import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { JobQueue, PurgeRequest, QualifyRequest } from '../../app/ports/job-queue.port';
import { PurgeJobSchema, QualifyJobSchema } from './job.schemas';
import { DEFAULT_JOB_OPTIONS, DEFAULT_QUEUE_PREFIX, QUEUE_NAMES, type QueueName } from './queues';
import { redisUnavailable, withTimeout } from './redis-availability';

export interface ProducerOptions {
  /** The fail-fast producer connection (RuntimeServices.producerRedis); shared, not closed here. */
  connection: Redis;
  prefix?: string;
  /** Test override of the queue name (a fresh one per test). */
  queueName?: string;
  /** Longest an enqueue may take before the caller is told "unavailable" (default 2 s; HubSpot waits 5 s). */
  timeoutMs?: number;
  onError?: (error: Error) => void;
}

/** A JobQueue backed by BullMQ, plus close(). */
export interface JobProducer<T> extends JobQueue<T> {
  readonly queueName: string;
  close(): Promise<void>;
}

/**
 * Wraps a BullMQ Queue as a JobQueue port: validates job data with the queue's schema (ids only),
 * adds all jobs in one round trip with caller-chosen ids (an id that exists is left alone), and
 * turns an unreachable or slow Redis into a retryable `redis.unavailable`. A Queue whose start-up
 * failed is replaced on the next call, so a Redis outage at boot does not wedge the producer.
 */
export function createJobProducer<S extends z.ZodType>(queue: QueueName, schema: S, opts: ProducerOptions): JobProducer<z.infer<S>> {
  const name = opts.queueName ?? queue;
  const timeoutMs = opts.timeoutMs ?? 2000;
  let current: Queue | undefined;
  const open = (): Queue => {
    if (current) return current;
    const q = new Queue(name, { connection: opts.connection, prefix: opts.prefix ?? DEFAULT_QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    q.on('error', (error) => opts.onError?.(error));
    current = q;
    return q;
  };
  return {
    queueName: name,
    async enqueue(jobs) {
      if (jobs.length === 0) return;
      const bulk = jobs.map((job) => ({ name, data: schema.parse(job.data) as object, opts: { jobId: job.jobId } }));
      const q = open();
      try {
        await withTimeout(q.waitUntilReady(), timeoutMs);
      } catch (error) {
        if (current === q && !(error instanceof Error && error.message.startsWith('timed out'))) {
          current = undefined;
          void q.close().catch(() => undefined);
        }
        throw redisUnavailable(error);
      }
      await withTimeout(q.addBulk(bulk), timeoutMs).catch((error) => {
        throw redisUnavailable(error);
      });
    },
    async close() {
      await current?.close();
      current = undefined;
    },
  };
}

/** The qualify queue's producer (webhooks, backfills, re-checks). */
export function createQualifyProducer(opts: ProducerOptions): JobProducer<QualifyRequest> {
  return createJobProducer(QUEUE_NAMES.qualify, QualifyJobSchema, opts);
}

/** The purge queue's producer (contact deletions). */
export function createPurgeProducer(opts: ProducerOptions): JobProducer<PurgeRequest> {
  return createJobProducer(QUEUE_NAMES.purge, PurgeJobSchema, opts);
}
