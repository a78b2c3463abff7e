import { Worker, type Queue, type WorkerOptions } from 'bullmq';
import { z } from 'zod';
import { processBackfillPage, type BackfillDeps } from '../../app/backfill';
import { AppError } from '../../app/errors';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { wrapProcessor } from './job-runner';
import type { QualifyJob } from './job.schemas';
import { QUEUE_NAMES } from './queues';

export const BACKFILL_QUEUE = QUEUE_NAMES.backfill;
export const BackfillPageJobSchema = z.object({ runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), page: z.number().int().min(0) });

/**
 * Backfill pages go to the qualify queue with a low priority: fresh webhook leads (priority 1)
 * overtake a re-score of 20,000 contacts, so one portal's backfill never starves new leads.
 */
export const BACKFILL_QUALIFY_PRIORITY = 100;
export const WEBHOOK_QUALIFY_PRIORITY = 1;

/** The backfill deps that write to the queues, built over BullMQ queues. */
export function createBackfillEnqueuers(qualifyQueue: Queue, backfillQueue: Queue): Pick<BackfillDeps, 'enqueueQualifyPage' | 'enqueueNextPage'> {
  return {
    async enqueueQualifyPage(job, jobId) {
      const data: QualifyJob = { portalId: job.portalId, contactIds: job.contactIds, traceId: jobId, reason: 'backfill', backfillRunId: job.backfillRunId };
      await qualifyQueue.add('backfill', data, { jobId, priority: BACKFILL_QUALIFY_PRIORITY });
    },
    async enqueueNextPage(runId, page) {
      await backfillQueue.add('page', { runId, page }, { jobId: `bfp-${runId}-${page}` });
    },
  };
}

/** Wiring only: a BullMQ worker that lists backfill pages. */
export function createBackfillWorker(deps: BackfillDeps & { logger: Logger; metrics: Metrics }, opts: WorkerOptions): Worker {
  const worker = new Worker(
    BACKFILL_QUEUE,
    wrapProcessor(BACKFILL_QUEUE, async (job) => {
      const parsed = BackfillPageJobSchema.safeParse(job.data);
      if (!parsed.success) throw new AppError('job.invalid_data', 'backfill job data does not match its schema');
      return processBackfillPage(parsed.data.runId, parsed.data.page, deps);
    }, deps),
    opts,
  );
  worker.on('error', (error) => deps.logger.error('backfill worker error', { error }));
  return worker;
}
