import type { TenantId } from './ids';
/**
 * HubSpot's per-install subscription to contact property changes (the webhooks journal's
 * OBJECT subscriptions in 2026.03): a project's static webhook file is one set for every install,
 * so the properties a practice maps in its own criteria are followed per install instead.
 */
export interface PropertySubscriptions {
  /**
   * Makes the portal's subscription cover the contact properties the criteria read (an upsert),
   * less those the adapter never follows (HubSpot: analytics counters, CareQual's own results);
   * resolves with the properties followed.
   */
  followContactProperties(portalId: TenantId, readProperties: readonly string[]): Promise<string[]>;
}
