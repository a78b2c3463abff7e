import type { SandboxClock } from '../clock';
import { HubSpotHttpError, buildErrorBody, notFoundError, validationError } from '../hubspot-errors';
import type { CrmChange, CrmRecord, ObjectType, Portal, PortalOptions, PortalOwner, PortalUser, ValidationVerdict, WriteSource } from './crm-types';
import { normalizePropertyValue, type PropertyValueProblem } from './property-values';
import { seedContactSchema, seedTaskSchema } from './standard-properties';

/** Properties the store maintains itself; a write naming them is refused as read-only. */
const SYSTEM_PROPERTIES = new Set(['hs_object_id', 'hs_lastmodifieddate', 'lastmodifieddate', 'hs_createdate']);

/**
 * All simulated HubSpot accounts and their CRM data. Routes and the control API both
 * write through here, so history, modification dates and change events stay consistent.
 */
export class CrmStore {
  readonly portals = new Map<number, Portal>();
  private nextId = 1001;
  private nextPortalId = 9_000_001;
  private nextUserId = 7_000_001;

  /**
   * Contacts by lower-cased email, across portals (record ids are unique store-wide): the unique-email
   * check and lookups by email without a scan of every contact — creating the benchmarks' 20,000
   * contacts was quadratic and took minutes.
   */
  private readonly contactsByEmail = new Map<string, Set<CrmRecord>>();

  constructor(private readonly clock: SandboxClock, private readonly onChange: (change: CrmChange) => void) {}

  /** Creates a portal seeded with HubSpot's default properties; its users become owners. */
  createPortal(opts: PortalOptions = {}): Portal {
    const portalId = opts.portalId ?? this.nextPortalId++;
    if (this.portals.has(portalId)) throw new Error(`portal ${portalId} already exists`);
    const nowIso = this.clock.isoNow();
    const users = (opts.users ?? [{ email: `admin@portal-${portalId}.example`, superAdmin: true }]).map((u): PortalUser => ({
      id: u.id ?? this.nextUserId++, email: u.email, superAdmin: u.superAdmin ?? false, ownerId: String(this.nextId++),
      marketplaceAccess: u.marketplaceAccess ?? false,
    }));
    const owners = users.map((u, i): PortalOwner => {
      const [local = 'user'] = u.email.split('@');
      const given = opts.users?.[i];
      return {
        id: u.ownerId, email: u.email, firstName: given?.firstName ?? local, lastName: given?.lastName ?? `User ${u.id}`, userId: u.id,
        createdAt: nowIso, updatedAt: nowIso, archived: false, type: 'PERSON', teams: given?.teams ?? [],
      };
    });
    const portal: Portal = {
      portalId, users, owners, mergedInto: new Map(),
      tier: opts.tier ?? 'enterprise', sensitiveData: opts.sensitiveData ?? true,
      objects: { contacts: new Map(), tasks: new Map() },
      schemas: { contacts: seedContactSchema(nowIso, { intakeFormFields: opts.intakeFormFields }), tasks: seedTaskSchema(nowIso) },
    };
    this.portals.set(portalId, portal);
    return portal;
  }

  /** The portal, or a 404-style error for the control API. */
  requirePortal(portalId: number): Portal {
    const portal = this.portals.get(portalId);
    if (!portal) throw notFoundError(`portal ${portalId} does not exist`);
    return portal;
  }

  /** Finds a live record by id (following merges) or by a unique property such as email. */
  findRecord(portal: Portal, type: ObjectType, id: string, idProperty?: string): CrmRecord | undefined {
    const records = portal.objects[type];
    if (type === 'contacts' && idProperty === 'email') {
      for (const record of this.contactsByEmail.get(id.toLowerCase()) ?? []) if (!record.archived && records.get(record.id) === record) return record;
      return undefined;
    }
    if (idProperty && idProperty !== 'hs_object_id') {
      const wanted = id.toLowerCase();
      return [...records.values()].find((r) => !r.archived && (r.properties.get(idProperty) ?? '').toLowerCase() === wanted);
    }
    const resolved = portal.mergedInto.get(id) ?? id;
    const record = records.get(resolved);
    return record && !record.archived ? record : undefined;
  }

  /**
   * Validates and normalizes a write: unknown properties (PROPERTY_DOESNT_EXIST), read-only
   * ones and invalid values are refused with HubSpot's 400 VALIDATION_ERROR body. The control
   * API may set read-only values (analytics, sources) as HubSpot itself does.
   */
  normalizeWrite(portal: Portal, type: ObjectType, input: unknown, opts: { allowReadOnly?: boolean } = {}): Map<string, string> {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw validationError('Invalid input JSON: "properties" must be an object of property names to string values.');
    }
    const defs = portal.schemas[type].properties;
    const problems: PropertyValueProblem[] = [];
    const values = new Map<string, string>();
    for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
      const def = defs.get(name);
      if (!def) problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      else if (SYSTEM_PROPERTIES.has(name) || (def.readOnlyValue && !opts.allowReadOnly && name !== 'createdate')) problems.push({ name, error: 'READ_ONLY_VALUE', message: `Property "${name}" is a read only property; its value cannot be set.` });
      else {
        const result = normalizePropertyValue(def, raw);
        if ('problem' in result) problems.push(result.problem);
        else values.set(name, result.value);
      }
    }
    if (problems.length > 0) throw propertyProblemsError(portal.portalId, problems);
    return values;
  }

  /** Runs the portal's own validation rule (if any) over a normalized write. */
  checkValidationRule(portal: Portal, type: ObjectType, objectId: string | undefined, values: Map<string, string>): ValidationVerdict | undefined {
    const verdict = portal.validationRule?.({ portalId: portal.portalId, objectType: type, objectId, properties: Object.fromEntries(values) });
    return typeof verdict === 'string' ? { message: verdict } : verdict;
  }

  /** Creates a record from an already-normalized write and emits creation + property changes. */
  createRecord(portal: Portal, type: ObjectType, values: Map<string, string>, source: WriteSource): CrmRecord {
    if (type === 'contacts') this.assertEmailFree(portal, values.get('email'));
    const nowMs = this.clock.now();
    const nowIso = new Date(nowMs).toISOString();
    const id = String(this.nextId++);
    const record: CrmRecord = {
      id, objectType: type, properties: new Map(), history: new Map(), createdAtMs: nowMs, updatedAtMs: nowMs,
      archived: false, associations: new Map(),
    };
    const system = type === 'contacts'
      ? { hs_object_id: id, createdate: values.get('createdate') || nowIso, lastmodifieddate: nowIso, hs_lastmodifieddate: nowIso, hs_object_source: source.sourceType, hs_object_source_id: source.sourceId ?? '' }
      : { hs_object_id: id, hs_createdate: nowIso, hs_lastmodifieddate: nowIso };
    for (const [name, value] of Object.entries(system)) this.setValue(record, name, value, source, nowIso);
    portal.objects[type].set(id, record);
    this.onChange({ kind: 'creation', portalId: portal.portalId, objectType: type, objectId: id, source });
    for (const [name, value] of values) {
      if (name === 'createdate' || value === '') continue;
      this.setValue(record, name, value, source, nowIso);
      this.onChange({ kind: 'propertyChange', portalId: portal.portalId, objectType: type, objectId: id, source, propertyName: name, propertyValue: value });
    }
    return record;
  }

  /** Applies a normalized write; only values that differ are recorded and announced. */
  updateRecord(portal: Portal, record: CrmRecord, values: Map<string, string>, source: WriteSource): string[] {
    if (record.objectType === 'contacts' && values.has('email') && values.get('email') !== record.properties.get('email')) {
      this.assertEmailFree(portal, values.get('email'), record.id);
    }
    const nowMs = this.clock.now();
    const nowIso = new Date(nowMs).toISOString();
    const changed: string[] = [];
    for (const [name, value] of values) {
      if ((record.properties.get(name) ?? '') === value) continue;
      this.setValue(record, name, value, source, nowIso);
      changed.push(name);
    }
    if (changed.length === 0) return changed;
    record.updatedAtMs = nowMs;
    for (const name of record.objectType === 'contacts' ? ['lastmodifieddate', 'hs_lastmodifieddate'] : ['hs_lastmodifieddate']) {
      this.setValue(record, name, nowIso, source, nowIso);
    }
    // HubSpot stamps a task's completion time when its status becomes COMPLETED (and clears it on reopening).
    if (record.objectType === 'tasks' && changed.includes('hs_task_status')) {
      this.setValue(record, 'hs_task_completion_date', values.get('hs_task_status') === 'COMPLETED' ? nowIso : '', source, nowIso);
    }
    for (const name of changed) {
      this.onChange({ kind: 'propertyChange', portalId: portal.portalId, objectType: record.objectType, objectId: record.id, source, propertyName: name, propertyValue: values.get(name) ?? '' });
    }
    return changed;
  }

  /** Archives (deletes) a record; `privacy` is a GDPR delete: values are wiped too. */
  archiveRecord(portal: Portal, record: CrmRecord, source: WriteSource, privacy = false): void {
    record.archived = true;
    record.archivedAtMs = this.clock.now();
    if (privacy) {
      portal.objects[record.objectType].delete(record.id);
      record.properties.clear();
      record.history.clear();
      this.onChange({ kind: 'privacyDeletion', portalId: portal.portalId, objectType: record.objectType, objectId: record.id, source });
    }
    // HubSpot fires contact.deletion for a privacy deletion as well.
    this.onChange({ kind: 'deletion', portalId: portal.portalId, objectType: record.objectType, objectId: record.id, source });
  }

  /** Merges `merged` into `primary` (HubSpot keeps the primary's id; the other id resolves to it). */
  mergeRecords(portal: Portal, primary: CrmRecord, merged: CrmRecord, source: WriteSource): CrmRecord {
    const nowIso = this.clock.isoNow();
    let moved = 0;
    for (const [name, value] of merged.properties) {
      if (SYSTEM_PROPERTIES.has(name) || name === 'createdate' || value === '' || (primary.properties.get(name) ?? '') !== '') continue;
      this.setValue(primary, name, value, source, nowIso);
      moved++;
    }
    const mergedIds = [...new Set([...(primary.properties.get('hs_merged_object_ids') ?? '').split(';').filter(Boolean), merged.id])];
    this.setValue(primary, 'hs_merged_object_ids', mergedIds.join(';'), source, nowIso);
    primary.updatedAtMs = this.clock.now();
    merged.archived = true;
    merged.archivedAtMs = this.clock.now();
    portal.mergedInto.set(merged.id, primary.id);
    for (const [oldId, target] of portal.mergedInto) if (target === merged.id) portal.mergedInto.set(oldId, primary.id);
    this.onChange({
      kind: 'merge', portalId: portal.portalId, objectType: primary.objectType, objectId: primary.id, source,
      primaryObjectId: primary.id, mergedObjectIds: [merged.id], newObjectId: primary.id, numberOfPropertiesMoved: moved,
    });
    return primary;
  }

  /** Forgets every portal (ids keep counting up so stale ids never alias new records). */
  reset(): void {
    this.portals.clear();
  }

  private setValue(record: CrmRecord, name: string, value: string, source: WriteSource, timestamp: string): void {
    if (record.objectType === 'contacts' && name === 'email') this.indexEmail(record, value);
    record.properties.set(name, value);
    const entry = { value, timestamp, sourceType: source.sourceType, ...(source.sourceId ? { sourceId: source.sourceId } : {}), ...(source.userId ? { updatedByUserId: source.userId } : {}) };
    record.history.set(name, [entry, ...(record.history.get(name) ?? [])]);
  }

  /** Keeps `contactsByEmail` in step with a contact's email (every property write comes through setValue). */
  private indexEmail(record: CrmRecord, email: string): void {
    const before = record.properties.get('email');
    if (before !== undefined) this.contactsByEmail.get(before.toLowerCase())?.delete(record);
    const key = email.toLowerCase();
    let holders = this.contactsByEmail.get(key);
    if (!holders) this.contactsByEmail.set(key, (holders = new Set()));
    holders.add(record);
  }

  /** 409 CONFLICT when another live contact has this email (HubSpot's unique contact email). */
  assertEmailFree(portal: Portal, email: string | undefined, exceptId?: string): void {
    if (!email) return;
    const existing = this.findRecord(portal, 'contacts', email, 'email');
    if (existing && existing.id !== exceptId) {
      throw new HubSpotHttpError(409, buildErrorBody('CONFLICT', `Contact already exists. Existing ID: ${existing.id}`));
    }
  }
}

/** HubSpot's 400 for invalid property values: one message listing every problem, as the live API words it. */
export function propertyProblemsError(portalId: number, problems: PropertyValueProblem[]): HubSpotHttpError {
  const listed = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message, portalId }));
  return validationError(`Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, in: p.name, context: { propertyName: [p.name] } })),
  });
}
