import { randomUUID } from 'node:crypto';
import { EffectivenessRepository } from '../adapters/db/effectiveness.repository';
import { createEffectivenessCrm } from '../adapters/hubspot/effectiveness-crm.adapter';
import { createCallBudget } from '../adapters/queue/call-budget';
import { DEFAULT_RATE_LIMIT, PortalRateLimiter } from '../adapters/queue/portal-rate-limiter';
import type { EffectivenessConsole } from '../app/effectiveness/effectiveness.ports';
import { runEffectiveness, type EffectivenessDeps } from '../app/effectiveness/run-effectiveness';
import { isAppError } from '../app/errors';
import type { Clock } from '../app/ports/clock.port';
import { appServicesOf } from './app-services';
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
  const limiter = new PortalRateLimiter(services.producerRedis, { ...DEFAULT_RATE_LIMIT, ...opts.rateLimit, keyPrefix: `${prefix}:ratelimit` });
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

/**
 * The console's port: the figures to show, and "Run now", which runs the job in this process in
 * the background (the page shows its state) unless a run is already reading for the portal.
 */
export function createEffectivenessConsole(services: RuntimeServices, opts: EffectivenessWiringOptions = {}): EffectivenessConsole {
  const deps = buildEffectivenessDeps(services, opts);
  return {
    async latest(portalId) {
      const [shown, current] = await Promise.all([deps.store.latestFinishedRun(portalId), deps.store.latestRun(portalId)]);
      return { shown, current };
    },
    async start(portalId, userId) {
      const current = await deps.store.latestRun(portalId);
      if (current?.status === 'running' && deps.clock.now().getTime() - current.startedAt.getTime() < RUN_STALE_MS) return 'running';
      const request = { portalId, requestedBy: `user:${userId}`, actor: { kind: 'user' as const, hubspotUserId: String(userId) } };
      runEffectiveness(request, deps).catch((error: unknown) => {
        services.logger.warn('effectiveness run failed', { portalId, code: isAppError(error) ? error.code : 'internal_error' });
      });
      return 'started';
    },
  };
}
