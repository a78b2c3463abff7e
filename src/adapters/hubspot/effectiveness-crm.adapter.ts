import type { EffectivenessCrm } from '../../app/effectiveness/effectiveness.ports';
import { contactId } from '../../app/ports/ids';
import type { HubSpotClient } from './hubspot.client';

/**
 * The effectiveness job's HubSpot reads: a CRM search for contacts CareQual scored in a window.
 * Datetime filters take epoch milliseconds (HubSpot search guide, "Filter search results");
 * sorting by record id keeps paging stable while intake edits contacts.
 */
export function createEffectivenessCrm(client: Pick<HubSpotClient, 'searchContacts' | 'searchTasks'>): EffectivenessCrm {
  return {
    async searchScoredContacts(portalId, req) {
      const page = await client.searchContacts(portalId, {
        filterGroups: [{ filters: [
          { propertyName: 'carequal_scored_at', operator: 'GTE', value: String(req.from.getTime()) },
          { propertyName: 'carequal_scored_at', operator: 'LT', value: String(req.to.getTime()) },
        ] }],
        properties: req.properties, limit: req.limit, after: req.after, sorts: ['hs_object_id'],
      });
      return { contacts: page.contacts.map((c) => ({ id: contactId(c.id), properties: c.properties })), total: page.total ?? page.contacts.length, nextAfter: page.nextAfter };
    },
    async searchCompletedTasks(portalId, req) {
      const page = await client.searchTasks(portalId, {
        filterGroups: [{ filters: [
          { propertyName: 'hs_task_status', operator: 'EQ', value: 'COMPLETED' },
          { propertyName: 'hs_task_completion_date', operator: 'GTE', value: String(req.from.getTime()) },
          { propertyName: 'hs_task_completion_date', operator: 'LT', value: String(req.to.getTime()) },
        ] }],
        properties: ['hs_task_completion_date'], limit: req.limit, after: req.after,
      });
      return { contacts: page.contacts.map((c) => ({ id: c.id, properties: c.properties })), total: page.total ?? page.contacts.length, nextAfter: page.nextAfter };
    },
  };
}
