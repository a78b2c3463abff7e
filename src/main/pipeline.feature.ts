import { createBackfillWorker } from '../adapters/queue/backfill.worker';
import { createCallBudget, createRateLimitPauser } from '../adapters/queue/call-budget';
import { PortalRateLimiter, portalRateLimitOptions } from '../adapters/queue/portal-rate-limiter';
import { startQueueDepthSampler } from '../adapters/queue/queue-depth.sampler';
import { createRecheckScheduler } from '../adapters/queue/recheck.scheduler';
import { bullmqPrefix } from '../adapters/queue/queues';
import { closeRedisConnection, createRedisConnection } from '../adapters/queue/redis';
import { createRedisContactClaims } from '../adapters/queue/contact-claims';
import { createQualifyWorker } from '../adapters/queue/qualify.worker';
import { BackfillRunRepository } from '../adapters/db/backfill-run.repository';
import { FollowUpTaskRepository } from '../adapters/db/follow-up-task.repository';
import { createHubSpotCrmGateway } from '../adapters/hubspot/hubspot-crm.adapter';
import { withRateLimitFeedback } from '../adapters/hubspot/rate-limit-feedback';
import { recordBackfillProgress } from '../app/backfill';
import { systemClock } from '../app/ports/clock.port';
import { appServicesOf } from './app-services';
import { queuesOf } from './queues.wiring';
import type { Closeable, FeatureWiring } from './runtime';

/**
 * How long a qualify job's claim on its contacts can outlive a crashed worker: longer than a job
 * takes under HubSpot's retries (a 100-contact job with three 429 waits is a few seconds), short
 * enough that the retried job is not held up for long.
 */
export const CONTACT_CLAIM_TTL_MS = 30_000;
/**
 * Backfill pages a worker process runs at once. Two keep the budget busy (the next page is listed
 * while one is written); more only add pages whose scoring competes with the live inquiries for
 * the same event loop (bench-fairness: with four, a loaded worker ran four pages at a time).
 */
export const BACKFILL_PAGES_IN_FLIGHT = 2;

export interface PipelineFeatureOptions {
  /** BullMQ key prefix (default: QUEUE_PREFIX from the configuration). */
  prefix?: string;
  /**
   * Calls per rolling window per portal (default 105 per 10 s: HubSpot's 110 less a small margin),
   * and how many of them only live inquiries may use (default 10).
   */
  rateLimit?: { maxRequests: number; windowMs: number; liveReserve?: number };
}

/**
 * The qualify pipeline in the worker role: the qualify worker (webhook, merge, re-check and
 * backfill jobs), the backfill page lister, and the shared per-portal rate limit. Any number of
 * worker processes may run this; the budget, locks and job ids live in Redis.
 */
export function createPipelineFeature(opts: PipelineFeatureOptions = {}): FeatureWiring {
  return {
    async startWorkers(services): Promise<Closeable[]> {
      const { config, logger, metrics, db } = services;
      const prefix = opts.prefix ?? config.QUEUE_PREFIX;
      const app = appServicesOf(services);
      const onRedisError = (error: Error) => logger.warn('pipeline redis error', { code: (error as { code?: string }).code ?? error.name });
      const workerConnection = createRedisConnection(config.redis, 'worker', onRedisError);
      const queueConnection = createRedisConnection(config.redis, 'worker', onRedisError);
      const queues = queuesOf(services, { prefix });
      const rate = portalRateLimitOptions(prefix, opts.rateLimit);
      const limiter = new PortalRateLimiter(queueConnection, rate);
      // A 429 that reaches the pipeline pauses the portal's budget (both lanes) by HubSpot's policyName.
      const crm = withRateLimitFeedback(createHubSpotCrmGateway(app.hubspot), createRateLimitPauser(limiter, { windowMs: rate.windowMs, logger }));
      const runs = new BackfillRunRepository(db);
      const workerOpts = {
        connection: workerConnection, prefix: bullmqPrefix(prefix, workerConnection), concurrency: config.WORKER_CONCURRENCY,
        lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_STALLED_CHECK_MS, // crash recovery: see the config schema
      };
      const qualifyDeps = {
        installations: app.installations,
        criteria: app.criteria,
        crm,
        followUps: new FollowUpTaskRepository(db),
        followUpClaimLeaseMs: config.FOLLOW_UP_CLAIM_LEASE_MS,
        rechecks: createRecheckScheduler(queues.qualifyJobs),
        claims: createRedisContactClaims(services.producerRedis, { prefix, ttlMs: CONTACT_CLAIM_TTL_MS }),
        audit: app.audit,
        clock: systemClock,
        logger,
        metrics,
      };
      // Live inquiries and backfill pages run on their own queues and draw on their own lanes of
      // the portal's budget: a re-score never holds a worker slot or a call a new inquiry needs.
      const qualifyWorker = createQualifyWorker(
        {
          ...qualifyDeps,
          budget: createCallBudget(limiter, 'live'),
          onBackfillProgress: (runId, contacts) => recordBackfillProgress(runId, contacts, { runs, audit: app.audit }),
        },
        workerOpts,
      );
      const backfillWorker = createBackfillWorker(
        { ...qualifyDeps, budget: createCallBudget(limiter, 'bulk'), runs, enqueueNextPage: queues.enqueueNextPage },
        { ...workerOpts, concurrency: Math.min(BACKFILL_PAGES_IN_FLIGHT, config.WORKER_CONCURRENCY) },
      );
      const depth = startQueueDepthSampler([queues.qualify, queues.backfill], { metrics, logger });
      return [
        {
          name: 'pipeline-workers',
          close: async () => {
            depth.stop();
            await Promise.all([qualifyWorker.close(), backfillWorker.close()]);
            await Promise.all([closeRedisConnection(workerConnection), closeRedisConnection(queueConnection)]);
          },
        },
      ];
    },
  };
}
