import { TIMELINE_BUCKETS, VALUE_TIERS } from './vocabulary';

/**
 * What a signal holds, so a condition can be checked before it ever runs: a boolean, a number
 * (null when unknown), one of a fixed set of values, an id defined elsewhere in the criteria, or a
 * short code (phone region).
 */
export type SignalKind =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'ref'; readonly of: 'serviceLines' | 'payers' | 'locations' }
  | { readonly kind: 'code' };

const bool = { kind: 'boolean' } as const;
const num = { kind: 'number' } as const;
const oneOf = <const T extends readonly string[]>(values: T) => ({ kind: 'enum', values }) as const;

/**
 * Every signal enrichment produces, by name. Conditions may only name these; the schema rejects
 * anything else, which is what makes criteria safe to evaluate without `eval`.
 */
export const SIGNAL_CATALOG = {
  'serviceLine.status': oneOf(['offered', 'not_offered', 'unknown']),
  'serviceLine.id': { kind: 'ref', of: 'serviceLines' },
  'serviceLine.valueTier': oneOf([...VALUE_TIERS, 'unknown']),
  'location.status': oneOf(['within_area', 'outside_area', 'in_served_state', 'outside_served_states', 'unknown']),
  'location.distanceMiles': num,
  'location.nearestId': { kind: 'ref', of: 'locations' },
  'payer.status': oneOf(['accepted', 'self_pay', 'not_accepted', 'unknown']),
  'payer.id': { kind: 'ref', of: 'payers' },
  'payer.provided': bool,
  'payer.program': oneOf(['commercial', 'medicare', 'medicare_advantage', 'medicaid', 'medicaid_managed_care', 'unknown']),
  'phone.status': oneOf(['valid', 'invalid', 'missing']),
  'phone.type': oneOf(['mobile', 'landline', 'mobile_or_landline', 'voip', 'toll_free', 'other', 'unknown']),
  'phone.region': { kind: 'code' },
  'email.status': oneOf(['valid', 'invalid', 'missing']),
  'email.disposable': bool,
  'email.role': bool,
  'email.test': bool,
  'contact.reachability': oneOf(['reachable', 'unreachable', 'unknown']),
  'inquiry.present': bool,
  'inquiry.bookingRequest': bool,
  'inquiry.priceQuestion': bool,
  'inquiry.insuranceQuestion': bool,
  'inquiry.urgency': bool,
  'inquiry.spam': bool,
  'inquiry.notPatient': bool,
  'safety.flag': bool,
  'timeline.bucket': oneOf(TIMELINE_BUCKETS),
  'decisionMaker.status': oneOf(['self', 'on_behalf', 'not_decision_maker', 'unknown']),
  'documents.status': oneOf(['provided', 'not_provided', 'unknown']),
  'referral.type': oneOf(['physician', 'word_of_mouth', 'other', 'none']),
  'engagement.pageViews': num,
  'engagement.visits': num,
  'engagement.conversions': num,
  'engagement.source': oneOf([
    'organic_search', 'paid_search', 'email_marketing', 'social_media', 'referrals', 'other_campaigns',
    'direct_traffic', 'offline', 'paid_social', 'ai_referrals', 'unknown',
  ]),
  'engagement.appointmentForm': bool,
  'engagement.guideDownload': bool,
  'consent.status': oneOf(['granted', 'denied', 'unknown']),
  'consent.emailOptedOut': bool,
} as const satisfies Record<string, SignalKind>;

/** The name of a signal a condition can test. */
export type SignalName = keyof typeof SIGNAL_CATALOG;

type ValueOf<K extends SignalKind> = K extends { kind: 'boolean' }
  ? boolean
  : K extends { kind: 'number' }
    ? number | null
    : K extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : string | null;

/** The enriched facts about one contact: one value per catalogued signal. */
export type SignalValues = { -readonly [N in SignalName]: ValueOf<(typeof SIGNAL_CATALOG)[N]> };

/** All signal names, for validation messages and the console's rule editor. */
export const SIGNAL_NAMES = Object.keys(SIGNAL_CATALOG) as SignalName[];

/** True when `name` is a catalogued signal. */
export function isSignalName(name: string): name is SignalName {
  return Object.prototype.hasOwnProperty.call(SIGNAL_CATALOG, name);
}
