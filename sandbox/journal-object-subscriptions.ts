import { randomUUID } from 'node:crypto';
import { validationError } from './hubspot-errors';
import type { CrmChange } from './state/crm-types';
import { OBJECT_TYPE_IDS } from './webhook-events';

/**
 * Per-install CRM object subscriptions of the webhooks journal (2026-03): `subscriptionType:
 * OBJECT` in `POST /webhooks-journal/subscriptions/2026-03`, the one way a 2026.03 app follows
 * properties that differ per account (a project's webhooks-hsmeta.json is one set for every
 * install). Source: ../shared/hubspot-openapi/2026-03/webhooks-journal.json,
 * `ObjectSubscriptionUpsertRequest` (required: actions, objectIds, objectTypeId, portalId,
 * properties, subscriptionType) and `SubscriptionResponse`.
 *
 * Assumptions where neither the spec nor the guide says (kept strict): the subscription is an
 * upsert per (app, portal, objectTypeId); an empty `objectIds` means every object of the type;
 * `properties` narrow UPDATE events to those properties; a subscription is refused for a portal
 * the app is not installed in; events carry ids and the property name, not its value.
 */

/** The actions an OBJECT subscription may name (the spec's enum, less those of other types). */
export const OBJECT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'MERGE', 'RESTORE'] as const;
export type ObjectAction = (typeof OBJECT_ACTIONS)[number];

export interface ObjectSubscriptionFields {
  portalId: number;
  objectTypeId: string;
  objectIds: number[];
  properties: string[];
  actions: ObjectAction[];
}

/** One event an OBJECT subscription writes to the journal. */
export interface ObjectEvent {
  eventId: string; subscriptionId: number; subscriptionType: 'OBJECT'; action: ObjectAction;
  appId: number; portalId: number; objectTypeId: string; objectId: number; occurredAt: number;
  propertyName?: string; changeSource: string; sourceId?: string;
}

const KNOWN_TYPE_IDS = new Set(Object.values(OBJECT_TYPE_IDS));

/** Validates an `ObjectSubscriptionUpsertRequest` as HubSpot would: every required member, known values only. */
export function parseObjectSubscription(body: Record<string, unknown>): ObjectSubscriptionFields {
  const missing = ['actions', 'objectIds', 'objectTypeId', 'portalId', 'properties'].filter((k) => body[k] === undefined);
  if (missing.length > 0) throw validationError(`missing required members: ${missing.join(', ')}`, { context: { missing } });
  const portalId = Number(body.portalId);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw validationError('portalId must be a positive integer');
  if (typeof body.objectTypeId !== 'string' || !KNOWN_TYPE_IDS.has(body.objectTypeId)) throw validationError(`objectTypeId ${String(body.objectTypeId)} is not a CRM object type id`);
  if (!Array.isArray(body.actions) || body.actions.length === 0 || !body.actions.every((a) => (OBJECT_ACTIONS as readonly unknown[]).includes(a))) {
    throw validationError(`actions must be a non-empty array of ${OBJECT_ACTIONS.join(', ')}`);
  }
  if (!Array.isArray(body.objectIds) || !body.objectIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) throw validationError('objectIds must be an array of object ids');
  if (!Array.isArray(body.properties) || !body.properties.every((p) => typeof p === 'string' && /^[a-z0-9_]{1,100}$/.test(p))) {
    throw validationError('properties must be an array of property names');
  }
  return {
    portalId, objectTypeId: body.objectTypeId, objectIds: [...(body.objectIds as number[])],
    properties: [...new Set(body.properties as string[])], actions: [...new Set(body.actions as ObjectAction[])],
  };
}

const ACTION_OF: Partial<Record<CrmChange['kind'], ObjectAction>> = { creation: 'CREATE', propertyChange: 'UPDATE', deletion: 'DELETE', merge: 'MERGE' };

/** The event a subscription writes for a CRM change, or undefined when it does not cover the change. */
export function objectEventFor(sub: ObjectSubscriptionFields & { id: number; appId: number }, change: CrmChange, occurredAt: number): ObjectEvent | undefined {
  const action = ACTION_OF[change.kind];
  if (!action || !sub.actions.includes(action) || sub.portalId !== change.portalId) return undefined;
  if (OBJECT_TYPE_IDS[change.objectType] !== sub.objectTypeId) return undefined;
  const objectId = Number(change.objectId);
  if (sub.objectIds.length > 0 && !sub.objectIds.includes(objectId)) return undefined;
  if (change.kind === 'propertyChange' && !sub.properties.includes(change.propertyName)) return undefined;
  return {
    eventId: randomUUID(), subscriptionId: sub.id, subscriptionType: 'OBJECT', action, appId: sub.appId, portalId: change.portalId,
    objectTypeId: sub.objectTypeId, objectId, occurredAt, changeSource: change.source.sourceType,
    ...(change.kind === 'propertyChange' ? { propertyName: change.propertyName } : {}),
    ...(change.source.sourceId ? { sourceId: change.source.sourceId } : {}),
  };
}
