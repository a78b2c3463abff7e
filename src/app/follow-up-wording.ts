import type { QualificationResult } from '../core';
import type { FollowUpPriority } from './ports/hubspot-crm.port';

export { FOLLOW_UP_SUBJECT_PREFIX } from '../core';

/** Task priority from the result: reviewed-first inquiries and the high band are HIGH. */
export function followUpPriority(result: QualificationResult): FollowUpPriority {
  if (result.route === 'clinical_review' || result.safetyFlag) return 'HIGH';
  return result.band === 'high' ? 'HIGH' : result.band === 'medium' ? 'MEDIUM' : 'LOW';
}
