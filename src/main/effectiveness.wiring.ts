import { randomUUID } from 'node:crypto';
import { EffectivenessRepository } from '../adapters/db/effectiveness.repository';
import { createEffectivenessCrm } from '../adapters/hubspot/effectiveness-crm.adapter';
import { createCallBudget } from '../adapters/queue/call-budget';
import { EFFECTIVENESS_QUEUE, type EffectivenessJob } from '../adapters/queue/effectiveness.worker';
import { PortalRateLimiter, portalRateLimitOptions } from '../adapters/queue/portal-rate-limiter';
import type { EffectivenessConsole } from '../app/effectiveness/effectiveness.ports';
import type { EffectivenessDeps } from '../app/effectiveness/run-effectiveness';
import type { Clock } from '../app/ports/clock.port';
import { appServicesOf } from './app-services';
import { queuesOf } from './queues.wiring';
import type { RuntimeServices } from './runtime';

/**
 * The effectiveness job's ports from a process's services: HubSpot search through the shared
 * client, the per-portal call budget in Redis (the same key as the qualify pipeline's, so both
 * share one portal's 110-per-10-s allowance), and the aggregates repository.
 */
export interface EffectivenessWiringOptions {
  prefix?: string;
  clock?: Clock;
  /** The per-portal HubSpot allowance the other features use (default 105 per 10 s: HubSpot's 110 less a small margin). */
  rateLimit?: { maxRequests: number; windowMs: number };
}

export function buildEffectivenessDeps(services: RuntimeServices, opts: EffectivenessWiringOptions = {}): EffectivenessDeps & { store: EffectivenessRepository } {
  const app = appServicesOf(services);
  const prefix = opts.prefix ?? services.config.QUEUE_PREFIX;
  const limiter = new PortalRateLimiter(services.producerRedis, portalRateLimitOptions(prefix, opts.rateLimit));
  return {
    crm: createEffectivenessCrm(app.hubspot),
    budget: createCallBudget(limiter),
    clock: opts.clock ?? app.clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    store: new EffectivenessRepository(services.db),
    criteria: app.criteria,
    audit: app.audit,
    newRunId: randomUUID,
  };
}

/** A "running" run older than this is taken as abandoned (its process stopped): a new one may start. */
const RUN_STALE_MS = 60 * 60_000;
/** Queue states in which a portal's "Run now" job is still to run (or running): no second one is queued. */
const PENDING_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The console's port: the figures to show, and "Run now", which queues the portal's run on the
 * effectiveness queue for a worker (the web process reads nothing from HubSpot) unless a run is
 * already reading or queued for the portal. One job id per portal: a second click finds it.
 */
export function createEffectivenessConsole(services: RuntimeServices, opts: EffectivenessWiringOptions = {}): EffectivenessConsole {
  const store = new EffectivenessRepository(services.db);
  const clock = opts.clock ?? appServicesOf(services).clock;
  const runs = queuesOf(services, { prefix: opts.prefix }).effectivenessRuns;
  return {
    signals: store,
    async latest(portalId) {
      const [shown, current] = await Promise.all([store.latestFinishedRun(portalId), store.latestRun(portalId)]);
      return { shown, current };
    },
    async start(portalId, userId) {
      const current = await store.latestRun(portalId);
      if (current?.status === 'running' && clock.now().getTime() - current.startedAt.getTime() < RUN_STALE_MS) return 'running';
      const jobId = runNowJobId(portalId);
      const queued = await runs.get().getJob(jobId);
      if (queued && PENDING_STATES.has(await queued.getState())) return 'running';
      await queued?.remove();
      await runs.get().add(EFFECTIVENESS_QUEUE, { portalId, requestedBy: `user:${userId}` } satisfies EffectivenessJob, { jobId });
      return 'started';
    },
  };
}

/** The queue job id of a portal's "Run now". */
export function runNowJobId(portalId: number): string {
  return `eff-${portalId}-now`;
}
