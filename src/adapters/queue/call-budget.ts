import { AppError } from '../../app/errors';
import type { CallBudget } from '../../app/ports/pipeline.port';
import type { PortalRateLimiter } from './portal-rate-limiter';

/** The per-portal HubSpot budget as the pipeline sees it: granted, or a retryable wait. */
export function createCallBudget(limiter: PortalRateLimiter): CallBudget {
  return {
    async reserve(portalId, cost) {
      const reservation = await limiter.tryReserve(portalId, cost);
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
