import { Worker, type WorkerOptions } from 'bullmq';
import { z } from 'zod';
import { processBackfillPage, type BackfillDeps } from '../../app/backfill';
import { AppError } from '../../app/errors';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { wrapProcessor } from './job-runner';
import { reportQualifyOutcome } from './qualify.worker';
import type { JobQueue } from '../../app/ports/job-queue.port';
import { createJobProducer, type ProducerOptions } from './qualify.producer';
import type { QueueHandle } from './queue-handle';
import { QUEUE_NAMES } from './queues';

export const BACKFILL_QUEUE = QUEUE_NAMES.backfill;
export const BackfillPageJobSchema = z.object({ runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), page: z.number().int().min(0) });

/** A backfill page to list: the run and the page number (ids only). */
export type BackfillPageRequest = z.infer<typeof BackfillPageJobSchema>;

/** The backfill queue's producer (one job per page to list). */
export function createBackfillPageProducer(handle: QueueHandle, opts: ProducerOptions = {}): JobQueue<BackfillPageRequest> {
  return createJobProducer(handle, BackfillPageJobSchema, opts);
}

/** Starts page `page` of a run: a deterministic job id, so a page job added twice is one job. */
export function createNextPageEnqueuer(pages: JobQueue<BackfillPageRequest>): BackfillDeps['enqueueNextPage'] {
  return (runId, page) => pages.enqueue([{ jobId: `bfp-${runId}-${page}`, data: { runId, page } }]);
}

/** Wiring only: a BullMQ worker that lists and qualifies backfill pages (one page per job). */
export function createBackfillWorker(deps: BackfillDeps & { logger: Logger; metrics: Metrics }, opts: WorkerOptions): Worker {
  const worker = new Worker(
    BACKFILL_QUEUE,
    wrapProcessor(BACKFILL_QUEUE, async (job) => {
      const parsed = BackfillPageJobSchema.safeParse(job.data);
      if (!parsed.success) throw new AppError('job.invalid_data', 'backfill job data does not match its schema');
      const result = await processBackfillPage(parsed.data.runId, parsed.data.page, deps);
      if (result.outcome) reportQualifyOutcome(result.outcome, { reason: 'backfill', contacts: result.outcome.read }, deps);
      // Only the state is kept as the job's return value in Redis: counts go to metrics and logs.
      return result.state;
    }, deps),
    opts,
  );
  worker.on('error', (error) => deps.logger.error('backfill worker error', { error }));
  return worker;
}
