import type { Clock } from '../../app/ports/clock.port';
import type { CrmGateway } from '../../app/ports/crm-gateway.port';
import { cachePerPortal } from '../../app/per-portal-cache';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;
/** Portals whose lists are kept at most (least recently used leave first): a list is tens of KB, a thousand portals must not all stay. */
export const PROPERTY_CACHE_MAX_PORTALS = 100;

/**
 * A portal's HubSpot users change rarely too, and their names are asked for on every console page
 * (the signed-in user, authors in the history and the audit log): five minutes.
 */
export const OWNER_CACHE_TTL_MS = 5 * 60_000;

/** The same CRM (a plain object such as createHubSpotCrmGateway's) with `listContactProperties` cached per portal for `ttlMs`. */
export function cacheContactProperties<T extends Pick<CrmGateway, 'listContactProperties'>>(crm: T, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS, maxPortals = PROPERTY_CACHE_MAX_PORTALS): T & { cachedPortals(): number } {
  const listContactProperties = cachePerPortal((portalId) => crm.listContactProperties(portalId), clock, ttlMs, maxPortals);
  return { ...crm, listContactProperties, cachedPortals: () => listContactProperties.size() };
}

/** The same CRM with `listOwners` (the owner picker, and staff names for the console) cached per portal for `ttlMs`. */
export function cacheOwners<T extends Pick<CrmGateway, 'listOwners'>>(crm: T, clock: Clock, ttlMs = OWNER_CACHE_TTL_MS): T {
  return { ...crm, listOwners: cachePerPortal((portalId) => crm.listOwners(portalId), clock, ttlMs, PROPERTY_CACHE_MAX_PORTALS) };
}
