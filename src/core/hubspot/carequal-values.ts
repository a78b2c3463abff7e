import { CODE_LABELS } from '../criteria/vocabulary';
import type { QualificationResult } from '../qualification/qualify';
import { formatSafetyReason } from '../safety/screen-contact';

/** Leads the reasons of an inquiry whose only emergency mentions were negated or past. */
export const HEDGED_SAFETY_REASON = 'mentions an emergency, negated or past: a person reviews it';

/**
 * carequal_reasons holds as many reasons as fit in a HubSpot text property (65,536 characters):
 * the deciding facts are never cut for length; whole reasons are dropped from the end only.
 */
export const MAX_REASONS_CHARS = 65_536;
const SEPARATOR = ' · ';
const MINUS = '\u2212';

/** "+25 consultation requested" / "−10 timeline over 6 months" (a real minus sign). */
export function formatContribution(points: number, reason: string): string {
  return `${points < 0 ? MINUS : '+'}${Math.abs(points)} ${reason}`;
}

function toHubSpotDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The `carequal_*` property values for a result (DESIGN.md §4), as HubSpot's API takes them:
 * numbers as decimal strings, multi-checkbox values joined with ';', datetimes as ISO 8601,
 * dates as YYYY-MM-DD (HubSpot date properties are midnight UTC), and '' to clear a value.
 * Reason text comes from the criteria, never from the contact's own properties.
 */
export function toCarequalPropertyValues(result: QualificationResult, now: Date): Record<string, string> {
  return {
    carequal_score: String(result.score),
    carequal_fit_score: String(result.fitScore),
    carequal_intent_score: String(result.intentScore),
    carequal_readiness_score: String(result.readinessScore),
    carequal_band: result.band,
    carequal_outcome: result.outcome,
    carequal_route: result.route,
    carequal_disqualification_reasons: result.disqualificationReasons.join(';'),
    carequal_reasons: formatReasons(result),
    carequal_why: result.why,
    carequal_missing_info: result.missingInfo.join(';'),
    carequal_respond_by: result.respondBy === null ? '' : result.respondBy.toISOString(),
    carequal_recheck_at: result.recheckAt === null ? '' : toHubSpotDate(result.recheckAt),
    carequal_rules_version: result.criteriaVersion,
    carequal_scored_at: now.toISOString(),
  };
}

/**
 * The reasons in deciding order: a possible emergency first ("possible emergency: breathing (Spanish)"),
 * then stops ("stopped: no consent to contact"),
 * then every negative contribution, then the positives, largest first — joined and cut on a whole
 * reason to fit the property.
 */
export function formatReasons(result: Pick<QualificationResult, 'disqualificationReasons' | 'safetyFlag' | 'safety' | 'outcome' | 'route' | 'contributions'>): string {
  const parts: string[] = [];
  if (result.safetyFlag) parts.push(formatSafetyReason(result.safety.matches));
  else if (result.outcome === 'needs_review' && result.route === 'clinical_review' && result.safety.hedged.length > 0) parts.push(HEDGED_SAFETY_REASON);
  for (const code of result.disqualificationReasons) parts.push(`stopped: ${(CODE_LABELS[code] ?? code).toLowerCase()}`);
  for (const c of result.contributions) if (c.points < 0) parts.push(formatContribution(c.points, c.reason));
  for (const c of result.contributions) if (c.points > 0) parts.push(formatContribution(c.points, c.reason));
  let out = '';
  for (const part of parts) {
    const next = out ? out + SEPARATOR + part : part;
    if (next.length > MAX_REASONS_CHARS) break;
    out = next;
  }
  return out;
}
