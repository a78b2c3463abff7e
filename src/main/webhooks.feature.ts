import type { Worker } from 'bullmq';
import type { RawRoute } from '../adapters/http/raw-route';
import { createWebhookRoute } from '../adapters/http/routes/webhooks.routes';
import { createPurgeWorker } from '../adapters/queue/purge.worker';
import { closeRedisConnection, createRedisConnection } from '../adapters/queue/redis';
import { createRedisEventLedger } from '../adapters/queue/webhook-event.ledger';
import { createIntakeWorker } from '../adapters/queue/webhook-intake';
import { createBatchingAuditLog } from '../app/audit-batcher';
import { handleWebhookDelivery, type WebhookDeliveryDeps } from '../app/handle-webhook-delivery';
import type { AuditLog } from '../app/ports/audit-log.port';
import { systemClock, type Clock } from '../app/ports/clock.port';
import type { InstallationDirectory, PublishedCriteriaReader } from '../app/ports/tenancy.port';
import { createPortalIntakeCache } from '../app/portal-intake-cache';
import { bullmqPrefix } from '../adapters/queue/queues';
import type { QueueHandle } from '../adapters/queue/queue-handle';
import { readQueueBacklog, startQueueDepthSampler, type QueueBacklog } from '../adapters/queue/queue-depth.sampler';
import { queuesOf } from './queues.wiring';
import type { Closeable, FeatureWiring, RuntimeServices } from './runtime';

/** Where the webhook feature gets the ports other features implement. */
export interface WebhooksFeatureOptions {
  installations: (services: RuntimeServices) => Pick<InstallationDirectory, 'tryGetStatus' | 'tryGetDataMode'>;
  criteria: (services: RuntimeServices) => PublishedCriteriaReader;
  /** Built once per process role and shared by the route and the purge worker. */
  audit: (services: RuntimeServices) => AuditLog | Promise<AuditLog>;
  clock?: Clock;
  /** BullMQ/ledger key prefix (default: QUEUE_PREFIX) and queue names (tests use fresh ones). */
  prefix?: string;
  intakeQueueName?: string;
  qualifyQueueName?: string;
  purgeQueueName?: string;
  /** How long a portal's status and watched properties are reused (default 10 s). */
  portalCacheTtlMs?: number;
  /** Group-commit window of the audit log (default {@link DEFAULT_AUDIT_BATCH_WAIT_MS}). */
  auditBatchWaitMs?: number;
  /** Age of the oldest waiting delivery that raises /readyz's `intake_backlog` (default {@link INTAKE_BACKLOG_ALARM_SECONDS}). */
  intakeBacklogAlarmSeconds?: number;
}

/**
 * What the webhook intake use case runs on (portal view, event ledger, the process's qualify and
 * purge producers, audit): shared by the webhook route and the journal's property changes, so both
 * dedupe, filter CareQual's own writes and enqueue the same way.
 */
export function createDeliveryDeps(
  services: RuntimeServices,
  opts: Pick<WebhooksFeatureOptions, 'installations' | 'criteria' | 'intakeQueueName' | 'qualifyQueueName' | 'purgeQueueName' | 'portalCacheTtlMs'> & { clock: Clock; prefix: string; audit: () => Promise<AuditLog> },
): WebhookDeliveryDeps {
  const { config, producerRedis } = services;
  const queues = queuesOf(services, { prefix: opts.prefix, intake: opts.intakeQueueName, qualify: opts.qualifyQueueName, purge: opts.purgeQueueName });
  return {
    appId: config.HUBSPOT_APP_ID,
    viewPortal: createPortalIntakeCache({ installations: opts.installations(services), criteria: opts.criteria(services), clock: opts.clock, ttlMs: opts.portalCacheTtlMs }),
    ledger: createRedisEventLedger({ redis: producerRedis, prefix: opts.prefix }),
    qualifyQueue: queues.qualifyJobs,
    purgeQueue: queues.purgeJobs,
    audit: { append: async (entries: Parameters<AuditLog['append']>[0]) => (await opts.audit()).append(entries) },
  };
}

/**
 * A delivery waits at most this long for others to share its audit transaction. Measured with
 * scripts/bench-webhook-ingest.ts: on PGlite one transaction costs ~3–4 ms of the event loop
 * whatever its size, so without a window every delivery pays it alone.
 */
export const DEFAULT_AUDIT_BATCH_WAIT_MS = 5;

/** The feature, plus its intake worker on its own (tests run it beside a web-role runtime). */
export type WebhooksFeature = FeatureWiring & { startIntakeWorker(services: RuntimeServices): Closeable };

/**
 * The webhook intake feature: `POST /webhooks/hubspot` in the web role (verify, store the
 * delivery as one intake job, answer), the intake and purge workers in the worker role (the
 * intake worker filters, dedupes, enqueues one qualify job per portal and audits). Enqueueing
 * uses the runtime's fail-fast producer connection, so an unreachable Redis becomes a 503
 * instead of a request that waits.
 */
export function createWebhooksFeature(opts: WebhooksFeatureOptions): WebhooksFeature {
  const clock = opts.clock ?? systemClock;
  const prefixOf = (services: RuntimeServices) => opts.prefix ?? services.config.QUEUE_PREFIX;
  const namingOf = (services: RuntimeServices) => ({ prefix: prefixOf(services), intake: opts.intakeQueueName, qualify: opts.qualifyQueueName, purge: opts.purgeQueueName });
  let audit: Promise<AuditLog> | undefined;
  // One audit log per process, behind group commit: concurrent deliveries share one transaction.
  const auditOf = (services: RuntimeServices) => (audit ??= Promise.resolve(opts.audit(services)).then((log) => createBatchingAuditLog(log, { maxWaitMs: opts.auditBatchWaitMs ?? DEFAULT_AUDIT_BATCH_WAIT_MS })));
  const startIntakeWorker = (services: RuntimeServices): Closeable => {
    const { config, logger, metrics } = services;
    const prefix = prefixOf(services);
    const deps = createDeliveryDeps(services, { ...opts, clock, prefix, audit: async () => auditOf(services) });
    return runWorker(services, 'webhook-intake-worker', (connection) => createIntakeWorker(
      { takeIn: (delivery) => handleWebhookDelivery(delivery, deps), logger, metrics },
      { connection, prefix: bullmqPrefix(prefix, connection), queueName: opts.intakeQueueName, concurrency: config.WORKER_CONCURRENCY },
    ));
  };
  return {
    // Served by node:http in front of Express: a machine-to-machine route with its own raw body.
    createRawRoutes(services): RawRoute[] {
      const { config, logger, metrics } = services;
      const { intakeJobs } = queuesOf(services, namingOf(services));
      return [
        createWebhookRoute({
          publicBaseUrl: config.PUBLIC_BASE_URL, clientSecret: config.HUBSPOT_CLIENT_SECRET, clock, logger, metrics,
          store: ({ digest, requestId, elements }) => intakeJobs.enqueue([{ jobId: `wh-${digest}`, data: { requestId, elements } }]),
        }),
      ];
    },
    async startWorkers(services): Promise<Closeable[]> {
      const { config, logger, metrics, db } = services;
      const auditLog = await auditOf(services);
      const purge = runWorker(services, 'purge-worker', (connection) => createPurgeWorker(
        { db, audit: auditLog, logger, metrics },
        { connection, prefix: bullmqPrefix(prefixOf(services), connection), queueName: opts.purgeQueueName, concurrency: config.WORKER_CONCURRENCY },
      ));
      // carequal_queue_depth for this feature's queues, and the age of the oldest waiting delivery (KEDA scales workers on them).
      const queues = queuesOf(services, namingOf(services));
      const depth = startQueueDepthSampler([queues.intake, queues.purge], { metrics, logger, withAge: [queues.intake] });
      return [startIntakeWorker(services), purge, { name: 'webhook-queue-depth', close: async () => depth.stop() }];
    },
    // "Answered 200 but no worker takes deliveries in" shows on /readyz of every process, web included.
    createAlarms: (services) => ({
      intake_backlog: () => listIntakeBacklog(queuesOf(services, namingOf(services)).intake, opts.intakeBacklogAlarmSeconds ?? INTAKE_BACKLOG_ALARM_SECONDS),
    }),
    startIntakeWorker,
  };
}

/**
 * A delivery waits this long for an intake worker before /readyz raises `intake_backlog`: a worker
 * takes one in within milliseconds, so a minute means no worker runs or they cannot keep up.
 */
export const INTAKE_BACKLOG_ALARM_SECONDS = 60;

/** The intake backlog when its oldest delivery has waited past the alarm age; empty otherwise. */
async function listIntakeBacklog(intake: QueueHandle, alarmSeconds: number): Promise<QueueBacklog[]> {
  const backlog = await readQueueBacklog(intake, Date.now());
  return backlog.waiting > 0 && backlog.oldestWaitingSeconds >= alarmSeconds ? [backlog] : [];
}

/** A BullMQ worker on its own connection, closed gracefully: in-flight jobs may finish within the deadline, then it stops without waiting (they are retried). */
function runWorker(services: RuntimeServices, name: string, create: (connection: ReturnType<typeof createRedisConnection>) => Worker): Closeable {
  const { config, logger } = services;
  const connection = createRedisConnection(config.redis, 'worker', (error) => logger.warn(`${name} redis error`, { code: (error as { code?: string }).code ?? error.name }));
  const worker = create(connection);
  return {
    name,
    close: async (deadlineMs) => {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), deadlineMs)));
      if ((await Promise.race([worker.close(), expired])) === 'expired') await worker.close(true);
      clearTimeout(timer);
      await closeRedisConnection(connection);
    },
  };
}
