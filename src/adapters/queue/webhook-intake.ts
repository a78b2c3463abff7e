import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { z } from 'zod';
import { AppError } from '../../app/errors';
import type { DeliveryOutcome, WebhookDelivery } from '../../app/handle-webhook-delivery';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { classifyWebhookEvent, expandStoredElement } from '../hubspot/webhook-event.schemas';
import { wrapProcessor } from './job-runner';
import { QUEUE_NAMES } from './queues';

export const INTAKE_QUEUE = QUEUE_NAMES.intake;

/** HubSpot sends ≤100 events per delivery; the body limit (1 MiB) bounds what else could come. */
const MAX_ELEMENTS = 10_000;

/**
 * A verified delivery as the web role stores it: its elements cut down to the fields the event
 * schema reads (`compactElement`: positional, no `propertyValue`, nothing nested), unvalidated,
 * and the request id that becomes the jobs' trace id. Deliveries stored by the previous version
 * (objects) are read as well.
 */
export const IntakeJobSchema = z.object({
  requestId: z.string().min(1).max(64),
  elements: z.array(z.unknown()).max(MAX_ELEMENTS),
});
export type IntakeRequest = z.infer<typeof IntakeJobSchema>;

/**
 * An intake job's options. Attempts back off exponentially from 1 s (15 attempts ≈ 9 h in all),
 * so a database or Redis outage of hours loses nothing HubSpot was told is safe; a job that still
 * fails stays in the failed set for `carequal replay`. A job taken in is removed at once: its
 * qualify jobs, ledger keys and audit entry are the record, and a delivery is ~20 KB (10,000 kept
 * deliveries would be 200 MB of Redis), unvalidated until the worker classified it.
 */
export const INTAKE_JOB_OPTIONS = { attempts: 15, removeOnComplete: true } as const;

export interface IntakeDeps {
  takeIn: (delivery: WebhookDelivery) => Promise<DeliveryOutcome>;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Takes in one stored delivery: classifies its elements (validation, contact events only), runs
 * the intake use case (filter, dedupe, one qualify job per portal, purge jobs, audit, ledger)
 * and counts each event's fate. Safe to run again: job ids derive from the delivery's event
 * keys and the ledger is written last, so a retry after a crash enqueues the same jobs.
 */
export async function processIntakeJob(data: unknown, deps: IntakeDeps): Promise<DeliveryOutcome> {
  const parsed = IntakeJobSchema.safeParse(data);
  if (!parsed.success) throw new AppError('job.invalid_data', 'webhook intake job data does not match its schema');
  const outcome = await deps.takeIn({ events: parsed.data.elements.map((stored) => classifyWebhookEvent(expandStoredElement(stored))), requestId: parsed.data.requestId });
  for (const { type, fate } of outcome.fates) deps.metrics.webhookEvents.inc({ type, fate });
  deps.logger.debug('webhook delivery taken in', { events: outcome.fates.length, jobs: outcome.jobs.length });
  return outcome;
}

/** Wiring only: a BullMQ worker on the webhook intake queue. */
export function createIntakeWorker(deps: IntakeDeps, opts: WorkerOptions & { queueName?: string }): Worker {
  const { queueName, ...workerOptions } = opts;
  const worker = new Worker(
    queueName ?? INTAKE_QUEUE,
    wrapProcessor(INTAKE_QUEUE, async (job: Job) => void (await processIntakeJob(job.data, deps)), deps),
    workerOptions,
  );
  worker.on('error', (error) => deps.logger.error('webhook intake worker error', { error }));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) deps.logger.error('webhook intake job exhausted its attempts', { jobId: job.id, code: error.message });
  });
  return worker;
}
