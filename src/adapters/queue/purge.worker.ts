import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { AppError } from '../../app/errors';
import type { AuditLog } from '../../app/ports/audit-log.port';
import { purgeContacts, type PurgeOutcome } from '../../app/purge-contacts';
import { FollowUpTaskRepository } from '../db/follow-up-task.repository';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { Queryable } from '../db/database';
import { wrapProcessor } from './job-runner';
import { PURGE_QUEUE, PurgeJobSchema } from './job.schemas';

export { PURGE_QUEUE, PurgeJobSchema, type PurgeOutcome };

export interface PurgeDeps {
  db: Queryable;
  audit: AuditLog;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The purge job: parses it and runs the purge use case (src/app/purge-contacts.ts) on the
 * follow-up bookkeeping table; the use case writes the audit entries.
 */
export async function processPurgeJob(data: unknown, jobId: string, deps: PurgeDeps): Promise<PurgeOutcome> {
  const parsed = PurgeJobSchema.safeParse(data);
  if (!parsed.success) throw new AppError('job.invalid_data', 'purge job data does not match its schema');
  const outcome = await purgeContacts({ followUps: new FollowUpTaskRepository(deps.db), audit: deps.audit }, parsed.data, jobId);
  deps.logger.info('purge job done', { ...outcome, privacy: parsed.data.privacy });
  return outcome;
}

/** Wiring only: a BullMQ worker on the purge queue. */
export function createPurgeWorker(deps: PurgeDeps, opts: WorkerOptions & { queueName?: string }): Worker {
  const { queueName, ...workerOptions } = opts;
  const worker = new Worker(
    queueName ?? PURGE_QUEUE,
    wrapProcessor(PURGE_QUEUE, (job: Job) => processPurgeJob(job.data, job.id ?? 'unknown', deps), deps),
    workerOptions,
  );
  worker.on('error', (error) => deps.logger.error('purge worker error', { error }));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) deps.logger.error('purge job exhausted its attempts', { jobId: job.id, code: error.message });
  });
  return worker;
}
