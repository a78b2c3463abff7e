import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { qualifyContacts, type QualifyDeps, type QualifyOutcome } from '../../app/qualify-contacts';
import { AppError } from '../../app/errors';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import type { ContactClaims } from '../../app/ports/pipeline.port';
import { wrapProcessor } from './job-runner';
import { QUALIFY_QUEUE, QualifyJobSchema } from './job.schemas';

export { QUALIFY_QUEUE, QualifyJobSchema };

export interface QualifyWorkerDeps extends QualifyDeps {
  logger: Logger;
  metrics: Metrics;
  /** Counts a backfill job's contacts towards its run (progress and completion). */
  onBackfillProgress?: (runId: string, contacts: number) => Promise<void>;
  /** One job at a time per contact (absent: no claims, e.g. a single-job test). */
  claims?: ContactClaims;
}

/** How long a job whose contacts another job holds waits before it tries again. */
export const CONTACTS_BUSY_RETRY_MS = 1_000;

/** Parses the job data and qualifies its contacts. Bad job data is permanent: no retry. */
export async function processQualifyJob(data: unknown, jobId: string, deps: QualifyWorkerDeps): Promise<QualifyOutcome> {
  const parsed = QualifyJobSchema.safeParse(data);
  if (!parsed.success) throw new AppError('job.invalid_data', 'qualify job data does not match its schema');
  const job = parsed.data;
  const release = deps.claims ? await deps.claims.tryClaim(job.portalId, job.contactIds) : async () => undefined;
  if (!release) throw new AppError('contacts.busy', 'another qualify job holds some of these contacts', { retryable: true, retryAfterMs: CONTACTS_BUSY_RETRY_MS });
  let outcome: QualifyOutcome;
  try {
    outcome = await qualifyContacts({ portalId: job.portalId, contactIds: job.contactIds, jobId }, deps);
  } finally {
    await release();
  }
  reportQualifyOutcome(outcome, { reason: job.reason, contacts: job.contactIds.length }, deps);
  if (job.backfillRunId && deps.onBackfillProgress) await deps.onBackfillProgress(job.backfillRunId, job.contactIds.length);
  return outcome;
}

/** Counts one run's outcome in the metrics and logs it (ids, codes, counts and property names only). */
export function reportQualifyOutcome(outcome: QualifyOutcome, job: { reason: string; contacts: number }, deps: { logger: Logger; metrics: Metrics }): void {
  for (const [name, count] of Object.entries(outcome.outcomes)) deps.metrics.contactsQualified.inc({ outcome: name }, count);
  deps.metrics.contactWrites.inc({ fate: 'written' }, outcome.written.length);
  deps.metrics.contactWrites.inc({ fate: 'unchanged' }, outcome.unchanged);
  deps.metrics.contactWrites.inc({ fate: 'failed' }, outcome.failed.length);
  deps.metrics.contactWrites.inc({ fate: 'missing' }, outcome.missing.length);
  for (const refused of outcome.failed) {
    deps.metrics.contactWriteRefusals.inc({ code: refused.code });
    // Ids, our code and property names only: HubSpot's refusal message can quote the values.
    deps.logger.warn('contact write refused by HubSpot', { contactId: refused.id, code: refused.code, propertyNames: refused.propertyNames });
  }
  deps.logger.info('qualify job done', {
    reason: job.reason,
    contacts: job.contacts,
    read: outcome.read,
    missing: outcome.missing.length,
    written: outcome.written.length,
    unchanged: outcome.unchanged,
    failed: outcome.failed.length,
    tasksCreated: outcome.tasksCreated,
    skipped: outcome.skipped,
  });
}

/** Wiring only: a BullMQ worker on the qualify queue. */
export function createQualifyWorker(deps: QualifyWorkerDeps, opts: WorkerOptions): Worker {
  const worker = new Worker(QUALIFY_QUEUE, wrapProcessor(QUALIFY_QUEUE, (job: Job) => processQualifyJob(job.data, job.id ?? 'unknown', deps), deps), opts);
  worker.on('error', (error) => deps.logger.error('qualify worker error', { error }));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) deps.logger.error('qualify job exhausted its attempts', { jobId: job.id, code: error.message });
  });
  return worker;
}
