import type { Criteria } from '../criteria/criteria.schema';
import { PhraseMatcher, type TaggedPhrase } from './phrase-matcher';
import { tokenize } from './text-normalize';

/** Tags of the inquiry-text matcher; service line i is reported as SERVICE_LINE_TAG + i. */
export const TEXT_TAG = { booking: 0, price: 1, insurance: 2, urgency: 3, spam: 4, physicianReferral: 6 } as const;
export const SERVICE_LINE_TAG = 7;

/** Phrases that mean a clinician sent the patient, wherever they are written. */
const PHYSICIAN_REFERRAL_PHRASES = [
  'my doctor', 'my physician', 'my pcp', 'referred by dr', 'referred by doctor', 'doctor referred', 'physician referred',
  'referral from dr', 'referral from my doctor', 'primary care', 'pcp referred', 'my dr', 'my surgeon', 'my specialist',
];
/**
 * Text beyond this many characters is not scanned for scoring: a real inquiry is far shorter, and
 * the cap bounds the work one pasted document can cost (HubSpot text areas hold up to 65,536).
 * The clinical-safety screen (core/safety) reads the whole text, whatever its length.
 */
export const MAX_SCANNED_CHARS = 5_000;
const URL_MARKER = /https?:\/\/|www\.|\.(?:com|net|org|io|ru|xyz|info|biz)\/\S/i;

/** What the inquiry's free text says, as counts and flags (never the text itself). */
export interface InquiryFacts {
  readonly present: boolean;
  readonly bookingRequest: boolean;
  readonly priceQuestion: boolean;
  readonly insuranceQuestion: boolean;
  readonly urgency: boolean;
  readonly spam: boolean;
  readonly physicianReferral: boolean;
  /** Index of the service line whose keywords appear most often, or -1. */
  readonly serviceLineIndex: number;
}

const EMPTY: InquiryFacts = {
  present: false, bookingRequest: false, priceQuestion: false, insuranceQuestion: false, urgency: false,
  spam: false, physicianReferral: false, serviceLineIndex: -1,
};

/** Builds the one matcher that finds every phrase family of a criteria version in one pass. */
export function compileInquiryMatcher(criteria: Criteria): PhraseMatcher {
  const p = criteria.inquiryPhrases;
  const tagged = (phrases: readonly string[], tag: number): TaggedPhrase[] => phrases.map((phrase) => ({ phrase, tag }));
  return new PhraseMatcher([
    ...tagged(p.booking, TEXT_TAG.booking), ...tagged(p.price, TEXT_TAG.price), ...tagged(p.insurance, TEXT_TAG.insurance),
    ...tagged(p.urgency, TEXT_TAG.urgency), ...tagged(p.spam, TEXT_TAG.spam),
    ...tagged(PHYSICIAN_REFERRAL_PHRASES, TEXT_TAG.physicianReferral),
    ...criteria.serviceLines.flatMap((line, i) => tagged(line.keywords, SERVICE_LINE_TAG + i)),
  ]);
}

/**
 * Booking request, price and insurance questions, urgency, spam markers
 * and service-line keywords in the inquiry text. A link is a spam marker only when nothing in
 * the message is about care: patients do paste links to the practice's own pages.
 */
export function enrichInquiryText(text: string | null, matcher: PhraseMatcher): InquiryFacts {
  if (text === null) return EMPTY;
  if (text.length > MAX_SCANNED_CHARS) text = text.slice(0, MAX_SCANNED_CHARS);
  const counts = matcher.count(tokenize(text));
  const has = (tag: number) => (counts[tag] ?? 0) > 0;
  const serviceLineIndex = bestServiceLine(counts);
  const aboutCare = has(TEXT_TAG.booking) || has(TEXT_TAG.price) || has(TEXT_TAG.insurance) || serviceLineIndex >= 0;
  return {
    present: true,
    bookingRequest: has(TEXT_TAG.booking),
    priceQuestion: has(TEXT_TAG.price),
    insuranceQuestion: has(TEXT_TAG.insurance),
    urgency: has(TEXT_TAG.urgency),
    spam: has(TEXT_TAG.spam) || (!aboutCare && URL_MARKER.test(text)),
    physicianReferral: has(TEXT_TAG.physicianReferral),
    serviceLineIndex,
  };
}

/** The service line with the most keyword hits; ties go to the one listed first. */
export function bestServiceLine(counts: Int32Array): number {
  let best = -1;
  let bestCount = 0;
  for (let tag = SERVICE_LINE_TAG; tag < counts.length; tag++) {
    const c = counts[tag] ?? 0;
    if (c > bestCount) [best, bestCount] = [tag - SERVICE_LINE_TAG, c];
  }
  return best;
}
