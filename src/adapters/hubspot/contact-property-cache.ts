import { LRUCache } from 'lru-cache';
import type { TenantId } from '../../app/ports/ids';
import type { Clock } from '../../app/ports/clock.port';
import type { ContactPropertyOption, CrmGateway } from '../../app/ports/crm-gateway.port';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;
/** Portals whose lists are kept at most (least recently used leave first): a list is tens of KB, a thousand portals must not all stay. */
export const PROPERTY_CACHE_MAX_PORTALS = 100;

/**
 * The same CRM (a plain object such as createHubSpotCrmGateway's) with `listContactProperties` cached
 * per portal for `ttlMs`; a failed list is not kept, so the next page asks again.
 */
export function cacheContactProperties<T extends Pick<CrmGateway, 'listContactProperties'>>(crm: T, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS, maxPortals = PROPERTY_CACHE_MAX_PORTALS): T & { cachedPortals(): number } {
  // Expired lists leave on the next look-up or when the bound is reached, never later.
  const cache = new LRUCache<TenantId, Promise<ContactPropertyOption[]>>({ ttl: ttlMs, ttlResolution: 0, max: maxPortals, perf: { now: () => clock.now().getTime() } });
  const listContactProperties = (portalId: TenantId): Promise<ContactPropertyOption[]> => {
    const hit = cache.get(portalId);
    if (hit) return hit;
    const list = crm.listContactProperties(portalId);
    cache.set(portalId, list);
    list.catch(() => cache.get(portalId) === list && cache.delete(portalId));
    return list;
  };
  return { ...crm, listContactProperties, cachedPortals: () => cache.size };
}
