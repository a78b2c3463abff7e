import { parseHubSpotDateTime, SENSITIVE_WORDING, type QualificationResult, type Wording } from '../../core';
import type { ResultEncoding } from '../../app/ports/crm-gateway.port';

/*
 * HubSpot's encoding of a qualification result: the `carequal_*` contact properties and how each
 * value is written. The qualify use case reaches it through the CRM port (CrmGateway.results), so
 * src/app and src/core hold no HubSpot property encoding. The property definitions (types,
 * options, sensitivity) are in carequal-properties.ts.
 */

/**
 * The properties CareQual writes onto a contact (DESIGN.md §4), which the worker reads back to
 * write only what changed. The intake properties it creates but people write are not here.
 */
export const CAREQUAL_PROPERTY_NAMES = [
  'carequal_score', 'carequal_fit_score', 'carequal_intent_score', 'carequal_readiness_score', 'carequal_band', 'carequal_outcome',
  'carequal_route', 'carequal_disqualification_reasons', 'carequal_reasons', 'carequal_why', 'carequal_missing_info', 'carequal_respond_by',
  'carequal_recheck_at', 'carequal_rules_version', 'carequal_safety_version', 'carequal_scored_at',
] as const;
export type CarequalPropertyName = (typeof CAREQUAL_PROPERTY_NAMES)[number];

/**
 * carequal_reasons holds as many reasons as fit in a HubSpot text property (65,536 characters):
 * the deciding facts are never cut for length; whole reasons are dropped from the end only.
 */
export const MAX_REASONS_CHARS = 65_536;
const SEPARATOR = ' · ';

function toHubSpotDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The `carequal_*` property values for a result (DESIGN.md §4), as HubSpot's API takes them:
 * numbers as decimal strings, multi-checkbox values joined with ';', datetimes as ISO 8601,
 * dates as YYYY-MM-DD (HubSpot date properties are midnight UTC), and '' to clear a value.
 * Reason text comes from the criteria, never from the contact's own properties, worded for the
 * portal's data mode (standard mode: codes and neutral words only).
 */
export function toCarequalPropertyValues(result: QualificationResult, now: Date, wording: Wording = SENSITIVE_WORDING): Record<CarequalPropertyName, string> {
  return {
    carequal_score: String(result.score),
    carequal_fit_score: String(result.fitScore),
    carequal_intent_score: String(result.intentScore),
    carequal_readiness_score: String(result.readinessScore),
    carequal_band: result.band,
    carequal_outcome: result.outcome,
    carequal_route: result.route,
    carequal_disqualification_reasons: result.disqualificationReasons.join(';'),
    carequal_reasons: formatReasons(result, wording),
    carequal_why: wording.why(result),
    carequal_missing_info: result.missingInfo.join(';'),
    carequal_respond_by: result.respondBy === null ? '' : result.respondBy.toISOString(),
    carequal_recheck_at: result.recheckAt === null ? '' : toHubSpotDate(result.recheckAt),
    carequal_rules_version: result.criteriaVersion,
    carequal_safety_version: result.safety.lexiconVersion,
    carequal_scored_at: now.toISOString(),
  };
}

/** The reasons in the wording's deciding order, joined and cut on a whole reason to fit the property. */
export function formatReasons(result: QualificationResult, wording: Wording = SENSITIVE_WORDING): string {
  let out = '';
  for (const part of wording.reasons(result)) {
    const next = out ? out + SEPARATOR + part : part;
    if (next.length > MAX_REASONS_CHARS) break;
    out = next;
  }
  return out;
}

/**
 * Properties whose value follows from the moment of scoring rather than from the contact: a
 * re-qualification that changes none of the *other* carequal_* values writes nothing, so the
 * respond-by clock an intake coordinator sees does not move under them.
 */
const TIME_DERIVED: readonly CarequalPropertyName[] = ['carequal_scored_at', 'carequal_respond_by', 'carequal_recheck_at'];

/** The CRM port's result encoding for HubSpot (CrmGateway.results). */
export const HUBSPOT_RESULT_ENCODING: ResultEncoding = {
  propertyNames: CAREQUAL_PROPERTY_NAMES,
  timeDerivedNames: TIME_DERIVED,
  encode: toCarequalPropertyValues,
  readRespondBy: (properties) => parseHubSpotDateTime(properties.carequal_respond_by),
};
