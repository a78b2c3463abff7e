import type { Queue } from 'bullmq';
import type { Clock } from '../../../app/ports/clock.port';
import type { BackfillRun } from '../../../app/backfill';
import type { HubSpotClient } from '../../hubspot/hubspot.client';
import type { HubSpotOAuthClient } from '../../hubspot/hubspot-oauth.client';
import type { PortalRateLimiter } from '../../queue/portal-rate-limiter';
import type { ContactPropertyCatalog, ContactSampler, IdentityProvider, OperationsReader, QueueFigures, RescoreProgress } from './console.ports';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;

/** The portal's contact properties for the mapping picker, cached per portal for a minute. */
export function createPropertyCatalog(client: Pick<HubSpotClient, 'listProperties'>, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS): ContactPropertyCatalog {
  const cache = new Map<number, { at: number; list: Promise<Array<{ name: string; label: string; type: string }>> }>();
  return {
    list(portalId) {
      const now = clock.now().getTime();
      const hit = cache.get(portalId);
      if (hit && now - hit.at < ttlMs) return hit.list;
      // Sensitive inquiry fields are listed only when asked for (dataSensitivity defaults to non_sensitive).
      const list = Promise.all([client.listProperties(portalId), client.listProperties(portalId, 'sensitive')]).then((lists) => lists.flat()).then((props) => props.filter((p) => !p.hidden).map((p) => ({ name: p.name, label: p.label, type: p.type })).sort((a, b) => a.label.localeCompare(b.label)));
      cache.set(portalId, { at: now, list });
      list.catch(() => cache.delete(portalId));
      return list;
    },
  };
}

/** Most recently created contacts via CRM search (one request, ≤200), only the named properties. */
export function createContactSampler(client: Pick<HubSpotClient, 'searchContacts'>): ContactSampler {
  return {
    async sampleRecent(portalId, properties, limit) {
      const page = await client.searchContacts(portalId, { properties, limit: Math.min(200, limit), sorts: ['-createdate'] });
      return page.contacts.map((c) => ({ id: c.id, properties: c.properties }));
    },
  };
}

/**
 * Sign-in identity: exchange the code, introspect the token for hub and user, and (with
 * `settings.users.read`) ask HubSpot whether the user is a Super Admin. The sign-in is a
 * full authorization (HubSpot requires every required scope in it), so it mints a refresh token:
 * that one is revoked at once — CareQual keeps only the installation's own tokens, and HubSpot
 * holds no grant CareQual forgot. A failed revoke is reported, not fatal to the sign-in.
 */
export function createIdentityProvider(
  oauth: Pick<HubSpotOAuthClient, 'exchangeCode' | 'introspectToken' | 'revokeRefreshToken' | 'isSuperAdmin'>,
  warn: (message: string, meta: Record<string, unknown>) => void = () => undefined,
): IdentityProvider {
  return {
    async identify(code, redirectUri) {
      const grant = await oauth.exchangeCode(code, redirectUri);
      try {
        const info = await oauth.introspectToken(grant.accessToken);
        // A Super Admin is a console admin. Learnt from HubSpot when the portal granted the optional
        // settings.users.read scope; without it (or if HubSpot does not answer) they sign in as who they are.
        const superAdmin = info.scopes.includes('settings.users.read')
          ? await oauth.isSuperAdmin(grant.accessToken, info.userId).catch((error: unknown) => {
            warn('console sign-in: could not read the user from HubSpot', { code: (error as { code?: string }).code ?? 'unknown' });
            return false;
          })
          : false;
        return { portalId: info.portalId, userId: info.userId, superAdmin };
      } finally {
        if (grant.refreshToken) {
          await oauth.revokeRefreshToken(grant.refreshToken).catch((error: unknown) => warn('console sign-in: could not revoke the sign-in refresh token', { code: (error as { code?: string }).code ?? 'unknown' }));
        }
      }
    },
  };
}

const ERROR_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Queue counts (the shared qualify queue) and this portal's last failed-job codes, never messages. */
export function createOperationsReader(qualifyQueue: Queue, limiter: Pick<PortalRateLimiter, 'used'>, limit: { maxRequests: number; windowMs: number }): OperationsReader {
  return {
    async qualifyQueue(portalId): Promise<QueueFigures> {
      const [counts, failed] = await Promise.all([qualifyQueue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), qualifyQueue.getFailed(0, 99)]);
      const recentFailureCodes = failed
        .filter((job) => Number((job.data as { portalId?: unknown }).portalId) === portalId)
        .slice(0, 10)
        .map((job) => {
          const reason = (job.failedReason ?? '').split(':')[0]!.trim();
          return { code: ERROR_CODE.test(reason) ? reason : 'job.failed', at: new Date(job.finishedOn ?? job.timestamp) };
        });
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, recentFailureCodes,
      };
    },
    async rateLimit(portalId) {
      return { used: await limiter.used(portalId), budget: limit.maxRequests, windowMs: limit.windowMs };
    },
  };
}

export function toRescoreProgress(run: BackfillRun): RescoreProgress {
  return {
    runId: run.id, status: run.status, contactsEnqueued: run.contactsEnqueued, contactsDone: run.contactsDone,
    startedAt: run.startedAt, finishedAt: run.finishedAt ?? undefined,
  };
}
