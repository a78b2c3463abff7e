import type { DefaultJobOptions } from 'bullmq';
import type { RedisClient } from './redis';

/** Every queue CareQual uses, in one place. */
export const QUEUE_NAMES = {
  /** Verified webhook deliveries (one job each, ids only) waiting to be taken in and fanned out per portal. */
  intake: 'webhook-intake',
  /** Contacts to (re-)qualify: one job per (portal, delivery), ≤100 contact ids. */
  qualify: 'qualify',
  /** Deletion and privacy-deletion purges. */
  purge: 'purge',
  /** Backfill / re-score pages. */
  backfill: 'backfill',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Prefix for all BullMQ keys; tests use their own to stay apart. */
export const DEFAULT_QUEUE_PREFIX = 'carequal';

/**
 * The BullMQ prefix for `prefix` on this connection. On a Redis Cluster every key of one queue must
 * hash to one slot (BullMQ's Lua scripts touch many of them at once), so the prefix becomes a hash
 * tag, `{carequal}` (BullMQ's documented way). On one server the keys stay as they were, so an
 * upgrade keeps its queued jobs. CareQual's own keys (budgets, claims, ledger) are slotted per portal.
 */
export function bullmqPrefix(prefix: string, connection: RedisClient): string {
  return connection.isCluster ? `{${prefix}}` : prefix;
}

/**
 * Default job options: exponential back-off with BullMQ's jitter, bounded history so Redis does
 * not grow without limit (job data holds ids only, so kept jobs carry no PHI).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
};
