import { ContactBatchRejectedError, type ContactBatchRead, type ContactBatchWrite, type ContactSnapshot, type ContactUpdate, type FollowUpTaskChange, type FollowUpTaskInput, type CrmGateway } from '../../app/ports/crm-gateway.port';
import { contactId, type ContactId } from '../../app/ports/ids';
import { HUBSPOT_RESULT_ENCODING } from './carequal-values';
import { HUBSPOT_ERROR_CODES, HubSpotApiError } from './hubspot-errors';
import type { HubSpotClient } from './hubspot.client';

type CrmClient = Pick<HubSpotClient, 'batchReadContacts' | 'batchUpdateContacts' | 'batchCreateTasks' | 'batchUpdateTasks' | 'listContactsPage' | 'listContactTaskIds' | 'batchReadTasks' | 'searchContacts' | 'listProperties' | 'listOwners'>;

const SEARCH_PAGE_MAX = 200;

/**
 * The pipeline's view of HubSpot (CrmGateway port) over CareQual's HubSpot client: domain
 * shapes in, domain shapes out. Every call names its portal; the client takes that portal's
 * token and maps errors to `hubspot.*` AppError codes.
 */
export function createHubSpotCrmGateway(client: CrmClient): CrmGateway {
  return {
    results: HUBSPOT_RESULT_ENCODING,
    async batchReadContacts(portalId, contactIds, propertyNames): Promise<ContactBatchRead> {
      const { contacts, missingIds } = await client.batchReadContacts(portalId, contactIds, propertyNames);
      return { found: contacts.map(snapshotOf), missingIds: missingIds.map(contactId) };
    },
    async batchUpdateContacts(portalId, updates: readonly ContactUpdate[]): Promise<ContactBatchWrite> {
      try {
        const result = await client.batchUpdateContacts(portalId, updates);
        return { writtenIds: result.updatedIds.map(contactId), failed: result.failures.map((f) => ({ id: contactId(f.id), category: f.category, code: f.code, propertyNames: f.propertyNames })) };
      } catch (error) {
        throw asBatchRejection(error);
      }
    },
    async createFollowUpTasks(portalId, tasks: readonly FollowUpTaskInput[]) {
      const created = await client.batchCreateTasks(portalId, tasks);
      return new Map([...created].map(([contact, taskId]) => [contactId(contact), taskId]));
    },
    async updateFollowUpTasks(portalId, changes: readonly FollowUpTaskChange[]) {
      const inputs = changes.map((c) => ({
        id: c.taskId,
        properties: { hs_task_subject: c.subject, hs_task_priority: c.priority, hs_timestamp: c.dueAt.toISOString(), ...(c.status ? { hs_task_status: c.status } : {}) },
      }));
      return new Set(await client.batchUpdateTasks(portalId, inputs));
    },
    async findFollowUpTasks(portalId, contactIds, subjectPrefix) {
      const taskOwner = new Map<string, ContactId>();
      for (const contactId of contactIds) for (const taskId of await client.listContactTaskIds(portalId, contactId)) taskOwner.set(taskId, contactId);
      const found = new Map<ContactId, string>();
      const taskIds = [...taskOwner.keys()];
      for (let i = 0; i < taskIds.length; i += 100) {
        for (const task of await client.batchReadTasks(portalId, taskIds.slice(i, i + 100), ['hs_task_subject'])) {
          if (task.properties.hs_task_subject?.startsWith(subjectPrefix)) found.set(taskOwner.get(task.id)!, task.id);
        }
      }
      return found;
    },
    async listContacts(portalId, propertyNames, after) {
      const page = await client.listContactsPage(portalId, { after, limit: 100, properties: propertyNames });
      return { contacts: page.contacts.map(snapshotOf), after: page.nextAfter };
    },
    async sampleRecentContacts(portalId, propertyNames, limit) {
      // CRM search returns at most 200 records per page (DESIGN.md §3): one request.
      const page = await client.searchContacts(portalId, { properties: propertyNames, limit: Math.min(SEARCH_PAGE_MAX, limit), sorts: ['-createdate'] });
      return page.contacts.map(snapshotOf);
    },
    async listContactProperties(portalId) {
      // Sensitive inquiry fields are listed only when asked for (dataSensitivity defaults to non_sensitive).
      const lists = await Promise.all([client.listProperties(portalId), client.listProperties(portalId, 'sensitive')]);
      return lists.flat().filter((p) => !p.hidden).map((p) => ({ name: p.name, label: p.label, type: p.type })).sort((a, b) => a.label.localeCompare(b.label));
    },
    async listOwners(portalId) {
      const owners = await client.listOwners(portalId);
      return owners.map((o) => ({
        id: o.id, name: [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || `Owner ${o.id}`,
        ...(o.userId !== undefined ? { userId: String(o.userId) } : {}), ...(o.email ? { email: o.email } : {}), teams: o.teams,
      })).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

/** A contact HubSpot returned, its id checked at the boundary (a decimal string). */
function snapshotOf(c: { id: string; properties: ContactSnapshot['properties'] }): ContactSnapshot {
  return { id: contactId(c.id), properties: c.properties };
}

/**
 * HubSpot answers a batch update with ANY invalid record with 400 for the whole batch (nothing
 * applied): that becomes the port's ContactBatchRejectedError, with names and codes only. The
 * HubSpot error is not kept as its cause: its message can quote the submitted values.
 */
function asBatchRejection(error: unknown): unknown {
  if (!(error instanceof HubSpotApiError) || error.hubspot.status !== 400) return error;
  const { category = 'VALIDATION_ERROR', errorCodes = [], propertyNames = [], correlationId } = error.hubspot;
  const notFound = category === 'OBJECT_NOT_FOUND' || (errorCodes.length > 0 && errorCodes.every((c) => c === 'OBJECT_NOT_FOUND'));
  return new ContactBatchRejectedError(notFound ? HUBSPOT_ERROR_CODES.notFound : HUBSPOT_ERROR_CODES.validation, category, propertyNames, { correlationId, errorCodes });
}
