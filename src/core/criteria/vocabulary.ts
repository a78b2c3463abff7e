/**
 * The fixed vocabularies of a qualification result. They are stable codes: HubSpot stores them
 * as enumeration option values on every scored contact, so renaming one is a data migration.
 * Labels are what intake staff read in HubSpot.
 */

/** The three scoring dimensions (DESIGN.md §5). */
export const DIMENSIONS = ['fit', 'intent', 'readiness'] as const;
/** A scoring dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** Score bands, best first. */
export const BANDS = ['high', 'medium', 'low'] as const;
/** A score band. */
export type Band = (typeof BANDS)[number];

/** Qualification outcomes (carequal_outcome). */
export const OUTCOMES = ['care_ready', 'nurture', 'needs_review', 'disqualified'] as const;
/** A qualification outcome. */
export type Outcome = (typeof OUTCOMES)[number];

/** Next steps (carequal_route). */
export const ROUTES = [
  'intake_call_now', 'schedule_consult', 'nurture_sequence', 'clinical_review', 'refer_out', 'no_outreach', 'request_missing_info',
] as const;
/** A next step for intake. */
export type Route = (typeof ROUTES)[number];

/**
 * The one table of outcome × route combinations that make sense (issue 17): care-ready leads are
 * called or booked, nurture leads go to a sequence, needs-review leads go to a person (clinical
 * review first, or asking for what is missing), disqualified leads are referred out or left
 * alone. Criteria are checked against it when saved and the engine never produces anything else.
 */
export const ALLOWED_ROUTES: Readonly<Record<Outcome, readonly Route[]>> = {
  care_ready: ['intake_call_now', 'schedule_consult'],
  nurture: ['nurture_sequence'],
  needs_review: ['clinical_review', 'request_missing_info'],
  disqualified: ['refer_out', 'no_outreach'],
};

/** True when the route is one the outcome allows. */
export function isAllowedRoute(outcome: Outcome, route: Route): boolean {
  return ALLOWED_ROUTES[outcome].includes(route);
}

/** Why a lead was stopped (carequal_disqualification_reasons). */
export const DISQUALIFICATION_REASONS = [
  'out_of_service_area', 'service_not_offered', 'no_contact_consent', 'invalid_contact_details',
  'spam_or_test', 'payer_not_accepted', 'not_decision_maker', 'timeline_not_viable', 'not_a_patient_inquiry',
] as const;
/** A disqualification reason code. */
export type DisqualificationReason = (typeof DISQUALIFICATION_REASONS)[number];

/** What intake must still ask (carequal_missing_info), one per input a signal needs. */
export const MISSING_INFO_CODES = [
  'inquiry_details', 'service_interest', 'location', 'insurance', 'timeline', 'phone', 'email',
  'contact_method', 'decision_maker', 'documents', 'contact_consent', 'guardian_consent',
] as const;
/** A missing-information code. */
export type MissingInfoCode = (typeof MISSING_INFO_CODES)[number];

/** Timeline buckets parsed from free text or form options. */
export const TIMELINE_BUCKETS = [
  'asap', 'within_2_weeks', 'within_3_months', '3_to_6_months', 'later', 'unknown',
] as const;
/** A timeline bucket. */
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];

/** How valuable a service line is to the practice. */
export const VALUE_TIERS = ['premium', 'standard', 'basic'] as const;
/** A service line's value tier. */
export type ValueTier = (typeof VALUE_TIERS)[number];

/** Human labels for every code above, as shown in HubSpot option lists. */
export const CODE_LABELS: Readonly<Record<string, string>> = {
  high: 'High', medium: 'Medium', low: 'Low',
  care_ready: 'Care-ready', nurture: 'Nurture', needs_review: 'Needs review', disqualified: 'Disqualified',
  intake_call_now: 'Intake call now', schedule_consult: 'Schedule consult', nurture_sequence: 'Nurture sequence',
  clinical_review: 'Clinical review', refer_out: 'Refer out', no_outreach: 'No outreach', request_missing_info: 'Ask for missing information',
  out_of_service_area: 'Out of service area', service_not_offered: 'Service not offered',
  no_contact_consent: 'No consent to contact', invalid_contact_details: 'Invalid contact details',
  spam_or_test: 'Spam or test submission', payer_not_accepted: 'Payer not accepted',
  not_decision_maker: 'Not the decision maker', timeline_not_viable: 'Timeline not viable', not_a_patient_inquiry: 'Not a patient inquiry',
  inquiry_details: 'Reason for inquiry', service_interest: 'Service of interest', location: 'ZIP code or state',
  insurance: 'Insurance or self-pay', timeline: 'Preferred timing', phone: 'Phone number', email: 'Email address',
  contact_method: 'A working phone or email', decision_maker: 'Who decides on care', documents: 'Referral or records',
  contact_consent: 'Consent to contact', guardian_consent: 'Parent or guardian consent',
};

/** A code in lower-case words for running text ("no_contact_consent" → "no consent to contact"). */
export function codeWords(code: string): string {
  return (CODE_LABELS[code] ?? code.replace(/_/g, ' ')).toLowerCase();
}
