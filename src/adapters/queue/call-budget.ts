import { AppError } from '../../app/errors';
import type { CallBudget } from '../../app/ports/pipeline.port';
import type { BudgetLane, PortalRateLimiter } from './portal-rate-limiter';

/**
 * The per-portal HubSpot budget as one kind of work sees it: granted, or a retryable wait. Live
 * work (the qualify queue) and bulk work (backfill pages) get a budget each, over the same limiter.
 */
export function createCallBudget(limiter: PortalRateLimiter, lane: BudgetLane = 'live'): CallBudget {
  return {
    async reserve(portalId, cost) {
      const reservation = await limiter.tryReserve(portalId, cost, lane);
      if (!reservation.granted) {
        throw new AppError('hubspot.budget_exhausted', 'the portal has no HubSpot call budget left in this window', {
          retryable: true,
          retryAfterMs: reservation.retryInMs,
        });
      }
    },
    async refund(portalId, calls) {
      if (calls > 0) await limiter.refund(portalId, calls);
    },
  };
}

/**
 * What a 429 does to the portal's budget, by HubSpot's `policyName`: TEN_SECONDLY_ROLLING pauses
 * the portal for a whole window (by then every call HubSpot counted has left it); DAILY stops the
 * portal's work until HubSpot's wait is over and says so in an error log (an operator must know:
 * the portal's other apps share that daily allowance); anything else (SECONDLY: search) waits as told.
 */
export function createRateLimitPauser(
  limiter: Pick<PortalRateLimiter, 'pause'>,
  opts: { windowMs: number; logger: { error(message: string, meta: Record<string, unknown>): void; warn(message: string, meta: Record<string, unknown>): void } },
): (signal: { portalId: number; policyName?: string; retryAfterMs: number }) => Promise<void> {
  return async ({ portalId, policyName, retryAfterMs }) => {
    if (policyName === 'DAILY') {
      opts.logger.error('HubSpot daily API limit reached: the portal is paused', { portalId, policyName, pausedForMs: retryAfterMs });
      return limiter.pause(portalId, retryAfterMs);
    }
    const pauseMs = policyName === 'TEN_SECONDLY_ROLLING' ? opts.windowMs : retryAfterMs;
    opts.logger.warn('HubSpot answered 429: the portal is paused', { portalId, policyName, pausedForMs: pauseMs });
    return limiter.pause(portalId, pauseMs);
  };
}
