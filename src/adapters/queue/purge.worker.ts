import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { AppError } from '../../app/errors';
import type { AuditEntryInput, AuditLog } from '../../app/ports/audit-log.port';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { Queryable } from '../db/database';
import { wrapProcessor } from './job-runner';
import { PURGE_QUEUE, PurgeJobSchema } from './job.schemas';

export { PURGE_QUEUE, PurgeJobSchema };

export interface PurgeDeps {
  db: Queryable;
  audit: AuditLog;
  logger: Logger;
  metrics: Metrics;
}

export interface PurgeOutcome {
  contacts: number;
  followUpTasksDeleted: number;
}

/**
 * Deletes what CareQual holds for contacts deleted (or privacy-deleted) in HubSpot and audits
 * `contact.purged` per contact. CareQual keeps no property values, so that is the follow-up
 * task bookkeeping (`follow_up_tasks`). Idempotent: a retried or duplicate purge deletes
 * nothing more and audits again, which is true (the purge ran again). Qualify jobs still queued
 * for these contacts are harmless: the pipeline re-reads each contact from HubSpot and skips
 * the ones that no longer exist, so nothing is recreated.
 */
export async function processPurgeJob(data: unknown, jobId: string, deps: PurgeDeps): Promise<PurgeOutcome> {
  const parsed = PurgeJobSchema.safeParse(data);
  if (!parsed.success) throw new AppError('job.invalid_data', 'purge job data does not match its schema');
  const { portalId, contactIds, privacy } = parsed.data;
  const { rowCount } = await deps.db.query('DELETE FROM follow_up_tasks WHERE portal_id = $1 AND contact_id = ANY($2::text[])', [portalId, contactIds]);
  const entries = contactIds.map((contactId): AuditEntryInput => ({
    portalId, action: 'contact.purged', actor: { kind: 'system', role: 'worker', jobId }, objectType: 'contact', objectId: contactId,
    outcome: 'success', jobId,
  }));
  await deps.audit.append(entries);
  deps.logger.info('purge job done', { contacts: contactIds.length, followUpTasksDeleted: rowCount, privacy });
  return { contacts: contactIds.length, followUpTasksDeleted: rowCount };
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
