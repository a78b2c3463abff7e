import type { CrmRecord, HistoryEntry, ObjectType } from './crm-types';
import { DEFAULT_READ_PROPERTIES } from './standard-properties';

/** HubSpot's `SimplePublicObject` (plus `associations` when asked for). */
export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, HistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
  /** Batch create: the input's `objectWriteTraceId`, echoed so callers can match results to inputs. */
  objectWriteTraceId?: string;
}

/** Association type labels HubSpot reports on reads (`task_to_contact`, …). */
const ASSOCIATION_LABEL: Record<string, string> = { 'tasks>contacts': 'task_to_contact', 'contacts>tasks': 'contact_to_task' };

/**
 * Serializes a record the way HubSpot's reads do: the requested properties (or the type's
 * defaults) with `null` for those without a value — the live API sends null even though
 * the published schema says string — and history only for `propertiesWithHistory`.
 */
export function toPublicObject(record: CrmRecord, opts: { properties?: string[]; propertiesWithHistory?: string[]; associations?: string[] } = {}): PublicObject {
  const names = opts.properties && opts.properties.length > 0 ? opts.properties : DEFAULT_READ_PROPERTIES[record.objectType] ?? [];
  const properties: Record<string, string | null> = {};
  for (const name of names) {
    const value = record.properties.get(name);
    properties[name] = value === undefined || value === '' ? null : value;
  }
  const result: PublicObject = {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
    archived: record.archived,
  };
  if (record.archivedAtMs !== undefined) result.archivedAt = new Date(record.archivedAtMs).toISOString();
  if (opts.propertiesWithHistory && opts.propertiesWithHistory.length > 0) {
    result.propertiesWithHistory = {};
    for (const name of opts.propertiesWithHistory) {
      const history = record.history.get(name);
      if (history) result.propertiesWithHistory[name] = history.map((h) => ({ ...h }));
    }
  }
  if (opts.associations && opts.associations.length > 0) {
    const associations: NonNullable<PublicObject['associations']> = {};
    for (const toType of opts.associations) {
      const ids = record.associations.get(toType);
      if (!ids || ids.size === 0) continue;
      const type = ASSOCIATION_LABEL[`${record.objectType}>${toType}`] ?? `${singular(record.objectType)}_to_${singular(toType)}`;
      associations[toType] = { results: [...ids].map((id) => ({ id, type })) };
    }
    result.associations = associations;
  }
  return result;
}

function singular(type: ObjectType | string): string {
  return type.endsWith('s') ? type.slice(0, -1) : type;
}

/** The in-process view of a record: every property and its full history. */
export function toRecordSnapshot(record: CrmRecord): { id: string; archived: boolean; properties: Record<string, string>; history: Record<string, HistoryEntry[]>; associations: Record<string, string[]> } {
  return {
    id: record.id,
    archived: record.archived,
    properties: Object.fromEntries(record.properties),
    history: Object.fromEntries([...record.history].map(([k, v]) => [k, v.map((h) => ({ ...h }))])),
    associations: Object.fromEntries([...record.associations].map(([k, v]) => [k, [...v]])),
  };
}
