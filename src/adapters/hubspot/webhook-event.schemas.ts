import { contactId, tenantId, type ContactId } from '../../app/ports/ids';
import { z } from 'zod';
import { CONTACT_EVENT_KINDS, type ClassifiedEvent, type ContactEventKind } from '../../app/webhook-events';

/**
 * HubSpot webhook events, as HubSpot's webhooks documentation describes them: a delivery is a
 * JSON array of ≤100 such objects. Events name their type as `subscriptionType` (classic and
 * generic webhooks) or `eventType` (older/journal shapes): both are accepted. Generic
 * `object.*` events carry `objectTypeId` (`0-1` is the contact).
 *
 * `propertyValue` is deliberately NOT part of the schema: zod strips unknown keys, so a parsed
 * event cannot carry the value (PHI) into logs, job data or audit entries by accident.
 */

/**
 * A HubSpot numeric id as JSON gives it: a number, or a decimal string. Normalised to a string
 * by {@link idOf} after validation (no zod transform: this schema runs 50,000 times a second).
 */
const HubSpotIdSchema = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,19}$/)]);
type RawId = z.infer<typeof HubSpotIdSchema>;

const EpochMsSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const ShortText = z.string().max(256);

export const RawWebhookEventSchema = z.object({
  eventId: HubSpotIdSchema,
  subscriptionId: HubSpotIdSchema,
  portalId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).transform(tenantId),
  appId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  occurredAt: EpochMsSchema,
  attemptNumber: z.number().int().nonnegative().max(1000).optional(),
  subscriptionType: ShortText.optional(),
  eventType: ShortText.optional(),
  objectTypeId: ShortText.optional(),
  objectId: HubSpotIdSchema,
  propertyName: z.string().min(1).max(256).optional(),
  changeSource: ShortText.optional(),
  sourceId: z.union([ShortText, z.number()]).optional(),
  changeFlag: ShortText.optional(),
  mergedObjectIds: z.array(HubSpotIdSchema).max(1000).optional(),
  primaryObjectId: HubSpotIdSchema.optional(),
  newObjectId: HubSpotIdSchema.optional(),
  numberOfPropertiesMoved: z.number().int().nonnegative().optional(),
});
export type RawWebhookEvent = z.infer<typeof RawWebhookEventSchema>;

/** HubSpot's object type id of contacts in generic `object.*` events. */
export const CONTACT_OBJECT_TYPE_ID = '0-1';

const KNOWN_TYPE = new Set<string>(CONTACT_EVENT_KINDS);

/**
 * Validates one element of a delivery and sorts it into contact event / unsupported / malformed.
 * Never throws; the returned `type` is a bounded label (`unknown` when the input named none of ours).
 */
export function classifyWebhookEvent(input: unknown): ClassifiedEvent {
  const parsed = RawWebhookEventSchema.safeParse(input);
  if (!parsed.success) return { status: 'malformed', type: typeLabelOf(input) };
  const raw = parsed.data;
  const name = raw.subscriptionType ?? raw.eventType;
  if (!name) return { status: 'malformed', type: 'unknown' };
  const [objectName, kind] = splitType(name);
  const isContact = objectName === 'contact' || (objectName === 'object' && raw.objectTypeId === CONTACT_OBJECT_TYPE_ID);
  if (!isContact || !kind || !KNOWN_TYPE.has(kind)) return { status: 'unsupported', type: 'other' };
  const type = `contact.${kind as ContactEventKind}` as const;
  const portalId = raw.portalId;
  const subscriptionId = idOf(raw.subscriptionId);
  const eventId = idOf(raw.eventId);
  const objectId = contactIdOf(raw.objectId);
  const occurredAt = raw.occurredAt;
  switch (kind as ContactEventKind) {
    case 'propertyChange': {
      if (!raw.propertyName) return { status: 'malformed', type };
      const sourceId = raw.sourceId === undefined ? undefined : String(raw.sourceId);
      return { status: 'contact', event: { portalId, subscriptionId, eventId, objectId, occurredAt, type, kind: 'propertyChange', propertyName: raw.propertyName, changeSource: raw.changeSource, sourceId } };
    }
    case 'merge': {
      // HubSpot: newObjectId is the record the merge produced (may differ from primaryObjectId).
      const survivingId = contactIdOf(raw.newObjectId ?? raw.primaryObjectId ?? raw.objectId);
      const mergedIds = (raw.mergedObjectIds ?? []).map(contactIdOf);
      return { status: 'contact', event: { portalId, subscriptionId, eventId, objectId, occurredAt, type, kind: 'merge', survivingId, mergedIds } };
    }
    default:
      return { status: 'contact', event: { portalId, subscriptionId, eventId, objectId, occurredAt, type, kind: kind as 'creation' | 'deletion' | 'privacyDeletion' | 'restore' } };
  }
}

/** Canonical decimal string of an id (`0042` and 42 are the same id). */
function idOf(id: RawId): string {
  return typeof id === 'number' ? String(id) : id.length > 1 && id.startsWith('0') ? id.replace(/^0+(?=\d)/, '') : id;
}

/** A contact's id from an event (the schema above already checked its digits). */
function contactIdOf(id: RawId): ContactId {
  return contactId(idOf(id));
}

function splitType(name: string): [string, string | undefined] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, undefined] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** A metric label for a malformed element: one of ours if it named one, else `unknown`. */
function typeLabelOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return 'unknown';
  const record = input as Record<string, unknown>;
  const name = typeof record.subscriptionType === 'string' ? record.subscriptionType : record.eventType;
  if (typeof name !== 'string') return 'unknown';
  const [objectName, kind] = splitType(name);
  return (objectName === 'contact' || objectName === 'object') && kind && KNOWN_TYPE.has(kind) ? `contact.${kind}` : 'unknown';
}

/**
 * The fields {@link RawWebhookEventSchema} reads, in the order a stored element lists them (the
 * fields every event carries first, so the rarely present ones are trailing and cut off).
 */
const STORED_FIELDS = [
  'eventId', 'subscriptionId', 'portalId', 'occurredAt', 'objectId', 'subscriptionType', 'propertyName', 'changeSource', 'sourceId',
  'appId', 'attemptNumber', 'changeFlag', 'eventType', 'objectTypeId', 'mergedObjectIds', 'primaryObjectId', 'newObjectId', 'numberOfPropertiesMoved',
] as const satisfies readonly (keyof RawWebhookEvent)[];

/**
 * One element of a delivery as the web role stores it, cut down to the fields the schema reads
 * and without validating it (the web role answers HubSpot before events are classified; the
 * intake worker classifies them): an event object becomes a positional list of those fields'
 * values (`null` where absent, trailing absences cut), so `propertyValue`, unknown fields and
 * the field names themselves are not stored. A 100-event delivery is ~7 KB instead of ~25 KB:
 * measured (scripts/bench-webhook-ingest.ts), the bytes BullMQ serialises and writes to Redis
 * were the web role's largest cost after the BullMQ call itself.
 *
 * A value that is neither a string, a number nor an array of those becomes `false`, which every
 * field of the schema refuses as it refused the original (null, booleans and nested objects are
 * all refused), so nothing nested (where a value could hide) is kept and
 * `classifyWebhookEvent(expandStoredElement(compactElement(x)))` equals `classifyWebhookEvent(x)`.
 * An element that is not an object is stored as `null`: refused alike.
 */
export function compactElement(element: unknown): unknown {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return null;
  const source = element as Record<string, unknown>;
  const stored: unknown[] = [];
  let length = 0;
  for (let i = 0; i < STORED_FIELDS.length; i++) {
    const value = source[STORED_FIELDS[i]!];
    if (value === undefined) stored.push(null);
    else {
      stored.push(Array.isArray(value) ? value.map(scalarOrFalse) : scalarOrFalse(value));
      length = i + 1;
    }
  }
  stored.length = length;
  return stored;
}

/** A stored element back as the object the schema reads (an element stored by an earlier version, an object already, is returned as it is). */
export function expandStoredElement(stored: unknown): unknown {
  if (!Array.isArray(stored)) return stored;
  const element: Record<string, unknown> = {};
  for (let i = 0; i < stored.length && i < STORED_FIELDS.length; i++) if (stored[i] !== null) element[STORED_FIELDS[i]!] = stored[i];
  return element;
}

function scalarOrFalse(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'string' ? value : false;
}
