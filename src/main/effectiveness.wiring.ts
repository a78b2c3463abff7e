import { randomUUID } from 'node:crypto';
import { EffectivenessRepository } from '../adapters/db/effectiveness.repository';
import { createEffectivenessCrm } from '../adapters/hubspot/effectiveness-crm.adapter';
import { createCallBudget } from '../adapters/queue/call-budget';
import { DEFAULT_RATE_LIMIT, PortalRateLimiter } from '../adapters/queue/portal-rate-limiter';
import type { EffectivenessDeps } from '../app/effectiveness/run-effectiveness';
import { appServicesOf } from './app-services';
import type { RuntimeServices } from './runtime';

/**
 * The effectiveness job's ports from a process's services: HubSpot search through the shared
 * client, the per-portal call budget in Redis (the same key as the qualify pipeline's, so both
 * share one portal's 110-per-10-s allowance), and the aggregates repository.
 */
export function buildEffectivenessDeps(services: RuntimeServices, opts: { prefix?: string } = {}): EffectivenessDeps & { store: EffectivenessRepository } {
  const app = appServicesOf(services);
  const prefix = opts.prefix ?? services.config.QUEUE_PREFIX;
  const limiter = new PortalRateLimiter(services.producerRedis, { ...DEFAULT_RATE_LIMIT, keyPrefix: `${prefix}:ratelimit` });
  return {
    crm: createEffectivenessCrm(app.hubspot),
    budget: createCallBudget(limiter),
    clock: app.clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    store: new EffectivenessRepository(services.db),
    criteria: app.criteria,
    audit: app.audit,
    newRunId: randomUUID,
  };
}
