import type { CrmGateway } from '../../app/ports/crm-gateway.port';
import { HUBSPOT_ERROR_CODES, HubSpotApiError } from './hubspot-errors';

/** What a 429 that reached the pipeline said: which portal, which HubSpot policy, how long to wait. */
export interface RateLimitSignal {
  portalId: number;
  /** TEN_SECONDLY_ROLLING, SECONDLY, DAILY… (undefined when HubSpot named none). */
  policyName?: string;
  retryAfterMs: number;
}

/**
 * The CRM port with HubSpot's 429s fed back to the budget: every method names its portal first,
 * so a rate-limited call reports (portal, policyName) to `onRateLimited` — which pauses that
 * portal's budget — and then fails as before (retryable, delayed by the job runner). HubSpot's
 * rate-limit page (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines)
 * names the policy in the 429 body and promises no Retry-After.
 */
export function withRateLimitFeedback<T extends CrmGateway>(crm: T, onRateLimited: (signal: RateLimitSignal) => Promise<void>): T {
  // A Proxy rather than a copy of own keys: class-based CRMs keep their methods on the prototype.
  return new Proxy(crm, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (portalId: number, ...rest: unknown[]) => {
        try {
          return await (value as (...args: unknown[]) => Promise<unknown>).call(target, portalId, ...rest);
        } catch (error) {
          if (error instanceof HubSpotApiError && error.code === HUBSPOT_ERROR_CODES.rateLimited) {
            await onRateLimited({ portalId, policyName: error.hubspot.policyName, retryAfterMs: error.retryAfterMs ?? 1_000 });
          }
          throw error;
        }
      };
    },
  });
}
