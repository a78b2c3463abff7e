import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';
import type { SignalValues } from '../criteria/signal-catalog';
import { readText } from './text-normalize';

/** What enrichment learns from a phone number. */
export interface PhoneFacts {
  readonly status: SignalValues['phone.status'];
  readonly type: SignalValues['phone.type'];
  readonly region: string | null;
}

const MISSING: PhoneFacts = { status: 'missing', type: 'unknown', region: null };
const INVALID: PhoneFacts = { status: 'invalid', type: 'unknown', region: null };

/** A North American number written the usual ways: (617) 253-1000, +1 617.253.1000, 6172531000. */
const NANP_SHAPE = /^(?:\+?1[\s.-]*)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})$/;
const OBVIOUS_FAKE = /^(\d)\1{9}$|^(?:0123456789|1234567890|9876543210)$/;

/**
 * libphonenumber-js builds a RegExp from its metadata on every check (about 15–20 µs per number
 * on this machine), which alone would cap qualification near 50k contacts/s. Its answer for a
 * +1 number depends only on the area code and exchange (every NANP pattern in its metadata ends
 * in `\d{4}`; a test checks this against the library for random numbers), so results are
 * remembered per NPA-NXX — a prefix shared by thousands of lines, not a patient's number.
 */
const nanpCache = new Map<string, PhoneFacts>();
const NANP_CACHE_LIMIT = 50_000;

const TYPE_NAMES: Partial<Record<NonNullable<NumberType>, PhoneFacts['type']>> = {
  MOBILE: 'mobile', FIXED_LINE: 'landline', FIXED_LINE_OR_MOBILE: 'mobile_or_landline', VOIP: 'voip', TOLL_FREE: 'toll_free',
};

/**
 * Phone validity, line type and region via libphonenumber-js (full metadata, default region US).
 * US numbers are usually `mobile_or_landline`: the North American plan does not tell them apart.
 */
export function enrichPhone(raw: string | null | undefined): PhoneFacts {
  const text = readText(raw);
  if (text === null) return MISSING;
  const nanp = NANP_SHAPE.exec(text);
  if (nanp === null) return classifyWithLibrary(text);
  const digits = `${nanp[1]}${nanp[2]}${nanp[3]}`;
  if (OBVIOUS_FAKE.test(digits)) return INVALID;
  const prefix = digits.slice(0, 6);
  let facts = nanpCache.get(prefix);
  if (facts === undefined) {
    facts = classifyWithLibrary(`+1${digits}`);
    if (nanpCache.size >= NANP_CACHE_LIMIT) nanpCache.clear();
    nanpCache.set(prefix, facts);
  }
  return facts;
}

/** Classifies a number with libphonenumber-js alone (exported for the equivalence test). */
export function classifyWithLibrary(text: string): PhoneFacts {
  const parsed = parsePhoneNumberFromString(text, 'US');
  if (parsed === undefined || !parsed.isValid()) return INVALID;
  const type = parsed.getType();
  return { status: 'valid', type: type === undefined ? 'unknown' : (TYPE_NAMES[type] ?? 'other'), region: parsed.country ?? null };
}
