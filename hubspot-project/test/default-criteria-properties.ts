/**
 * The contact properties CareQual's default criteria template reads, so HubSpot must notify
 * CareQual when one of them changes (an `object.propertyChange` subscription each): HubSpot's
 * standard contact properties where one exists, and the custom intake-form fields of the
 * default field mapping.
 *
 * Written out here, because webhooks-hsmeta.json is static data uploaded to HubSpot, and
 * checked against `requiredContactProperties(buildDefaultCriteria())` of src/core in
 * project-definition.test.ts, so a change to the default criteria fails a test until the
 * subscriptions follow.
 * Subscriptions are app-wide (one set for every portal), so a portal that maps a signal to a
 * different property of its own is covered by re-scoring, not by a webhook.
 */
export const DEFAULT_CRITERIA_PROPERTIES = [
  'consent_to_contact',
  'date_of_birth',
  'decision_maker',
  'do_not_contact',
  'email',
  'first_conversion_event_name',
  'has_referral_documents',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'hs_analytics_source',
  'hs_email_optout',
  'hs_legal_basis',
  'insurance_provider',
  'message',
  'mobilephone',
  'num_conversion_events',
  'phone',
  'recent_conversion_event_name',
  'referral_source',
  'service_interest',
  'state',
  'treatment_timeline',
  'zip',
] as const;
