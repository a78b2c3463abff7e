import type { RegisteredApp } from './oauth';
import type { CrmChange } from './state/crm-types';

/** One event of a webhook delivery, as HubSpot's webhooks documentation shows it. */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  /** generic `object.*` events only: the object's type id (`0-1` contact, `0-27` task) */
  objectTypeId?: string;
  attemptNumber: number;
  objectId: number;
  changeFlag?: string;
  changeSource?: string;
  sourceId?: string;
  propertyName?: string;
  propertyValue?: string;
  mergedObjectIds?: number[];
  primaryObjectId?: number;
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
}

/** An event before delivery: the attempt number is set per delivery attempt. */
export type PendingEvent = Omit<WebhookEvent, 'attemptNumber'>;

const CHANGE_FLAG: Record<string, string> = { creation: 'CREATED', deletion: 'DELETED', privacyDeletion: 'DELETED', merge: 'MERGED' };

/** HubSpot's object type ids (generic `object.*` events carry them as `objectTypeId`). */
export const OBJECT_TYPE_IDS: Record<CrmChange['objectType'], string> = { contacts: '0-1', tasks: '0-27' };

/** Change kinds HubSpot has a generic `object.*` subscription type for (privacy deletion is a hub event). */
const GENERIC_KINDS = new Set<CrmChange['kind']>(['creation', 'deletion', 'merge', 'propertyChange']);

/**
 * The events one app receives for one CRM change, given its subscriptions: property
 * changes only for a subscribed `propertyName`. A generic subscription (`object.creation`,
 * `object.propertyChange`, … for an `objectTypeId`) gets events of that type carrying
 * `objectTypeId` — HubSpot's changelog "Public Beta: Generic Webhook Subscriptions"
 * (https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions): "New
 * Format: subscriptionType: object.creation … with the related object defined in the response
 * objectTypeId field", e.g. `0-1` for contacts. A legacy `contact.*` subscription gets the
 * legacy shape, without `objectTypeId`. `changeSource` is the writer's source type
 * (INTEGRATION for an app, with the app id as `sourceId`; CRM_UI with `userId:<id>`).
 */
export function buildWebhookEvents(change: CrmChange, app: RegisteredApp, occurredAt: number, nextEventId: () => number): PendingEvent[] {
  const objectTypeId = OBJECT_TYPE_IDS[change.objectType];
  const legacyType = change.objectType === 'contacts' ? `contact.${change.kind}` : undefined;
  const genericType = GENERIC_KINDS.has(change.kind) ? `object.${change.kind}` : undefined;
  const matching = app.subscriptions.filter((s) => (s.eventType === legacyType || (s.eventType === genericType && (s.objectTypeId ?? OBJECT_TYPE_IDS.contacts) === objectTypeId))
    && (change.kind !== 'propertyChange' || s.propertyName === change.propertyName));
  return matching.map((s): PendingEvent => {
    const event: PendingEvent = {
      eventId: nextEventId(), subscriptionId: s.subscriptionId, portalId: change.portalId, appId: app.appId, occurredAt,
      subscriptionType: s.eventType, objectId: Number(change.objectId), changeSource: change.source.sourceType,
    };
    if (s.eventType === genericType) event.objectTypeId = objectTypeId;
    if (change.source.sourceId) event.sourceId = change.source.sourceId;
    const flag = CHANGE_FLAG[change.kind];
    if (flag) event.changeFlag = flag;
    if (change.kind === 'propertyChange') {
      event.propertyName = change.propertyName;
      event.propertyValue = change.propertyValue;
    }
    if (change.kind === 'merge') {
      event.primaryObjectId = Number(change.primaryObjectId);
      event.mergedObjectIds = change.mergedObjectIds.map(Number);
      event.newObjectId = Number(change.newObjectId);
      event.numberOfPropertiesMoved = change.numberOfPropertiesMoved;
    }
    return event;
  });
}
