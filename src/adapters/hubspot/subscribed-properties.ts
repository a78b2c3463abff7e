
/**
 * HubSpot's web-analytics counters and timestamps: they change on every page view or visit of a
 * tracked contact, so a subscription to them would spend the portal's call budget on re-scoring
 * that changes nothing a practice acts on. The criteria may read them; CareQual never subscribes.
 */
export const NEVER_SUBSCRIBED_PROPERTIES: readonly string[] = [
  'hs_analytics_num_page_views', 'hs_analytics_num_visits', 'hs_analytics_num_event_completions',
  'hs_analytics_last_timestamp', 'hs_analytics_last_visit_timestamp', 'hs_analytics_first_timestamp',
];

/**
 * Of the contact properties the criteria read, those whose changes should re-qualify a contact:
 * all but the analytics counters and CareQual's own results (its write-back must not trigger
 * scoring again). Sorted, deduplicated.
 */
export function subscribedContactProperties(readProperties: readonly string[]): string[] {
  return [...new Set(readProperties)].filter((name) => !NEVER_SUBSCRIBED_PROPERTIES.includes(name) && !name.startsWith('carequal_')).sort();
}
