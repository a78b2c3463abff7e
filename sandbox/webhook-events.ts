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

/**
 * The events one app receives for one CRM change, given its subscriptions: property
 * changes only for a subscribed `propertyName`. `changeSource` is the writer's source type
 * (INTEGRATION for an app, with the app id as `sourceId`; CRM_UI with `userId:<id>`).
 */
export function buildWebhookEvents(change: CrmChange, app: RegisteredApp, occurredAt: number, nextEventId: () => number): PendingEvent[] {
  if (change.objectType !== 'contacts') return [];
  const subscriptionType = `contact.${change.kind}`;
  const matching = app.subscriptions.filter((s) => s.eventType === subscriptionType
    && (change.kind !== 'propertyChange' || s.propertyName === change.propertyName));
  return matching.map((s): PendingEvent => {
    const event: PendingEvent = {
      eventId: nextEventId(), subscriptionId: s.subscriptionId, portalId: change.portalId, appId: app.appId, occurredAt,
      subscriptionType, objectId: Number(change.objectId), changeSource: change.source.sourceType,
    };
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
