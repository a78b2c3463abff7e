import { randomUUID } from 'node:crypto';
import { validationError } from '../hubspot-errors';
import type { CrmRecord, ObjectType, Portal } from '../state/crm-types';
import type { PublicObject } from '../state/public-object';

/** HubSpot's batch endpoints take at most 100 inputs. */
export const MAX_BATCH_INPUTS = 100;

const OBJECT_TYPES: Record<string, ObjectType> = { contacts: 'contacts', contact: 'contacts', '0-1': 'contacts', tasks: 'tasks', task: 'tasks', '0-27': 'tasks' };

/** Maps a path's object type (`contacts`, `0-1`, …) to the store's type; 400 if unknown. */
export function resolveObjectType(param: unknown): ObjectType {
  const type = OBJECT_TYPES[String(param).toLowerCase()];
  if (!type) throw validationError(`Unable to infer object type from: ${String(param)}`);
  return type;
}

/** A query parameter given as `a,b` or repeated `a&a`, as a list. */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** A body list of strings (`properties`, `propertiesWithHistory`). */
export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** `inputs` of a batch body: required, an array, at most 100 entries (else 400 VALIDATION_ERROR). */
export function batchInputs<T = Record<string, unknown>>(body: unknown): T[] {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array.');
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw validationError(`Batch input limit exceeded: ${inputs.length} inputs given, at most ${MAX_BATCH_INPUTS} are allowed.`, {
      context: { inputs: [String(inputs.length)] },
    });
  }
  return inputs as T[];
}

/** One entry of a batch answer's `errors` (HubSpot's `StandardError`). */
export interface BatchError { status: 'error'; category: string; message: string; context: Record<string, string[]>; errors: { message: string; in?: string; code?: string }[]; links: Record<string, string>; id?: string }

/** A batch entry error, e.g. OBJECT_NOT_FOUND for ids that do not exist. */
export function batchError(category: string, message: string, context: Record<string, string[]>, details: BatchError['errors'] = []): BatchError {
  return { status: 'error', category, message, context, errors: details, links: {} };
}

/** Builds a batch answer: 200/201 when every input succeeded, 207 with `errors` otherwise. */
export function batchAnswer(results: PublicObject[], errors: BatchError[], startedAt: string, completedAt: string, okStatus: 200 | 201): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt };
  if (errors.length === 0) return { status: okStatus, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}

/** Association type ids HubSpot defines between the types served here. */
const ASSOCIATION_TYPES: Record<number, [ObjectType, ObjectType]> = { 204: ['tasks', 'contacts'], 203: ['contacts', 'tasks'] };

/** Parsed `associations` of a create input. */
export type AssociationInput = { toType: ObjectType; toId: string }[];

/** Validates `associations` ([{ to: { id }, types: [{ associationCategory, associationTypeId }] }]). */
export function parseAssociations(portal: Portal, fromType: ObjectType, raw: unknown): AssociationInput {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "associations" must be an array.');
  return raw.flatMap((a: { to?: { id?: unknown }; types?: { associationCategory?: string; associationTypeId?: number }[] }) => {
    const toId = String(a?.to?.id ?? '');
    return (a?.types ?? []).map((t) => {
      const pair = ASSOCIATION_TYPES[Number(t?.associationTypeId)];
      if (!pair || pair[0] !== fromType || t?.associationCategory !== 'HUBSPOT_DEFINED') {
        throw validationError(`invalid association type ${String(t?.associationCategory)}/${String(t?.associationTypeId)} from ${fromType}`);
      }
      const target = portal.objects[pair[1]].get(portal.mergedInto.get(toId) ?? toId);
      if (!target || target.archived) throw validationError(`${pair[1]} ${toId} is not valid: it does not exist.`, { context: { ids: [toId] } });
      return { toType: pair[1], toId: target.id };
    });
  });
}

/** Links a new record to its targets, in both directions. */
export function applyAssociations(portal: Portal, record: CrmRecord, associations: AssociationInput): void {
  for (const { toType, toId } of associations) {
    link(record, toType, toId);
    const target = portal.objects[toType].get(toId);
    if (target) link(target, record.objectType, record.id);
  }
}

function link(record: CrmRecord, toType: string, toId: string): void {
  const ids = record.associations.get(toType) ?? new Set<string>();
  ids.add(toId);
  record.associations.set(toType, ids);
}

/** The properties a write answer shows: those written plus the modification stamps. */
export function writtenProperties(type: ObjectType, written: Iterable<string>, created: boolean): string[] {
  const stamps = type === 'contacts'
    ? ['hs_object_id', 'lastmodifieddate', 'hs_lastmodifieddate', ...(created ? ['createdate'] : [])]
    : ['hs_object_id', 'hs_lastmodifieddate', ...(created ? ['hs_createdate'] : [])];
  return [...new Set([...written, ...stamps])];
}

/** A fresh `objectWriteTraceId`-style id, for logs. */
export const traceId = (): string => randomUUID();
