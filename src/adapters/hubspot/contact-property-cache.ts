import { LRUCache } from 'lru-cache';
import type { Clock } from '../../app/ports/clock.port';
import type { CrmGateway } from '../../app/ports/crm-gateway.port';
import type { TenantId } from '../../app/ports/ids';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;
/** Portals whose lists are kept at most (least recently used leave first): a list is tens of KB, a thousand portals must not all stay. */
export const PROPERTY_CACHE_MAX_PORTALS = 100;

/**
 * A portal's HubSpot users change rarely too, and their names are asked for on every console page
 * (the signed-in user, authors in the history and the audit log): five minutes.
 */
export const OWNER_CACHE_TTL_MS = 5 * 60_000;

/** A cached per-portal read, and how many portals it holds now. */
export type PerPortalCache<T> = ((portalId: TenantId) => Promise<T>) & { size(): number };

/**
 * A per-portal list read, kept for `ttlMs` on the injected clock (callers in flight share one
 * request) for at most `maxPortals` portals, least recently used leaving first; a failed read is
 * not kept, so the next page asks again. Expired entries leave on the next look-up or when the
 * bound is reached, never later.
 */
export function cachePerPortal<T>(load: (portalId: TenantId) => Promise<T>, clock: Clock, ttlMs: number, maxPortals = PROPERTY_CACHE_MAX_PORTALS): PerPortalCache<T> {
  const cache = new LRUCache<TenantId, Promise<T>>({ ttl: ttlMs, ttlResolution: 0, max: maxPortals, perf: { now: () => clock.now().getTime() } });
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

/** The same CRM (a plain object such as createHubSpotCrmGateway's) with `listContactProperties` cached per portal for `ttlMs`. */
export function cacheContactProperties<T extends Pick<CrmGateway, 'listContactProperties'>>(crm: T, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS, maxPortals = PROPERTY_CACHE_MAX_PORTALS): T & { cachedPortals(): number } {
  const listContactProperties = cachePerPortal((portalId) => crm.listContactProperties(portalId), clock, ttlMs, maxPortals);
  return { ...crm, listContactProperties, cachedPortals: () => listContactProperties.size() };
}

/** The same CRM with `listOwners` (the owner picker, and staff names for the console) cached per portal for `ttlMs`. */
export function cacheOwners<T extends Pick<CrmGateway, 'listOwners'>>(crm: T, clock: Clock, ttlMs = OWNER_CACHE_TTL_MS): T {
  return { ...crm, listOwners: cachePerPortal((portalId) => crm.listOwners(portalId), clock, ttlMs) };
}
