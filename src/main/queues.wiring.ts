import { EFFECTIVENESS_NIGHTLY_QUEUE, EFFECTIVENESS_QUEUE } from '../adapters/queue/effectiveness.worker';
import { createBackfillPageProducer, createNextPageEnqueuer, type BackfillPageRequest } from '../adapters/queue/backfill.worker';
import { createJobProducer, createPurgeProducer, createQualifyProducer } from '../adapters/queue/qualify.producer';
import { openQueueHandle, type QueueHandle } from '../adapters/queue/queue-handle';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES } from '../adapters/queue/queues';
import { INTAKE_JOB_OPTIONS, IntakeJobSchema, type IntakeRequest } from '../adapters/queue/webhook-intake';
import type { BackfillDeps } from '../app/backfill';
import type { JobQueue, PurgeRequest, QualifyRequest } from '../app/ports/job-queue.port';
import type { RuntimeServices } from './runtime';

/**
 * The process's queues, built once and shared by every feature: the webhook route, the console's
 * re-score, the pipeline's re-checks and backfill pages, the uninstall poller and the CLI all add
 * to the same BullMQ Queue objects through the same producers.
 */
export interface Queues {
  intake: QueueHandle;
  qualify: QueueHandle;
  backfill: QueueHandle;
  purge: QueueHandle;
  /** The effectiveness runs ("Run now" and the nightly sweep's) and the nightly sweep itself. */
  effectivenessRuns: QueueHandle;
  effectivenessSweeps: QueueHandle;
  /** Verified webhook deliveries, one job each (the web role's only write). */
  intakeJobs: JobQueue<IntakeRequest>;
  /** The one producer of qualify jobs; its priority follows the job's reason. */
  qualifyJobs: JobQueue<QualifyRequest>;
  purgeJobs: JobQueue<PurgeRequest>;
  backfillPages: JobQueue<BackfillPageRequest>;
  enqueueNextPage: BackfillDeps['enqueueNextPage'];
  close(): Promise<void>;
}

/** Key prefix (default QUEUE_PREFIX) and queue names (tests use fresh ones). */
export interface QueueNaming {
  prefix?: string;
  intake?: string;
  qualify?: string;
  backfill?: string;
  purge?: string;
}

const built = new WeakMap<RuntimeServices, Map<string, Queues>>();

/**
 * The queues of this process under one naming, built on first use over the runtime's fail-fast
 * producer connection: an enqueue while Redis is away fails at once (a 503 for HubSpot, a retried
 * job for a worker) instead of waiting in an offline queue.
 */
export function queuesOf(services: RuntimeServices, naming: QueueNaming = {}): Queues {
  const prefix = naming.prefix ?? services.config.QUEUE_PREFIX;
  const names = {
    intake: naming.intake ?? QUEUE_NAMES.intake, qualify: naming.qualify ?? QUEUE_NAMES.qualify, backfill: naming.backfill ?? QUEUE_NAMES.backfill, purge: naming.purge ?? QUEUE_NAMES.purge,
  };
  const key = JSON.stringify([prefix, names]);
  let byNaming = built.get(services);
  if (!byNaming) built.set(services, (byNaming = new Map()));
  let queues = byNaming.get(key);
  if (!queues) byNaming.set(key, (queues = buildQueues(services, prefix, names)));
  return queues;
}

/** Closes every queue built for this process (on shutdown, after the workers stopped). */
export async function closeQueuesOf(services: RuntimeServices): Promise<void> {
  const byNaming = built.get(services);
  built.delete(services);
  await Promise.all([...(byNaming?.values() ?? [])].map((q) => q.close()));
}

function buildQueues(services: RuntimeServices, prefix: string, names: Record<keyof typeof QUEUE_NAMES, string>): Queues {
  const { producerRedis, logger } = services;
  const onError = (error: Error) => logger.warn('queue error', { code: (error as { code?: string }).code ?? error.name });
  const open = (name: string) => openQueueHandle(name, { connection: producerRedis, prefix, onError });
  const intake = open(names.intake);
  const qualify = open(names.qualify);
  const backfill = open(names.backfill);
  const purge = open(names.purge);
  const effectivenessOptions = { connection: producerRedis, prefix, onError, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 3 } };
  const effectivenessRuns = openQueueHandle(EFFECTIVENESS_QUEUE, effectivenessOptions);
  const effectivenessSweeps = openQueueHandle(EFFECTIVENESS_NIGHTLY_QUEUE, effectivenessOptions);
  const backfillPages = createBackfillPageProducer(backfill);
  return {
    intake, qualify, backfill, purge, effectivenessRuns, effectivenessSweeps,
    intakeJobs: createJobProducer(intake, IntakeJobSchema, { jobOptions: INTAKE_JOB_OPTIONS }),
    qualifyJobs: createQualifyProducer(qualify),
    purgeJobs: createPurgeProducer(purge),
    backfillPages,
    enqueueNextPage: createNextPageEnqueuer(backfillPages),
    close: async () => void (await Promise.all([intake, qualify, backfill, purge, effectivenessRuns, effectivenessSweeps].map((q) => q.close()))),
  };
}
