import type { LifecycleSubscriber } from '../../app/ports/install.port';
import type { PropertySubscriptions } from '../../app/ports/property-subscriptions.port';
import type { AppTokenProvider } from './app-token.provider';
import { HubSpotApiError, HUBSPOT_ERROR_CODES } from './hubspot-errors';
import type { HubSpotHttp, HubSpotRequest } from './hubspot-http';
import { parseHubSpotBody } from './hubspot-oauth.client';
import { subscribedContactProperties } from './subscribed-properties';
import { JournalBatchSchema } from './hubspot.schemas';

/**
 * The event type id CareQual subscribes with. The spec's `AppLifecycleEventSubscriptionUpsertRequest`
 * requires `eventTypeId` but neither it nor the guide lists the values; the subscription's
 * `actions` (APP_INSTALL, APP_UNINSTALL) say which events it yields. Kept in one place so it is
 * one edit when HubSpot documents it.
 */
export const APP_LIFECYCLE_EVENT_TYPE_ID = 'app_lifecycle';

/**
 * Sends one webhooks-journal call with the app-level token; a 401 (token revoked or expired
 * early) gets one retry with a fresh token.
 */
export async function sendWithAppToken<T>(http: HubSpotHttp, tokens: Pick<AppTokenProvider, 'getToken' | 'invalidate'>, req: Omit<HubSpotRequest, 'bearer'>) {
  const bearer = await tokens.getToken();
  try {
    return await http.send<T>({ ...req, bearer });
  } catch (error) {
    if (!(error instanceof HubSpotApiError && error.code === HUBSPOT_ERROR_CODES.unauthorized)) throw error;
    tokens.invalidate(bearer);
    return http.send<T>({ ...req, bearer: await tokens.getToken() });
  }
}

/**
 * Subscribes CareQual to a portal's app lifecycle events (APP_INSTALL / APP_UNINSTALL) in the
 * webhooks journal: POST /webhooks-journal/subscriptions/2026-03 (spec 2026-03/webhooks-journal.json,
 * `AppLifecycleEventSubscriptionUpsertRequest`: subscriptionType, eventTypeId, properties). HubSpot
 * sends no uninstall webhook, so without this subscription an uninstall is never seen.
 *
 * `portalId` is sent too: the guide calls these subscriptions install-specific ("managed by API
 * only because they are install-specific") and `SubscriptionResponse` carries it; the upsert
 * schema allows extra members. The call is an upsert, so repeating it (every start) is harmless.
 */
export function createLifecycleSubscriber(http: HubSpotHttp, tokens: Pick<AppTokenProvider, 'getToken' | 'invalidate'>): LifecycleSubscriber {
  return {
    async subscribe(portalId) {
      await sendWithAppToken(http, tokens, {
        operation: 'journal.subscribe_lifecycle', method: 'POST', path: '/webhooks-journal/subscriptions/2026-03', idempotent: true,
        json: { subscriptionType: 'APP_LIFECYCLE_EVENT', eventTypeId: APP_LIFECYCLE_EVENT_TYPE_ID, properties: [], portalId },
      });
    },
  };
}

/** HubSpot's object type id for contacts. */
export const CONTACT_OBJECT_TYPE_ID = '0-1';

/**
 * Follows a portal's contact properties through the webhooks journal: POST
 * /webhooks-journal/subscriptions/2026-03 with an `ObjectSubscriptionUpsertRequest`
 * (subscriptionType OBJECT, portalId, objectTypeId 0-1, actions UPDATE, objectIds [] for every
 * contact, properties). Creation, merge, deletion and privacy deletion stay in the project's
 * static webhook file (pushed to /webhooks/hubspot); the changes found here come back through
 * the journal poller. An upsert per portal and object type, so repeating it is harmless.
 */
export function createPropertySubscriptions(http: HubSpotHttp, tokens: Pick<AppTokenProvider, 'getToken' | 'invalidate'>): PropertySubscriptions {
  return {
    async followContactProperties(portalId, readProperties) {
      const properties = subscribedContactProperties(readProperties);
      await sendWithAppToken(http, tokens, {
        operation: 'journal.subscribe_properties', method: 'POST', path: '/webhooks-journal/subscriptions/2026-03', idempotent: true,
        json: { subscriptionType: 'OBJECT', portalId, objectTypeId: CONTACT_OBJECT_TYPE_ID, actions: ['UPDATE'], objectIds: [], properties },
      });
      return properties;
    },
  };
}

/**
 * Reads the global journal's entries after `offset` (from the earliest still kept when undefined):
 * GET /webhooks-journal/journal/2026-03/batch/earliest/{count} and .../batch/{offset}/next/{count}
 * (`BatchResponseJournalFetchResponse`; each result a `currentOffset` and a pre-signed `url`).
 */
export async function fetchJournalBatch(http: HubSpotHttp, tokens: Pick<AppTokenProvider, 'getToken' | 'invalidate'>, offset: string | undefined, count: number): Promise<Array<{ currentOffset: string; url: string }>> {
  const path = offset === undefined ? `/webhooks-journal/journal/2026-03/batch/earliest/${count}` : `/webhooks-journal/journal/2026-03/batch/${encodeURIComponent(offset)}/next/${count}`;
  const res = await sendWithAppToken<unknown>(http, tokens, { operation: 'journal.batch', method: 'GET', path, idempotent: true });
  if (res.status === 204 || res.body === undefined) return [];
  return parseHubSpotBody('journal.batch', res, JournalBatchSchema).results;
}
