import { Queue } from 'bullmq';
import type { RedisClient } from './redis';
import { bullmqPrefix, DEFAULT_JOB_OPTIONS } from './queues';

/**
 * One BullMQ Queue of a given name for the whole process, shared by every producer and reader
 * of that queue. A Queue whose start-up failed (its Redis connection ended before it was ready)
 * stays failed, so the holder can swap it for a fresh one: a Redis outage at boot does not wedge
 * the queue until a restart.
 */
export interface QueueHandle {
  readonly name: string;
  /** The current Queue (opened on first use). */
  get(): Queue;
  /** Drops `failed` if it is still the current Queue; the next get() opens a new one. */
  discard(failed: Queue): void;
  close(): Promise<void>;
}

export interface QueueHandleOptions {
  /** A shared connection (not closed here). */
  connection: RedisClient;
  /** CareQual's key prefix (made a hash tag on a Redis Cluster, see bullmqPrefix). */
  prefix: string;
  onError?: (error: Error) => void;
  /** The queue's own default job options, when CareQual's defaults do not fit (effectiveness runs: 3 attempts). */
  defaultJobOptions?: typeof DEFAULT_JOB_OPTIONS;
}

/** Opens a handle on the queue `name` with CareQual's default job options (or the ones given). */
export function openQueueHandle(name: string, opts: QueueHandleOptions): QueueHandle {
  let current: Queue | undefined;
  return {
    name,
    get() {
      if (current) return current;
      const queue = new Queue(name, { connection: opts.connection, prefix: bullmqPrefix(opts.prefix, opts.connection), defaultJobOptions: opts.defaultJobOptions ?? DEFAULT_JOB_OPTIONS });
      queue.on('error', (error) => opts.onError?.(error));
      current = queue;
      return queue;
    },
    discard(failed) {
      if (current !== failed) return;
      current = undefined;
      void failed.close().catch(() => undefined);
    },
    async close() {
      const queue = current;
      current = undefined;
      await queue?.close();
    },
  };
}
