import type { ContactId, TenantId } from './ports/ids';
/**
 * Webhook events in domain terms, as the intake use case sees them after the HubSpot adapter has
 * validated them. Ids only: a property change names its property, never its value.
 */

/** The contact event kinds CareQual acts on. */
export const CONTACT_EVENT_KINDS = ['creation', 'propertyChange', 'deletion', 'privacyDeletion', 'merge', 'restore'] as const;
export type ContactEventKind = (typeof CONTACT_EVENT_KINDS)[number];

/** What every contact event carries. */
export interface ContactEventBase {
  portalId: TenantId;
  subscriptionId: string;
  eventId: string;
  objectId: ContactId;
  occurredAt: number;
  /** `contact.<kind>` whichever shape the event came in; bounded, usable as a metric label. */
  type: `contact.${ContactEventKind}`;
}

/** A validated contact event; never holds a property value. */
export type ContactEvent =
  | (ContactEventBase & { kind: 'creation' | 'deletion' | 'privacyDeletion' | 'restore' })
  | (ContactEventBase & { kind: 'propertyChange'; propertyName: string; changeSource?: string; sourceId?: string })
  | (ContactEventBase & { kind: 'merge'; survivingId: ContactId; mergedIds: ContactId[] });

/** What one element of a delivery turned out to be. */
export type ClassifiedEvent =
  | { status: 'contact'; event: ContactEvent }
  /** Valid, but not for CareQual (another object type, association changes, …). */
  | { status: 'unsupported'; type: string }
  | { status: 'malformed'; type: string };

/** What became of one event; a bounded metric label. */
export type EventFate =
  | 'queued'
  | 'duplicate'
  | 'ignored_own_write'
  | 'ignored_unwatched_property'
  | 'ignored_unsupported'
  | 'unknown_portal'
  | 'malformed';

/**
 * HubSpot's `eventId` is not guaranteed unique, so an event is identified by portal +
 * subscription + event + object + occurredAt (DESIGN.md §3).
 */
export function eventKeyOf(event: ContactEventBase): string {
  return `${event.portalId}:${event.subscriptionId}:${event.eventId}:${event.objectId}:${event.occurredAt}`;
}
