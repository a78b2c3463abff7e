import type { Criteria } from '../criteria/criteria.schema';
import { getCriteriaTemplates } from './criteria-templates';

/**
 * The template a new practice starts from, built from the practice playbooks
 * (config/templates/default-criteria.json, explained in config/templates/README.md): fit
 * (service, location, payer), intent (appointment request, urgency, pricing/insurance questions,
 * physician referral, site activity) and readiness (timeline, decision maker, documents); hard
 * stops; bands high (call within 5 minutes — the playbooks' 5-minute rule), medium and low.
 * A fresh copy each call: callers may change it.
 */
export function buildDefaultCriteria(): Criteria {
  return structuredClone(getCriteriaTemplates().defaultCriteria);
}
