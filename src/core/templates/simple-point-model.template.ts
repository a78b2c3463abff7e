import type { Criteria } from '../criteria/criteria.schema';
import { getCriteriaTemplates } from './criteria-templates';

/**
 * The playbooks' simple point model (config/templates/simple-point-model.json): +25 a specific
 * procedure, +20 an appointment request, +15 insurance information given, +5 a guide download;
 * 30 points or more is "Care-Ready" with an intake call within one hour, anything lower goes to
 * a nurture sequence. A fresh copy each call.
 */
export function buildSimplePointModelCriteria(): Criteria {
  return structuredClone(getCriteriaTemplates().simplePointModel);
}
