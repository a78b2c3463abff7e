import { contactId, type ContactId, type TenantId } from '../../src/app/ports/ids';
import { AppError } from '../../src/app/errors';
import type { AuditEntryInput, AuditLog } from '../../src/app/ports/audit-log.port';
import { ContactBatchRejectedError, type ContactBatchWrite, type ContactUpdate, type FollowUpTaskChange, type FollowUpTaskInput, type CrmGateway, type PortalOwnerOption } from '../../src/app/ports/crm-gateway.port';
import type { DataMode } from '../../src/core';
import { HUBSPOT_RESULT_ENCODING } from '../../src/adapters/hubspot/carequal-values';
import type { CallBudget, FollowUpTaskState, FollowUpTaskStore, RecheckScheduler, RecordedFollowUp } from '../../src/app/ports/pipeline.port';
import type { InstallationDirectory, InstallationStatus, PublishedCriteria, PublishedCriteriaReader } from '../../src/app/ports/tenancy.port';
import { criteriaHash, type Criteria } from '../../src/core';

/**
 * An in-memory HubSpot CRM for use-case tests: contacts by portal, tasks, call log, injectable
 * failures. Batch updates behave as HubSpot's: a batch naming an id twice, or holding a record
 * in `rejectWrites`, is refused whole (ContactBatchRejectedError) and nothing of it is written.
 */
export class InMemoryCrm implements CrmGateway {
  /** HubSpot's encoding of results: the fake stores what HubSpot would. */
  readonly results = HUBSPOT_RESULT_ENCODING;
  readonly contacts = new Map<string, Record<string, string | null>>();
  readonly tasks: (FollowUpTaskInput & { portalId: TenantId; id: string; status: string })[] = [];
  readonly calls: string[] = [];
  /** Records HubSpot refuses, with the property its refusal names. */
  rejectWrites = new Map<string, { category: string; code: string; propertyNames?: string[] }>();
  /** Merged-away id → surviving id: a read of either returns the survivor (as HubSpot does). */
  readonly mergedInto = new Map<string, string>();
  failNextTaskCreation = false;
  /** The error code of that failure: hubspot.unavailable (no answer or 5xx: outcome unknown) or a refusal such as hubspot.rate_limited. */
  taskFailureCode = 'hubspot.unavailable';
  /** The next task call creates its tasks in HubSpot but its answer is lost (a timeout after the work was done). */
  loseNextTaskAnswer = false;
  /** The contact property names every portal has; `failPropertyList` makes listing them fail (HubSpot down). */
  propertyNames: string[] = [];
  failPropertyList = false;

  add(portalId: TenantId, id: string, properties: Record<string, string | null>): void {
    this.contacts.set(`${portalId}:${id}`, { ...properties });
  }
  get(portalId: TenantId, id: string): Record<string, string | null> | undefined {
    return this.contacts.get(`${portalId}:${id}`);
  }
  async batchReadContacts(portalId: TenantId, ids: readonly ContactId[], names: readonly string[]) {
    this.calls.push(`read:${portalId}:${ids.length}`);
    const found = [];
    const missingIds = [];
    for (const asked of ids) {
      const id = contactId(this.mergedInto.get(asked) ?? asked);
      const props = this.get(portalId, id);
      if (!props) missingIds.push(asked);
      else found.push({ id, properties: Object.fromEntries(names.map((n) => [n, props[n] ?? null])) });
    }
    return { found, missingIds };
  }
  async batchUpdateContacts(portalId: TenantId, updates: readonly ContactUpdate[]): Promise<ContactBatchWrite> {
    this.calls.push(`write:${portalId}:${updates.length}`);
    const ids = updates.map((u) => u.id);
    if (new Set(ids).size !== ids.length) throw new ContactBatchRejectedError('hubspot.validation_error', 'VALIDATION_ERROR', []);
    const refused = ids.map((id) => this.rejectWrites.get(id)).find(Boolean);
    if (refused) throw new ContactBatchRejectedError(refused.code, refused.category, refused.propertyNames ?? []);
    for (const u of updates) Object.assign(this.get(portalId, u.id)!, u.properties);
    return { writtenIds: ids, failed: [] };
  }
  async createFollowUpTasks(portalId: TenantId, tasks: readonly FollowUpTaskInput[]) {
    this.calls.push(`tasks:${portalId}:${tasks.length}`);
    if (this.failNextTaskCreation) {
      this.failNextTaskCreation = false;
      throw new AppError(this.taskFailureCode, 'HubSpot answered with an error', { retryable: true });
    }
    const loseAnswer = this.loseNextTaskAnswer;
    this.loseNextTaskAnswer = false;
    const created = new Map<ContactId, string>();
    for (const t of tasks) {
      const id = String(9000 + this.tasks.length);
      this.tasks.push({ ...t, portalId, id, status: 'NOT_STARTED' });
      created.set(t.contactId, id);
    }
    if (loseAnswer) throw new AppError('hubspot.unavailable', 'HubSpot did not answer in time', { retryable: true });
    return created;
  }
  async updateFollowUpTasks(portalId: TenantId, changes: readonly FollowUpTaskChange[]) {
    this.calls.push(`update-tasks:${portalId}:${changes.length}`);
    const updated = new Set<string>();
    for (const c of changes) {
      const task = this.tasks.find((t) => t.portalId === portalId && t.id === c.taskId);
      if (!task) continue;
      Object.assign(task, { subject: c.subject, priority: c.priority, dueAt: c.dueAt }, c.status ? { status: c.status } : {});
      updated.add(c.taskId);
    }
    return updated;
  }
  /** Tasks not completed, per portal. */
  openTasks(portalId: TenantId) {
    return this.tasks.filter((t) => t.portalId === portalId && t.status !== 'COMPLETED');
  }
  async findFollowUpTasks(portalId: TenantId, contactIds: readonly ContactId[], subjectPrefix: string) {
    this.calls.push(`find-tasks:${portalId}:${contactIds.length}`);
    const found = new Map<ContactId, string>();
    for (const t of this.tasks) if (t.portalId === portalId && contactIds.includes(t.contactId) && t.subject.startsWith(subjectPrefix)) found.set(t.contactId, t.id);
    return found;
  }
  async sampleRecentContacts(portalId: TenantId, names: readonly string[], limit: number) {
    this.calls.push(`search:${portalId}:${limit}`);
    const prefix = `${portalId}:`;
    const ids = [...this.contacts.keys()].filter((k) => k.startsWith(prefix)).map((k) => contactId(k.slice(prefix.length))).reverse().slice(0, limit);
    return ids.map((id) => ({ id, properties: Object.fromEntries(names.map((n) => [n, this.get(portalId, id)![n] ?? null])) }));
  }
  async listContactProperties(portalId: TenantId) {
    this.calls.push(`properties:${portalId}`);
    if (this.failPropertyList) throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true });
    return this.propertyNames.map((name) => ({ name, label: name, type: 'string' }));
  }
  owners: PortalOwnerOption[] = [];
  async listOwners(portalId: TenantId) {
    this.calls.push(`owners:${portalId}`);
    return this.owners;
  }
  async listContacts(portalId: TenantId, names: readonly string[], after?: string) {
    this.calls.push(`list:${portalId}`);
    const ids = [...this.contacts.keys()].filter((k) => k.startsWith(`${portalId}:`)).map((k) => contactId(k.split(':')[1]!)).sort();
    const start = after ? ids.findIndex((id) => id === after) + 1 : 0;
    const page = ids.slice(start, start + 100);
    const contacts = page.map((id) => ({ id, properties: Object.fromEntries(names.map((n) => [n, this.get(portalId, id)![n] ?? null])) }));
    return { contacts, after: start + 100 < ids.length ? page[page.length - 1] : undefined };
  }
}

export class RecordingAuditLog implements AuditLog {
  readonly entries: AuditEntryInput[] = [];
  async append(entries: readonly AuditEntryInput[]) {
    this.entries.push(...entries);
  }
  actions(): string[] {
    return this.entries.map((e) => `${e.action}:${e.objectId ?? ''}${e.outcome === 'failure' ? `:${e.errorCode}` : ''}`);
  }
}

export class InMemoryFollowUps implements FollowUpTaskStore {
  readonly slots = new Map<string, string | null>();
  /** When each slot was (re)claimed, on this store's own clock (tests move `nowMs`). */
  readonly claimedAt = new Map<string, number>();
  nowMs = 0;
  private rotation = new Map<number, number>();
  async claim(p: number, c: string, h: string) {
    const key = `${p}:${c}:${h}`;
    if (this.slots.has(key)) return false;
    this.slots.set(key, null);
    this.claimedAt.set(key, this.nowMs);
    return true;
  }
  async reclaimIfStale(p: number, c: string, h: string, leaseMs: number) {
    const key = `${p}:${c}:${h}`;
    if (this.slots.get(key)) return 'done' as const;
    const age = this.nowMs - (this.claimedAt.get(key) ?? this.nowMs);
    if (age < leaseMs) return { pendingForMs: leaseMs - age };
    this.claimedAt.set(key, this.nowMs);
    return 'reclaimed' as const;
  }
  /** What was recorded per slot key, with the order it was last touched in. */
  readonly states = new Map<string, FollowUpTaskState & { seq: number }>();
  private seq = 0;
  async recordCreated(p: number, c: string, h: string, taskId: string, _owner: string | undefined, state: FollowUpTaskState) {
    this.slots.set(`${p}:${c}:${h}`, taskId);
    this.states.set(`${p}:${c}:${h}`, { ...state, seq: ++this.seq });
  }
  async listLatestTasks(p: number, contactIds: readonly ContactId[]) {
    const latest = new Map<ContactId, RecordedFollowUp & { seq: number }>();
    for (const [key, state] of this.states) {
      const [portal, contact, ...rest] = key.split(':');
      const id = contactId(contact!);
      const taskId = this.slots.get(key);
      if (Number(portal) !== p || !contactIds.includes(id) || !taskId) continue;
      const prev = latest.get(id);
      const better = !prev || (state.open && !prev.open) || (state.open === prev.open && state.seq > prev.seq);
      if (better) latest.set(id, { ...state, contactId: id, inquiryKey: rest.join(':'), taskId });
    }
    return new Map([...latest].map(([k, { seq: _seq, ...v }]) => [k, v]));
  }
  async recordUpdated(p: number, c: string, from: string, to: string, state: FollowUpTaskState) {
    const taskId = this.slots.get(`${p}:${c}:${from}`) ?? null;
    this.slots.delete(`${p}:${c}:${from}`);
    this.states.delete(`${p}:${c}:${from}`);
    this.slots.set(`${p}:${c}:${to}`, taskId);
    this.states.set(`${p}:${c}:${to}`, { ...state, seq: ++this.seq });
  }
  async release(p: number, c: string, h: string) {
    if (this.slots.get(`${p}:${c}:${h}`) === null) this.slots.delete(`${p}:${c}:${h}`);
  }
  async nextOwner(p: number, owners: readonly string[]) {
    if (!owners.length) return undefined;
    const i = this.rotation.get(p) ?? 0;
    this.rotation.set(p, i + 1);
    return owners[i % owners.length];
  }
}

export class StaticTenancy implements Pick<InstallationDirectory, 'tryGetStatus' | 'tryGetDataMode'>, PublishedCriteriaReader {
  readonly statuses = new Map<number, InstallationStatus>();
  readonly published = new Map<number, PublishedCriteria>();
  readonly dataModes = new Map<number, DataMode>();
  /** Installs the portal; its data mode is sensitive (an Enterprise portal with Sensitive Data) unless given. */
  install(portalId: TenantId, criteria: Criteria, version = 1, dataMode: DataMode = 'sensitive'): void {
    this.statuses.set(portalId, 'active');
    this.published.set(portalId, { portalId, version, hash: criteriaHash(criteria), criteria });
    this.dataModes.set(portalId, dataMode);
  }
  async tryGetDataMode(portalId: TenantId) {
    return this.dataModes.get(portalId);
  }
  async tryGetStatus(portalId: TenantId) {
    return this.statuses.get(portalId);
  }
  async tryGetPublished(portalId: TenantId) {
    return this.published.get(portalId);
  }
}

export class CountingBudget implements CallBudget {
  spent = 0;
  exhausted = false;
  async reserve(_portalId: number, cost: number) {
    if (this.exhausted) throw new AppError('hubspot.budget_exhausted', 'no budget', { retryable: true, retryAfterMs: 1234 });
    this.spent += cost;
  }
  async refund(_portalId: number, calls: number) {
    this.spent -= calls;
  }
}

export class RecordingRechecks implements RecheckScheduler {
  readonly scheduled: { portalId: TenantId; contactId: string; at: Date }[] = [];
  async scheduleRechecks(portalId: TenantId, rechecks: readonly { contactId: string; at: Date }[]) {
    for (const { contactId, at } of rechecks) this.scheduled.push({ portalId, contactId, at });
  }
}
