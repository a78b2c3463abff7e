/**
 * The contact properties CareQual's default criteria template reads: HubSpot's standard contact
 * properties where one exists, and the custom intake-form fields of the default field mapping.
 * Written out here and checked against `requiredContactProperties(buildDefaultCriteria())` of
 * src/core in project-definition.test.ts.
 *
 * webhooks-hsmeta.json is one set of subscriptions for every portal, so it subscribes only to
 * the standard properties every portal has ({@link STATIC_SUBSCRIBED_PROPERTIES}); the custom
 * fields, and whatever a practice maps instead, are followed per install through the webhooks
 * journal's OBJECT subscriptions (src/app/property-subscriptions.ts); analytics counters never.
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

/** The custom intake-form fields of the default mapping: a fresh portal does not have them. */
export const CUSTOM_INTAKE_FIELDS = [
  'consent_to_contact', 'decision_maker', 'do_not_contact', 'has_referral_documents',
  'insurance_provider', 'referral_source', 'service_interest', 'treatment_timeline',
] as const;

/** The contact properties webhooks-hsmeta.json subscribes to: the default criteria's standard ones that are safe to watch. */
export const STATIC_SUBSCRIBED_PROPERTIES = DEFAULT_CRITERIA_PROPERTIES.filter(
  (p) => !(CUSTOM_INTAKE_FIELDS as readonly string[]).includes(p) && !p.startsWith('hs_analytics_num_'),
);
