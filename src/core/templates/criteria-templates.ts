import type { Criteria } from '../criteria/criteria.schema';

/** The criteria templates a practice starts from (config/templates/, validated by the adapter at start). */
export interface CriteriaTemplates {
  /** The playbooks' template every new install starts from. */
  readonly defaultCriteria: Criteria;
  /** The playbooks' simple point model (Care-Ready at 30 points). */
  readonly simplePointModel: Criteria;
}

let installed: CriteriaTemplates | null = null;

/**
 * Installs the templates read from config/templates/ at start. A process-wide table like the
 * safety lexicon: the core stays free of file access and receives the data.
 */
export function installCriteriaTemplates(templates: CriteriaTemplates): void {
  installed = templates;
}

/** The installed templates; throws when none were installed (a new install must not start from nothing). */
export function getCriteriaTemplates(): CriteriaTemplates {
  if (installed === null) throw new Error('criteria templates not installed: call installCriteriaTemplates at start (adapters/reference loads config/templates)');
  return installed;
}
