import { SIGNAL_CATALOG, type ConditionOperator, type SignalKind } from '../../../../core';

/**
 * The condition builder's vocabulary: every catalogued signal with the words an admin picks it
 * by, grouped by topic, the operators in words, and the words for enumerated values. One table,
 * so the picker, the rule summaries and the plain-word errors say the same thing.
 */
export const SIGNAL_GROUPS: ReadonlyArray<{ label: string; signals: ReadonlyArray<[string, string]> }> = [
  { label: 'Service', signals: [['serviceLine.status', 'Service asked for'], ['serviceLine.id', 'Service line'], ['serviceLine.valueTier', 'Value of the service']] },
  { label: 'Location', signals: [['location.status', 'Where they live'], ['location.distanceMiles', 'Miles to the nearest location'], ['location.nearestId', 'Nearest location']] },
  { label: 'Insurance', signals: [['payer.status', 'Insurance'], ['payer.id', 'Insurance carrier'], ['payer.provided', 'Gave their insurance'], ['payer.program', 'Insurance program']] },
  { label: 'Inquiry', signals: [
    ['inquiry.present', 'Wrote a message'], ['inquiry.bookingRequest', 'Asks to book'], ['inquiry.priceQuestion', 'Asks about price'],
    ['inquiry.insuranceQuestion', 'Asks about insurance'], ['inquiry.urgency', 'Uses urgent wording'], ['inquiry.spam', 'Looks like spam'],
    ['inquiry.notPatient', 'Not a patient inquiry'], ['safety.flag', 'Mentions an emergency'],
  ] },
  { label: 'Readiness', signals: [['timeline.bucket', 'Timeline'], ['decisionMaker.status', 'Decision maker'], ['documents.status', 'Referral or records'], ['referral.type', 'Referral']] },
  { label: 'Contact details', signals: [
    ['phone.status', 'Phone number'], ['phone.type', 'Phone type'], ['phone.region', 'Phone country'], ['email.status', 'Email address'],
    ['email.disposable', 'Uses a throwaway email'], ['email.role', 'Uses a shared inbox (info@…)'], ['email.test', 'Uses a test email'],
    ['contact.reachability', 'Can be reached'], ['consent.status', 'Consent to contact'], ['consent.emailOptedOut', 'Opted out of email'],
  ] },
  { label: 'Website activity', signals: [
    ['engagement.pageViews', 'Pages viewed'], ['engagement.visits', 'Visits'], ['engagement.conversions', 'Forms submitted'],
    ['engagement.source', 'Came from'], ['engagement.appointmentForm', 'Filled in an appointment form'], ['engagement.guideDownload', 'Downloaded a guide'],
  ] },
];

const LABELS = new Map(SIGNAL_GROUPS.flatMap((g) => g.signals));

/** The picker's name for a signal (the signal's own name when it is not catalogued). */
export const signalLabel = (signal: string): string => LABELS.get(signal) ?? signal;

/** The catalog entry of a signal, or undefined for a name the catalog lacks. */
export function signalKindOf(signal: unknown): SignalKind | undefined {
  return typeof signal === 'string' && Object.prototype.hasOwnProperty.call(SIGNAL_CATALOG, signal) ? (SIGNAL_CATALOG as Record<string, SignalKind>)[signal] : undefined;
}

/** Operators in words, per kind of signal (the schema's table: condition.schema.ts OPS_BY_KIND). */
export const OPERATOR_WORDS: Readonly<Record<ConditionOperator, string>> = {
  is: 'is', isNot: 'is not', in: 'is any of', notIn: 'is none of', gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most',
  between: 'between', known: 'is known', unknown: 'is unknown',
};

export const OPERATORS_BY_KIND: Readonly<Record<SignalKind['kind'], readonly ConditionOperator[]>> = {
  boolean: ['is'],
  enum: ['is', 'isNot', 'in', 'notIn'],
  ref: ['is', 'isNot', 'in', 'notIn', 'known', 'unknown'],
  code: ['is', 'isNot', 'in', 'notIn', 'known', 'unknown'],
  number: ['gte', 'gt', 'lte', 'lt', 'between', 'known', 'unknown'],
};

const VALUE_WORDS: Readonly<Record<string, string>> = {
  within_area: 'within a location\'s radius', outside_area: 'outside every location\'s radius', in_served_state: 'in a state we serve',
  outside_served_states: 'outside the states we serve', offered: 'one we offer', not_offered: 'one we do not offer', self_pay: 'self-pay',
  not_accepted: 'not accepted', asap: 'as soon as possible', within_2_weeks: 'within 2 weeks', within_3_months: 'within 3 months',
  '3_to_6_months': '3 to 6 months', later: 'later than 6 months', on_behalf: 'decides for someone else', not_decision_maker: 'someone else decides',
  self: 'decides for themselves', word_of_mouth: 'word of mouth', mobile_or_landline: 'mobile or landline', medicare_advantage: 'Medicare Advantage',
  medicaid_managed_care: 'Medicaid managed care', medicaid: 'Medicaid', medicare: 'Medicare', not_provided: 'not provided',
};

/** An enumerated value in words ("within_2_weeks" → "within 2 weeks"). */
export const valueWord = (value: string): string => VALUE_WORDS[value] ?? value.replace(/_/g, ' ');

/** The catalog as the editor's script needs it: kind, operators and value choices per signal. */
export function signalCatalogForScript(): Record<string, { kind: string; ops: Array<[string, string]>; values?: Array<[string, string]>; of?: string }> {
  const out: Record<string, { kind: string; ops: Array<[string, string]>; values?: Array<[string, string]>; of?: string }> = {};
  for (const [signal, spec] of Object.entries(SIGNAL_CATALOG) as Array<[string, SignalKind]>) {
    out[signal] = {
      kind: spec.kind,
      ops: OPERATORS_BY_KIND[spec.kind].map((op) => [op, OPERATOR_WORDS[op]]),
      ...(spec.kind === 'enum' ? { values: spec.values.map((v): [string, string] => [v, valueWord(v)]) } : {}),
      ...(spec.kind === 'ref' ? { of: spec.of } : {}),
    };
  }
  return out;
}
