import { HUBSPOT_ERROR_CODES, HubSpotApiError } from './hubspot-errors';
import type { HubSpotHttp, HubSpotRequest } from './hubspot-http';
import { parseHubSpotBody as parse } from './hubspot-oauth.client';
import { matchCreatedTasks } from './task-results';
import {
  BatchResponseSchema, ContactTaskAssociationsSchema, ObjectPageSchema, OwnerPageSchema, PropertyListSchema,
  type BatchError, type HubSpotProperty, type SimplePublicObject,
} from './hubspot.schemas';

/** Hands out a valid access token for one portal (the token provider); the client never stores tokens. */
export interface AccessTokenSource {
  getAccessToken(portalId: number): Promise<string>;
  /**
   * HubSpot refused `rejectedToken` with 401 although it looked valid (revoked early, clock
   * skew): a fresh token, refreshed unless someone already replaced the rejected one.
   */
  refreshRejectedToken?(portalId: number, rejectedToken: string): Promise<string>;
}

/** `PropertyCreate` of the 2026-03 properties API, `dataSensitivity` included (the SDK drops it). */
export interface PropertyDefinitionInput {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: ReadonlyArray<{ label: string; value: string; displayOrder: number; hidden: boolean; description?: string }>;
  displayOrder?: number;
  formField?: boolean;
  hidden?: boolean;
  dataSensitivity?: 'non_sensitive' | 'sensitive' | 'highly_sensitive';
}

/** One record of a batch update HubSpot refused, with why (category) and which properties. */
export interface BatchRecordFailure {
  id: string;
  category: string;
  /** Stable code for audit and metrics, e.g. hubspot.validation_error, hubspot.not_found. */
  code: string;
  propertyNames: string[];
}

export interface BatchUpdateResult {
  updatedIds: string[];
  failures: BatchRecordFailure[];
}

export interface ContactPage {
  contacts: SimplePublicObject[];
  /** Cursor of the next page; undefined on the last page. */
  nextAfter: string | undefined;
}

export interface FollowUpTaskInput {
  contactId: string;
  subject: string;
  body?: string;
  ownerId?: string;
  dueAt: Date;
  priority?: 'LOW' | 'MEDIUM' | 'HIGH';
}

export interface HubSpotOwner {
  id: string;
  email: string | undefined;
  userId: number | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  teams: Array<{ id: string; name: string; primary: boolean }>;
}

/** HubSpot-defined association type "task to contact" (v4 associations). */
const TASK_TO_CONTACT_ASSOCIATION_TYPE_ID = 204;
/** Batch endpoints take at most 100 inputs (DESIGN.md §3). */
export const MAX_BATCH_INPUTS = 100;

const CONTACTS = '/crm/objects/2026-03/contacts';
const TASKS = '/crm/objects/2026-03/tasks';
const PROPERTIES = '/crm/properties/2026-03';

/**
 * CareQual's HubSpot CRM operations on the date-versioned 2026-03 paths. Every call names its
 * portal; the token comes from the {@link AccessTokenSource} for exactly that portal, so a
 * caller cannot send one portal's token with another's request.
 */
export class HubSpotClient {
  constructor(
    private readonly http: HubSpotHttp,
    private readonly tokens: AccessTokenSource,
  ) {}

  /** Creates a contact property group; `exists` when HubSpot answers 409 (idempotent bootstrap). */
  async createPropertyGroup(portalId: number, group: { name: string; label: string; displayOrder?: number }, objectType = 'contacts'): Promise<'created' | 'exists'> {
    return this.createOrExists(portalId, { operation: 'properties.create_group', method: 'POST', path: `${PROPERTIES}/${objectType}/groups`, json: group, idempotent: true });
  }

  /**
   * Lists an object type's property definitions of one sensitivity. HubSpot's `dataSensitivity`
   * defaults to `non_sensitive` (crm-properties 2026-03): sensitive ones are listed only when asked for.
   */
  async listProperties(portalId: number, dataSensitivity: 'non_sensitive' | 'sensitive' | 'highly_sensitive' = 'non_sensitive', objectType = 'contacts'): Promise<HubSpotProperty[]> {
    const query = dataSensitivity === 'non_sensitive' ? undefined : { dataSensitivity };
    const res = await this.send(portalId, { operation: 'properties.list', method: 'GET', path: `${PROPERTIES}/${objectType}`, idempotent: true, ...(query ? { query } : {}) });
    return parse('properties.list', res, PropertyListSchema).results;
  }

  /** Creates a property with our own body (so `dataSensitivity` is sent); `exists` on 409. */
  async createProperty(portalId: number, definition: PropertyDefinitionInput, objectType = 'contacts'): Promise<'created' | 'exists'> {
    return this.createOrExists(portalId, { operation: 'properties.create', method: 'POST', path: `${PROPERTIES}/${objectType}`, json: definition, idempotent: true });
  }

  /** PATCHes a property definition (label, description, options, field type, group). */
  async updateProperty(portalId: number, name: string, patch: Partial<Omit<PropertyDefinitionInput, 'name' | 'type' | 'dataSensitivity'>>, objectType = 'contacts'): Promise<void> {
    await this.send(portalId, { operation: 'properties.update', method: 'PATCH', path: `${PROPERTIES}/${objectType}/${encodeURIComponent(name)}`, json: patch, idempotent: true });
  }

  /** Deletes (archives) a property definition: only to re-create one CareQual owns with another sensitivity. */
  async deleteProperty(portalId: number, name: string, objectType = 'contacts'): Promise<void> {
    await this.send(portalId, { operation: 'properties.delete', method: 'DELETE', path: `${PROPERTIES}/${objectType}/${encodeURIComponent(name)}`, idempotent: true });
  }

  /** Reads ≤100 contacts with only the named properties; ids HubSpot does not know are reported, not thrown. */
  async batchReadContacts(portalId: number, ids: readonly string[], properties: readonly string[]): Promise<{ contacts: SimplePublicObject[]; missingIds: string[] }> {
    assertBatchSize(ids.length);
    if (ids.length === 0) return { contacts: [], missingIds: [] };
    const res = await this.send(portalId, {
      operation: 'contacts.batch_read', method: 'POST', path: `${CONTACTS}/batch/read`, idempotent: true,
      json: { inputs: ids.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] },
    });
    const body = parse('contacts.batch_read', res, BatchResponseSchema);
    const missing = new Set((body.errors ?? []).flatMap((e) => (e.category === 'OBJECT_NOT_FOUND' ? (e.context?.ids ?? []) : [])));
    return { contacts: body.results, missingIds: [...missing] };
  }

  /**
   * Updates ≤100 contacts. A 207 answer resolves with per-record failures (the portal's own
   * validation rules apply to API writes from 2026-09), so the caller reports which contact
   * failed and why instead of failing the whole batch.
   */
  async batchUpdateContacts(portalId: number, inputs: ReadonlyArray<{ id: string; properties: Readonly<Record<string, string>> }>): Promise<BatchUpdateResult> {
    assertBatchSize(inputs.length);
    if (inputs.length === 0) return { updatedIds: [], failures: [] };
    const res = await this.send(portalId, {
      operation: 'contacts.batch_update', method: 'POST', path: `${CONTACTS}/batch/update`, idempotent: true,
      json: { inputs: inputs.map((i) => ({ id: i.id, properties: { ...i.properties } })) },
    });
    const body = parse('contacts.batch_update', res, BatchResponseSchema);
    return { updatedIds: body.results.map((r) => r.id), failures: (body.errors ?? []).flatMap(toRecordFailures) };
  }

  /** CRM search (5 requests/s per portal, ≤200 per page): for backfills filtered by a property. */
  async searchContacts(portalId: number, request: { filterGroups?: unknown[]; properties: readonly string[]; limit?: number; after?: string; sorts?: string[] }): Promise<ContactPage & { total: number | undefined }> {
    const res = await this.send(portalId, {
      operation: 'contacts.search', method: 'POST', path: `${CONTACTS}/search`, idempotent: true,
      json: { filterGroups: request.filterGroups ?? [], properties: [...request.properties], limit: request.limit ?? 100, after: request.after ?? '0', sorts: request.sorts ?? [] },
    });
    const body = parse('contacts.search', res, ObjectPageSchema);
    return { contacts: body.results, nextAfter: body.paging?.next?.after, total: body.total };
  }

  /** CRM search over tasks (same limits as contacts search): the effectiveness job's completed follow-ups. */
  async searchTasks(portalId: number, request: { filterGroups: unknown[]; properties: readonly string[]; limit: number; after?: string }): Promise<ContactPage & { total: number | undefined }> {
    const res = await this.send(portalId, { operation: 'tasks.search', method: 'POST', path: `${TASKS}/search`, idempotent: true, json: { ...request, after: request.after ?? '0', sorts: ['hs_object_id'] } });
    const body = parse('tasks.search', res, ObjectPageSchema);
    return { contacts: body.results, nextAfter: body.paging?.next?.after, total: body.total };
  }

  /** One page (≤100) of all contacts in id order, resumable from `after` (backfill). */
  async listContactsPage(portalId: number, opts: { after?: string; limit?: number; properties?: readonly string[] } = {}): Promise<ContactPage> {
    const res = await this.send(portalId, {
      operation: 'contacts.list', method: 'GET', path: CONTACTS, idempotent: true,
      query: { limit: opts.limit ?? 100, after: opts.after, properties: opts.properties, archived: false },
    });
    const body = parse('contacts.list', res, ObjectPageSchema);
    return { contacts: body.results, nextAfter: body.paging?.next?.after };
  }

  /** Creates a follow-up task associated with the contact; resolves with the task id. Not retried (not idempotent). */
  async createTask(portalId: number, task: FollowUpTaskInput): Promise<string> {
    const res = await this.send(portalId, { operation: 'tasks.create', method: 'POST', path: TASKS, idempotent: false, json: taskInput(task) });
    const id = (res.body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw new HubSpotApiError(HUBSPOT_ERROR_CODES.badResponse, 'tasks.create', { status: res.status }, { retryable: false });
    return id;
  }

  /**
   * Creates ≤100 follow-up tasks in one call; resolves with contact id → task id for the tasks
   * HubSpot created. Each input carries the contact id as a unique `objectWriteTraceId`, which
   * enables multi-status answers (a 207 leaves the refused ones out instead of refusing all) and
   * is echoed on the results; results are matched to inputs by it, or by content, never by
   * position (task-results.ts).
   */
  async batchCreateTasks(portalId: number, tasks: readonly FollowUpTaskInput[]): Promise<Map<string, string>> {
    assertBatchSize(tasks.length);
    if (tasks.length === 0) return new Map();
    const inputs = tasks.map((t) => ({ ...taskInput(t), objectWriteTraceId: t.contactId }));
    const res = await this.send(portalId, { operation: 'tasks.batch_create', method: 'POST', path: `${TASKS}/batch/create`, idempotent: false, json: { inputs } });
    const body = parse('tasks.batch_create', res, BatchResponseSchema);
    return matchCreatedTasks(inputs.map((i) => ({ contactId: i.objectWriteTraceId, properties: i.properties })), body.results);
  }

  /**
   * Updates ≤100 tasks in one call (subject, priority, due, status): a re-score of the same
   * inquiry changes its task rather than adding one. Resolves with the ids HubSpot updated (a 207
   * leaves refused or deleted ones out). Idempotent: sending the same values twice is harmless.
   */
  async batchUpdateTasks(portalId: number, inputs: ReadonlyArray<{ id: string; properties: Readonly<Record<string, string>> }>): Promise<string[]> {
    assertBatchSize(inputs.length);
    if (inputs.length === 0) return [];
    const res = await this.send(portalId, {
      operation: 'tasks.batch_update', method: 'POST', path: `${TASKS}/batch/update`, idempotent: true,
      json: { inputs: inputs.map((i) => ({ id: i.id, properties: { ...i.properties } })) },
    });
    return parse('tasks.batch_update', res, BatchResponseSchema).results.map((r) => r.id);
  }

  /** Ids of the tasks associated with a contact (GET contact `?associations=tasks`). */
  async listContactTaskIds(portalId: number, contactId: string): Promise<string[]> {
    const res = await this.send(portalId, {
      operation: 'contacts.get_task_associations', method: 'GET', path: `${CONTACTS}/${encodeURIComponent(contactId)}`, idempotent: true,
      query: { associations: ['tasks'], properties: ['hs_object_id'] },
    });
    return parse('contacts.get_task_associations', res, ContactTaskAssociationsSchema).associations?.tasks?.results.map((r) => r.id) ?? [];
  }

  /** Reads ≤100 tasks with the named properties. */
  async batchReadTasks(portalId: number, ids: readonly string[], properties: readonly string[]): Promise<SimplePublicObject[]> {
    assertBatchSize(ids.length);
    if (ids.length === 0) return [];
    const res = await this.send(portalId, {
      operation: 'tasks.batch_read', method: 'POST', path: `${TASKS}/batch/read`, idempotent: true,
      json: { inputs: ids.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] },
    });
    return parse('tasks.batch_read', res, BatchResponseSchema).results;
  }

  /** Every active owner of the portal (all pages). */
  async listOwners(portalId: number): Promise<HubSpotOwner[]> {
    const owners: HubSpotOwner[] = [];
    let after: string | undefined;
    do {
      const res = await this.send(portalId, { operation: 'owners.list', method: 'GET', path: '/crm/owners/2026-03', query: { limit: 100, after, archived: false }, idempotent: true });
      const body = parse('owners.list', res, OwnerPageSchema);
      owners.push(...body.results.filter((o) => !o.archived).map(({ archived: _archived, teams, ...o }) => ({ ...o, email: o.email, userId: o.userId, teams: (teams ?? []).map((t) => ({ ...t, primary: t.primary === true })) })));
      after = body.paging?.next?.after;
    } while (after);
    return owners;
  }

  /** DELETE /appinstalls/2026-03/external-install: CareQual uninstalls itself from the portal. */
  async uninstallApp(portalId: number): Promise<void> {
    await this.send(portalId, { operation: 'appinstalls.uninstall', method: 'DELETE', path: '/appinstalls/2026-03/external-install', idempotent: true });
  }

  /**
   * Sends with the portal's token. Tokens are refreshed ahead of expiry, so a 401 is the
   * exception (a token HubSpot expired or revoked early): then one refresh and one retry —
   * safe for any request, since HubSpot did not act on the refused one. A second 401 is thrown.
   */
  private async send(portalId: number, req: HubSpotRequest) {
    const bearer = await this.tokens.getAccessToken(portalId);
    try {
      return await this.http.send<unknown>({ ...req, bearer });
    } catch (error) {
      if (!(error instanceof HubSpotApiError && error.code === HUBSPOT_ERROR_CODES.unauthorized) || !this.tokens.refreshRejectedToken) throw error;
      const fresh = await this.tokens.refreshRejectedToken(portalId, bearer);
      return this.http.send<unknown>({ ...req, bearer: fresh });
    }
  }

  private async createOrExists(portalId: number, req: HubSpotRequest): Promise<'created' | 'exists'> {
    try {
      await this.send(portalId, req);
      return 'created';
    } catch (error) {
      if (error instanceof HubSpotApiError && error.code === HUBSPOT_ERROR_CODES.conflict) return 'exists';
      throw error;
    }
  }
}

function taskInput(task: FollowUpTaskInput) {
  const properties: Record<string, string> = {
    hs_timestamp: task.dueAt.toISOString(), hs_task_subject: task.subject, hs_task_status: 'NOT_STARTED',
    hs_task_type: 'CALL', hs_task_priority: task.priority ?? 'HIGH',
  };
  if (task.body !== undefined) properties.hs_task_body = task.body;
  if (task.ownerId !== undefined) properties.hubspot_owner_id = task.ownerId;
  return { properties, associations: [{ to: { id: task.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT_ASSOCIATION_TYPE_ID }] }] };
}

function toRecordFailures(error: BatchError): BatchRecordFailure[] {
  const code = error.category === 'OBJECT_NOT_FOUND' ? HUBSPOT_ERROR_CODES.notFound : HUBSPOT_ERROR_CODES.validation;
  const propertyNames = [...new Set([...(error.context?.propertyName ?? []), ...(error.errors ?? []).flatMap((e) => (e.in ? [e.in] : []))])];
  return (error.context?.ids ?? []).map((id) => ({ id, category: error.category, code, propertyNames }));
}

function assertBatchSize(n: number): void {
  if (n > MAX_BATCH_INPUTS) throw new RangeError(`HubSpot batch endpoints take at most ${MAX_BATCH_INPUTS} inputs, got ${n}`);
}
