import type { Condition } from '../criteria/condition.schema';
import type { Criteria, Rule } from '../criteria/criteria.schema';
import { buildBasicHardStops, buildPracticeBasics, SAFETY_PHRASES } from './template-parts';

const is = (signal: Extract<Condition, { signal: string }>['signal'], value: boolean | string): Condition => ({ signal, op: 'is', value });

/** Fit: the service is offered, the patient is within reach, and someone will pay. */
function buildFitRules(): Rule[] {
  return [
    { id: 'service-premium', group: 'service', when: is('serviceLine.valueTier', 'premium'), points: 30, reason: 'requested a premium service we offer' },
    { id: 'service-standard', group: 'service', when: is('serviceLine.valueTier', 'standard'), points: 25, reason: 'requested a service we offer' },
    { id: 'service-basic', group: 'service', when: is('serviceLine.valueTier', 'basic'), points: 20, reason: 'requested a service we offer' },
    { id: 'location-near', group: 'location', when: { all: [is('location.status', 'within_area'), { signal: 'location.distanceMiles', op: 'lte', value: 10 }] }, points: 30, reason: 'within {distanceMiles} mi of {locationName}' },
    { id: 'location-in-area', group: 'location', when: is('location.status', 'within_area'), points: 20, reason: 'within {distanceMiles} mi of {locationName}' },
    { id: 'location-served-state', group: 'location', when: is('location.status', 'in_served_state'), points: 10, reason: 'lives in a state we serve' },
    { id: 'payer-accepted', group: 'payer', when: is('payer.status', 'accepted'), points: 25, reason: 'insurance accepted ({payer})' },
    { id: 'payer-self-pay', group: 'payer', when: is('payer.status', 'self_pay'), points: 20, reason: 'self-pay patient' },
    { id: 'payer-plan-not-accepted', group: 'payer', when: { all: [is('payer.status', 'not_accepted'), { signal: 'payer.program', op: 'in', value: ['medicare_advantage', 'medicaid', 'medicaid_managed_care'] }] }, points: -10, reason: 'insurance not in network: {payer}' },
    { id: 'payer-not-accepted', group: 'payer', when: is('payer.status', 'not_accepted'), points: -10, reason: 'insurance not in network' },
    { id: 'reachable', when: is('contact.reachability', 'reachable'), points: 10, reason: 'reachable by phone or email' },
    { id: 'shared-inbox', when: is('email.role', true), points: -5, reason: 'shared inbox email address' },
  ];
}

/** Intent: asked to be seen, urgency, referral, questions that precede booking, site activity. */
function buildIntentRules(): Rule[] {
  return [
    { id: 'appointment-request', when: { any: [is('inquiry.bookingRequest', true), is('engagement.appointmentForm', true)] }, points: 25, reason: 'consultation requested' },
    { id: 'urgency', when: is('inquiry.urgency', true), points: 15, reason: 'urgent need mentioned' },
    { id: 'physician-referral', group: 'referral', when: is('referral.type', 'physician'), points: 15, reason: 'referred by a physician' },
    { id: 'word-of-mouth', group: 'referral', when: is('referral.type', 'word_of_mouth'), points: 5, reason: 'recommended by a patient or friend' },
    { id: 'price-question', when: is('inquiry.priceQuestion', true), points: 5, reason: 'asked about pricing' },
    { id: 'insurance-question', when: is('inquiry.insuranceQuestion', true), points: 5, reason: 'asked about insurance coverage' },
    { id: 'many-page-views', group: 'site-activity', when: { signal: 'engagement.pageViews', op: 'gte', value: 5 }, points: 10, reason: 'viewed 5 or more pages' },
    { id: 'return-visits', group: 'site-activity', when: { signal: 'engagement.visits', op: 'gte', value: 3 }, points: 10, reason: 'visited the site 3 or more times' },
    { id: 'several-forms', when: { signal: 'engagement.conversions', op: 'gte', value: 2 }, points: 5, reason: 'submitted more than one form' },
    { id: 'guide-download', when: is('engagement.guideDownload', true), points: 5, reason: 'downloaded a guide' },
  ];
}

/** Readiness: when, who decides, whether the paperwork is there. */
function buildReadinessRules(): Rule[] {
  return [
    { id: 'timeline-asap', group: 'timeline', when: is('timeline.bucket', 'asap'), points: 40, reason: 'wants care as soon as possible' },
    { id: 'timeline-2-weeks', group: 'timeline', when: is('timeline.bucket', 'within_2_weeks'), points: 35, reason: 'wants care within two weeks' },
    { id: 'timeline-3-months', group: 'timeline', when: is('timeline.bucket', 'within_3_months'), points: 15, reason: 'wants care within three months' },
    { id: 'timeline-3-6-months', group: 'timeline', when: is('timeline.bucket', '3_to_6_months'), points: 5, reason: 'timeline 3 to 6 months' },
    { id: 'timeline-later', group: 'timeline', when: is('timeline.bucket', 'later'), points: -10, reason: 'timeline over 6 months' },
    { id: 'decides-self', group: 'decision', when: is('decisionMaker.status', 'self'), points: 15, reason: 'makes their own care decisions' },
    { id: 'decides-on-behalf', group: 'decision', when: is('decisionMaker.status', 'on_behalf'), points: 10, reason: 'decides on behalf of the patient' },
    { id: 'not-decision-maker', group: 'decision', when: is('decisionMaker.status', 'not_decision_maker'), points: -10, reason: 'someone else decides on care' },
    { id: 'documents-provided', when: is('documents.status', 'provided'), points: 10, reason: 'referral or records provided' },
    {
      id: 'premium-near-term',
      when: { all: [is('serviceLine.valueTier', 'premium'), { signal: 'timeline.bucket', op: 'in', value: ['asap', 'within_2_weeks'] }] },
      points: 10,
      reason: 'premium treatment with a near-term timeline',
    },
  ];
}

/**
 * The template a new practice starts from, built from the practice playbooks: fit (service,
 * location, payer), intent (appointment request, urgency, pricing/insurance questions, physician
 * referral, site activity) and readiness (timeline, decision maker, documents); hard stops for
 * out of area, service not offered, no consent, invalid contact details and spam/test; bands
 * high (call within 5 minutes — the playbooks' 5-minute rule), medium (schedule a consult the same
 * day) and low (nurture, re-check in 30 days).
 */
export function buildDefaultCriteria(): Criteria {
  return {
    schemaVersion: 1,
    name: 'CareQual default (practice playbooks)',
    ...buildPracticeBasics(),
    rules: { fit: buildFitRules(), intent: buildIntentRules(), readiness: buildReadinessRules() },
    scoring: { combine: 'weighted_dimensions', weights: { fit: 0.4, intent: 0.3, readiness: 0.3 } },
    hardStops: [
      { id: 'out-of-area', when: { signal: 'location.status', op: 'in', value: ['outside_area', 'outside_served_states'] }, reason: 'out_of_service_area', route: 'refer_out' },
      { id: 'service-not-offered', when: is('serviceLine.status', 'not_offered'), reason: 'service_not_offered', route: 'refer_out' },
      ...buildBasicHardStops(),
    ],
    bands: [
      { band: 'high', minScore: 70, outcome: 'care_ready', route: 'intake_call_now', slaMinutes: 5 },
      { band: 'medium', minScore: 45, outcome: 'care_ready', route: 'schedule_consult', slaMinutes: 240 },
      { band: 'low', minScore: 0, outcome: 'nurture', route: 'nurture_sequence', slaMinutes: null },
    ],
    // Fit alone is not care-ready (playbooks 000 and 001: not ready ≠ unqualified, nurture and
    // re-check): a stated timeline within 6 months with a decision maker (readiness ≥ 25), or a
    // clear request with questions (intent ≥ 40); a timeline beyond 6 months is always "not now".
    readinessGate: { minReadinessScore: 25, minIntentScore: 40, notReadyTimelines: ['later'] },
    missingInfo: {
      // Not decision_maker: who decides is scored when the form says, but asking every lead (issue 17:
      // "who decides on care" listed on almost every lead) is noise; intake asks when someone else is named.
      track: ['inquiry_details', 'service_interest', 'location', 'insurance', 'timeline', 'phone', 'contact_method', 'contact_consent'],
      reviewWhenMissing: ['service_interest', 'location'],
      reviewSlaMinutes: 1440,
    },
    safety: { phrases: [...SAFETY_PHRASES], slaMinutes: 5 },
  };
}
