import type { ContactId, TenantId } from './ids';
import { AppError } from '../errors';
import type { QualificationResult, TaskPriority, Wording } from '../../core';

/**
 * What the app needs from a tenant's CRM, in domain terms (the CrmGateway port). The HubSpot
 * adapter (src/adapters/hubspot/hubspot-crm.adapter.ts) handles tokens, the date-versioned paths
 * and error mapping (AppError codes `hubspot.*`); a second CRM would be a second adapter.
 */

export interface ContactSnapshot {
  id: ContactId;
  /** Only the properties asked for; HubSpot returns null for empty ones. */
  properties: Readonly<Record<string, string | null | undefined>>;
}

export interface ContactBatchRead {
  found: ContactSnapshot[];
  /** Ids HubSpot no longer has (deleted or merged away). */
  missingIds: ContactId[];
}

export interface ContactUpdate {
  id: ContactId;
  properties: Record<string, string>;
}

export interface ContactWriteFailure {
  id: ContactId;
  /** HubSpot's error category, e.g. VALIDATION_ERROR. */
  category: string;
  /** Our stable code, e.g. 'hubspot.validation_error'. */
  code: string;
  /** The properties HubSpot named as refused, when it named any (names, never values). */
  propertyNames?: readonly string[];
}

/**
 * HubSpot refused a whole batch write (400): one or more of its records is invalid and NOTHING
 * of the batch was applied (DESIGN.md §3). It says which properties and why (codes), but the
 * caller cannot rely on it naming the record, so it isolates the record by splitting the batch.
 * Carries names and codes only: HubSpot's message can quote the submitted values.
 */
export class ContactBatchRejectedError extends AppError {
  constructor(
    /** Our stable code: hubspot.not_found when the refusal was an unknown id, else hubspot.validation_error. */
    code: string,
    /** HubSpot's category, e.g. VALIDATION_ERROR. */
    readonly category: string,
    /** Properties HubSpot named in its refusal. */
    readonly propertyNames: readonly string[],
    opts: { correlationId?: string; errorCodes?: readonly string[] } = {},
  ) {
    super(code, `HubSpot refused the whole batch write (${category}${opts.correlationId ? `, correlationId ${opts.correlationId}` : ''})`, { retryable: false });
    this.name = 'ContactBatchRejectedError';
    this.errorCodes = opts.errorCodes ?? [];
  }

  /** HubSpot's per-error codes (INVALID_OPTION, OBJECT_NOT_FOUND, PROPERTY_DOESNT_EXIST, …). */
  readonly errorCodes: readonly string[];
}

export interface ContactBatchWrite {
  writtenIds: ContactId[];
  failed: ContactWriteFailure[];
}

/** HubSpot task priorities CareQual sets (one definition, with the task wording). */
export type FollowUpPriority = TaskPriority;

export interface FollowUpTaskInput {
  contactId: ContactId;
  subject: string;
  body: string;
  dueAt: Date;
  priority: FollowUpPriority;
  ownerId?: string;
}

/**
 * A change to a task CareQual created: new subject, priority and due time, and a status when it
 * is completed (no call needed any more) or reopened. The owner is never sent: whoever holds the
 * task keeps it.
 */
export interface FollowUpTaskChange {
  taskId: string;
  subject: string;
  priority: FollowUpPriority;
  dueAt: Date;
  status?: 'COMPLETED' | 'NOT_STARTED';
}

/**
 * How the CRM holds a qualification result on a contact (CareQual's result properties, DESIGN.md
 * §4): the adapter's encoding. The qualify use case reads these properties back with the contact
 * and writes only what changed.
 */
export interface ResultEncoding {
  /** Every property a result is written to. */
  readonly propertyNames: readonly string[];
  /** Those whose value follows from the moment of scoring, not from the contact: a change to them alone is not written. */
  readonly timeDerivedNames: readonly string[];
  /** The property values for a result, worded for the tenant's data mode ('' clears a value). */
  encode(result: QualificationResult, now: Date, wording: Wording): Readonly<Record<string, string>>;
  /** The respond-by an earlier result left on the contact (null: none). */
  readRespondBy(properties: ContactSnapshot['properties']): Date | null;
}

export interface CrmGateway {
  /** How this CRM stores a result on a contact. */
  readonly results: ResultEncoding;
  /** One batch read of ≤100 contacts with exactly the named properties. */
  batchReadContacts(portalId: TenantId, contactIds: readonly ContactId[], propertyNames: readonly string[]): Promise<ContactBatchRead>;
  /**
   * One batch update of ≤100 contacts with distinct ids; per-record failures are reported, not
   * thrown (207). A batch HubSpot refuses whole throws {@link ContactBatchRejectedError}.
   */
  batchUpdateContacts(portalId: TenantId, updates: readonly ContactUpdate[]): Promise<ContactBatchWrite>;
  /** Creates tasks associated with their contacts; returns the HubSpot task id per contact. */
  createFollowUpTasks(portalId: TenantId, tasks: readonly FollowUpTaskInput[]): Promise<Map<ContactId, string>>;
  /** Updates ≤100 CareQual tasks in one call; resolves with the ids HubSpot updated. */
  updateFollowUpTasks(portalId: TenantId, changes: readonly FollowUpTaskChange[]): Promise<Set<string>>;
  /**
   * Of the given contacts, those that already have a task whose subject starts with
   * `subjectPrefix` (contact id → task id). Costs one call per contact plus one: only for
   * follow-ups whose creation was interrupted, to tell "created, answer lost" from "never sent".
   */
  findFollowUpTasks(portalId: TenantId, contactIds: readonly ContactId[], subjectPrefix: string): Promise<Map<ContactId, string>>;
  /**
   * One page (≤100) of the portal's contacts with exactly the named properties, for backfills and
   * re-scores: the list call returns what the criteria need, so no batch read follows it.
   */
  listContacts(portalId: TenantId, propertyNames: readonly string[], after?: string): Promise<{ contacts: ContactSnapshot[]; after?: string }>;
  /**
   * Up to `limit` (≤200, one search page) of the portal's most recently created contacts with
   * only the named properties: the sample a criteria simulation scores in memory.
   */
  sampleRecentContacts(portalId: TenantId, propertyNames: readonly string[], limit: number): Promise<ContactSnapshot[]>;
  /** The portal's visible contact properties (sensitive ones included), sorted by label: the mapping picker's choices. */
  listContactProperties(portalId: TenantId): Promise<ContactPropertyOption[]>;
  /** The portal's active HubSpot users who can own records, with their teams: the follow-up owner picker's choices. */
  listOwners(portalId: TenantId): Promise<PortalOwnerOption[]>;
}

/** A HubSpot owner (a user who can be assigned tasks) as the owner picker offers it: staff, never patients. */
export interface PortalOwnerOption {
  id: string;
  name: string;
  /** The HubSpot user behind the owner (what console sign-in and audit actors carry); absent for a queue. */
  userId?: string;
  email?: string;
  teams: Array<{ id: string; name: string; primary: boolean }>;
}

/** A contact property as the criteria editor's field-mapping picker offers it. */
export interface ContactPropertyOption {
  name: string;
  label: string;
  type: string;
}

