import type { Criteria } from '../criteria/criteria.schema';
import type { CriteriaOutline } from './suggestions';

/** The bands and rule points of a criteria version, as suggestions read them. */
export function outlineCriteria(criteria: Criteria): CriteriaOutline {
  return {
    bands: criteria.bands.map((b) => ({ band: b.band, minScore: b.minScore })),
    rules: [...criteria.rules.fit, ...criteria.rules.intent, ...criteria.rules.readiness].map((r) => ({ id: r.id, points: r.points })),
  };
}
