import type { TenantId } from './ports/ids';
import { requiredContactProperties } from '../core';
import type { Clock } from './ports/clock.port';
import { cachePerPortal } from './per-portal-cache';
import type { InstallationDirectory, PublishedCriteriaReader } from './ports/tenancy.port';

/** What webhook intake needs to know about a portal. */
export type PortalIntakeView =
  | { active: false }
  /** `watched` undefined: no published criteria known, so no property change can be ruled out. */
  | { active: true; watched: ReadonlySet<string> | undefined };

export interface PortalIntakeCacheOptions {
  installations: Pick<InstallationDirectory, 'tryGetStatus'>;
  criteria: PublishedCriteriaReader;
  clock: Clock;
  /** How long a portal's watched properties are reused (default 10 s); its status is read every time. */
  ttlMs?: number;
  /** Upper bound on cached portals; the least recently looked-up leave first. */
  maxPortals?: number;
}

export const DEFAULT_PORTAL_CACHE_TTL_MS = 10_000;

/**
 * The intake worker's view of a portal: its installation status read fresh on every look-up, and
 * its watched properties from a short-lived per-portal cache in front of the published criteria.
 *
 * The status is never cached: an uninstall drops the portal's queued qualify and purge jobs, but
 * not the deliveries still waiting as intake jobs (one spans many portals), so the status read
 * when a delivery is taken in is what drops an uninstalled portal's events, on every intake
 * worker at once. Cached, it let events through for up to the TTL after the uninstall (issue 22).
 * One primary-key read per portal per delivery, off HubSpot's path.
 *
 * Watched properties may be stale for the TTL, harmlessly: the qualify worker reads the criteria
 * itself. Concurrent look-ups of one portal share one criteria query; failures are not cached.
 */
export function createPortalIntakeCache(opts: PortalIntakeCacheOptions): (portalId: TenantId) => Promise<PortalIntakeView> {
  const watchedOf = cachePerPortal(async (portalId): Promise<ReadonlySet<string> | undefined> => {
    const published = await opts.criteria.tryGetPublished(portalId);
    return published ? new Set(requiredContactProperties(published.criteria)) : undefined;
  }, opts.clock, opts.ttlMs ?? DEFAULT_PORTAL_CACHE_TTL_MS, opts.maxPortals ?? 50_000);

  return async (portalId) => {
    const status = await opts.installations.tryGetStatus(portalId);
    if (status !== 'active') return { active: false };
    return { active: true, watched: await watchedOf(portalId) };
  };
}
