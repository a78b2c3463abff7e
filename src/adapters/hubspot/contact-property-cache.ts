import type { Clock } from '../../app/ports/clock.port';
import type { CrmGateway } from '../../app/ports/crm-gateway.port';
import type { TenantId } from '../../app/ports/ids';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;

/**
 * A portal's HubSpot users change rarely too, and their names are asked for on every console page
 * (the signed-in user, authors in the history and the audit log): five minutes.
 */
export const OWNER_CACHE_TTL_MS = 5 * 60_000;

/**
 * A per-portal list read, kept for `ttlMs` (callers in flight share one request); a failed read
 * is not kept, so the next page asks again. A map of promises, not a cache library: the expiry
 * must follow the injected clock, and there is one entry per installed portal.
 */
export function cachePerPortal<T>(load: (portalId: TenantId) => Promise<T>, clock: Clock, ttlMs: number): (portalId: TenantId) => Promise<T> {
  const cache = new Map<TenantId, { at: number; list: Promise<T> }>();
  return (portalId) => {
    const now = clock.now().getTime();
    const hit = cache.get(portalId);
    if (hit && now - hit.at < ttlMs) return hit.list;
    const list = load(portalId);
    cache.set(portalId, { at: now, list });
    list.catch(() => cache.delete(portalId));
    return list;
  };
}

/** The same CRM (a plain object such as createCrmGateway's) with `listContactProperties` cached per portal for `ttlMs`. */
export function cacheContactProperties<T extends Pick<CrmGateway, 'listContactProperties'>>(crm: T, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS): T {
  return { ...crm, listContactProperties: cachePerPortal((portalId) => crm.listContactProperties(portalId), clock, ttlMs) };
}

/** The same CRM with `listOwners` (the owner picker, and staff names for the console) cached per portal for `ttlMs`. */
export function cacheOwners<T extends Pick<CrmGateway, 'listOwners'>>(crm: T, clock: Clock, ttlMs = OWNER_CACHE_TTL_MS): T {
  return { ...crm, listOwners: cachePerPortal((portalId) => crm.listOwners(portalId), clock, ttlMs) };
}
