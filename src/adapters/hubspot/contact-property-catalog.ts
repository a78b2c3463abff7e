import type { Clock } from '../../app/ports/clock.port';
import type { ContactPropertyCatalog, ContactPropertyOption } from '../../app/ports/hubspot-crm.port';
import type { HubSpotClient } from './hubspot.client';

/** Property lists change rarely; a minute's cache keeps the editor fast and the API budget free. */
export const PROPERTY_CACHE_TTL_MS = 60_000;

/** The portal's contact properties for the mapping picker, cached per portal for a minute. */
export function createPropertyCatalog(client: Pick<HubSpotClient, 'listProperties'>, clock: Clock, ttlMs = PROPERTY_CACHE_TTL_MS): ContactPropertyCatalog {
  const cache = new Map<number, { at: number; list: Promise<ContactPropertyOption[]> }>();
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
