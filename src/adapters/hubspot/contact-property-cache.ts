import type { TenantId } from '../../app/ports/ids';
import type { Clock } from '../../app/ports/clock.port';
import type { ContactPropertyOption, CrmGateway } from '../../app/ports/crm-gateway.port';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;

/**
 * The same CRM (a plain object such as createHubSpotCrmGateway's) with `listContactProperties` cached
 * per portal for `ttlMs`; a failed list is not kept, so the next page asks again.
 */
export function cacheContactProperties<T extends Pick<CrmGateway, 'listContactProperties'>>(crm: T, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS): T {
  const cache = new Map<number, { at: number; list: Promise<ContactPropertyOption[]> }>();
  const listContactProperties = (portalId: TenantId): Promise<ContactPropertyOption[]> => {
    const now = clock.now().getTime();
    const hit = cache.get(portalId);
    if (hit && now - hit.at < ttlMs) return hit.list;
    const list = crm.listContactProperties(portalId);
    cache.set(portalId, { at: now, list });
    list.catch(() => cache.delete(portalId));
    return list;
  };
  return { ...crm, listContactProperties };
}
