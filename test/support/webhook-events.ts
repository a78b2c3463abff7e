/**
 * Realistic HubSpot webhook events (the shape HubSpot's webhooks documentation shows), for
 * intake tests. `propertyValue` is filled on purpose: tests assert it never travels further.
 */
export interface HubSpotWebhookEventJson {
  eventId: number; subscriptionId: number; portalId: number; appId: number; occurredAt: number;
  subscriptionType?: string; eventType?: string; objectTypeId?: string; attemptNumber: number; objectId: number;
  changeSource?: string; sourceId?: string; changeFlag?: string; propertyName?: string; propertyValue?: string;
  mergedObjectIds?: number[]; primaryObjectId?: number; newObjectId?: number; numberOfPropertiesMoved?: number;
}

let nextEventId = 3_100_000_001;

/** A contact event; override what the test is about. */
export function buildWebhookEvent(overrides: Partial<HubSpotWebhookEventJson> = {}): HubSpotWebhookEventJson {
  return {
    eventId: nextEventId++, subscriptionId: 2_447_001, portalId: 62_515_001, appId: 4242, occurredAt: Date.now() - 1500,
    subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 51_001, changeFlag: 'CREATED', changeSource: 'CRM_UI', sourceId: 'userId:501',
    ...overrides,
  };
}

/** A property change with a PHI-like value (what a patient typed). */
export function buildPropertyChange(propertyName: string, propertyValue: string, overrides: Partial<HubSpotWebhookEventJson> = {}): HubSpotWebhookEventJson {
  const event = buildWebhookEvent({ subscriptionType: 'contact.propertyChange', subscriptionId: 2_447_002, propertyName, propertyValue, ...overrides });
  delete event.changeFlag;
  return event;
}
