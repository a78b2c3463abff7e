import type { Criteria } from './criteria.schema';

/**
 * Exactly the HubSpot contact properties the criteria read (sorted, deduplicated), so the worker
 * asks HubSpot for these and nothing more. The worker adds the carequal_* properties it needs
 * for change detection; that is not this function's job.
 */
export function requiredContactProperties(criteria: Criteria): string[] {
  const names = new Set<string>();
  for (const list of Object.values(criteria.propertyMap)) for (const name of list) names.add(name);
  for (const name of criteria.safety.screenProperties ?? []) names.add(name);
  return [...names].sort();
}
