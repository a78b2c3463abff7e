import type { ContactId, TenantId } from './ids';
/**
 * Durable job queues as the use cases see them: ids only in job data (never property values),
 * caller-chosen deterministic job ids so the same work enqueued twice is one job.
 */

/**
 * Why contacts are (re-)qualified. The queue orders work by it: a live inquiry (webhook, merge)
 * first, then scheduled re-checks and operator replays, then backfills and re-scores, so a new
 * lead never waits behind a re-score of the whole portal.
 */
export const QUALIFY_REASONS = ['webhook', 'merge', 'recheck', 'replay', 'backfill'] as const;
export type QualifyReason = (typeof QUALIFY_REASONS)[number];

/** Contacts to (re-)qualify: one portal, ≤100 HubSpot contact ids. The one shape of a qualify job. */
export interface QualifyRequest {
  portalId: TenantId;
  contactIds: ContactId[];
  traceId: string;
  reason: QualifyReason;
  /** The backfill or re-score run this page belongs to (its progress counts the contacts). */
  backfillRunId?: string;
}

/** Contacts deleted (or privacy-deleted) in HubSpot whose CareQual data must go. */
export interface PurgeRequest {
  portalId: TenantId;
  contactIds: ContactId[];
  traceId: string;
  privacy: boolean;
}

/** One job to add; `jobId` makes the add idempotent. */
export interface JobToAdd<T> {
  jobId: string;
  data: T;
  /** Not to run before this time (a scheduled re-check); absent: as soon as a worker is free. */
  runAt?: Date;
}

export interface JobQueue<T> {
  /**
   * Adds the jobs and resolves once they are durable in the queue. A job whose id already
   * exists is left as it is. Rejects with AppError `redis.unavailable` (retryable) when the
   * queue cannot be reached in time.
   */
  enqueue(jobs: readonly JobToAdd<T>[]): Promise<void>;
}

/**
 * Remembers which webhook events were already taken in, for HubSpot's retry window, so an
 * overlapping redelivery in a different batch does not create work twice.
 */
export interface WebhookEventLedger {
  /** The subset of `keys` already recorded. */
  findRecorded(keys: readonly string[]): Promise<Set<string>>;
  /** Records `keys` (after their work is durably queued). */
  record(keys: readonly string[]): Promise<void>;
}
