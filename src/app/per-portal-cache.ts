import { LRUCache } from 'lru-cache';
import type { Clock } from './ports/clock.port';
import type { TenantId } from './ports/ids';

/** A cached per-portal read, and how many portals it holds now. */
export type PerPortalCache<T> = ((portalId: TenantId) => Promise<T>) & { size(): number };

/**
 * A per-portal read (a CRM's property list or owners, a portal's watched properties), kept for
 * `ttlMs` on the injected clock (callers in flight share one request) for at most `maxPortals`
 * portals, least recently used leaving first; a failed read is not kept, so the next caller asks
 * again. Expired entries leave on the next look-up or when the
 * bound is reached, never later.
 */
export function cachePerPortal<T>(load: (portalId: TenantId) => Promise<T>, clock: Clock, ttlMs: number, maxPortals: number): PerPortalCache<T> {
  // maxSize counting 1 per portal, not max: lru-cache allocates `max` slots up front (1.8 MB for
  // the intake cache's 50,000), maxSize grows with the portals actually seen.
  const cache = new LRUCache<TenantId, Promise<T>>({ ttl: ttlMs, ttlResolution: 0, maxSize: maxPortals, sizeCalculation: () => 1, perf: { now: () => clock.now().getTime() } });
  const read = (portalId: TenantId): Promise<T> => {
    const hit = cache.get(portalId);
    if (hit) return hit;
    const list = load(portalId);
    cache.set(portalId, list);
    list.catch(() => cache.get(portalId) === list && cache.delete(portalId));
    return list;
  };
  return Object.assign(read, { size: () => cache.size });
}
