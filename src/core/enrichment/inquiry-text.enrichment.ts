import type { Criteria } from '../criteria/criteria.schema';
import { PhraseMatcher, type TaggedPhrase } from './phrase-matcher';
import { tokenize, type NormalizedText } from './text-normalize';

/** Tags of the inquiry-text matcher; service line i is reported as SERVICE_LINE_TAG + i. */
export const TEXT_TAG = { booking: 0, price: 1, insurance: 2, urgency: 3, spam: 4, physicianReferral: 5, notPatient: 6 } as const;
export const SERVICE_LINE_TAG = 7;

const CLINICIANS = ['doctor', 'dr', 'physician', 'pcp', 'primary care doctor', 'primary care physician', 'surgeon', 'specialist', 'orthopedist', 'podiatrist', 'chiropractor'];
/**
 * Phrases that say a clinician referred the patient. Only explicit ones: "my surgeon" or "my
 * doctor's office" alone names a clinician, not a referral (issue 17).
 */
const PHYSICIAN_REFERRAL_PHRASES = [
  ...CLINICIANS.flatMap((who) => [`referred by my ${who}`, `referred by ${who}`, `my ${who} referred`, `${who} referred me`, `referral from my ${who}`, `referral from ${who}`, `my ${who} s referral`, `my ${who} sent me`]),
  'i have a referral', 'i got a referral', 'have my referral', 'referral letter', 'my referral', 'was referred to you', 'been referred to you', 'referred me to your',
];

/**
 * Phrases of inquiries that are not from (or for) a patient: vendors, recruiters, job seekers,
 * SEO and marketing pitches. Written as whole phrases a patient would not use.
 */
const NOT_PATIENT_PHRASES = [
  // vendors
  'revenue cycle', 'medical billing services', 'billing services', 'billing company', 'credentialing services', 'our company', 'our platform',
  'our software', 'our solution*', 'our services', 'we help practices', 'we help clinics', 'we help medical practices', 'we work with practices',
  'partnership opportunit*', 'partner with your practice', 'your practice administrator', 'practice administrator', 'your office manager',
  'decision maker at your practice', 'quick demo', 'schedule a demo', 'book a demo', 'free demo', 'vendor', 'reseller', 'sales representative',
  'increase your revenue', 'grow your practice', 'more patients for your practice', 'patient acquisition', 'reduce denials', 'ar recovery',
  // recruiters and job seekers
  'my resume', 'my cv', 'attached resume', 'attached my resume', 'job opening*', 'open position*', 'are you hiring', 'you are hiring',
  'employment opportunit*', 'career opportunit*', 'looking for employment', 'looking for a job', 'apply for the', 'job application',
  'position as a', 'licensed therapist looking', 'staffing agency', 'staffing services', 'recruiter', 'recruiting', 'candidates for',
  'locum*', 'per diem position', 'join your team', 'work at your practice', 'work for your practice',
  // SEO and marketing
  'seo', 'search engine optimization', 'marketing services', 'digital marketing', 'marketing agency', 'lead generation', 'google ranking',
  'rank your website', 'website redesign', 'web design services', 'social media management', 'reviews management',
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
  /** A vendor, recruiter, job seeker or marketing pitch, not a patient inquiry. */
  readonly notPatient: boolean;
  /** Index of the service line whose keywords appear most often, or -1. */
  readonly serviceLineIndex: number;
}

const EMPTY: InquiryFacts = {
  present: false, bookingRequest: false, priceQuestion: false, insuranceQuestion: false, urgency: false,
  spam: false, physicianReferral: false, notPatient: false, serviceLineIndex: -1,
};

/** Builds the one matcher that finds every phrase family of a criteria version in one pass. */
export function compileInquiryMatcher(criteria: Criteria): PhraseMatcher {
  const p = criteria.inquiryPhrases;
  const tagged = (phrases: readonly string[], tag: number): TaggedPhrase[] => phrases.map((phrase) => ({ phrase, tag }));
  return new PhraseMatcher([
    ...tagged(p.booking, TEXT_TAG.booking), ...tagged(p.price, TEXT_TAG.price), ...tagged(p.insurance, TEXT_TAG.insurance),
    ...tagged(p.urgency, TEXT_TAG.urgency), ...tagged(p.spam, TEXT_TAG.spam),
    ...tagged(PHYSICIAN_REFERRAL_PHRASES, TEXT_TAG.physicianReferral), ...tagged(NOT_PATIENT_PHRASES, TEXT_TAG.notPatient),
    ...criteria.serviceLines.flatMap((line, i) => tagged(line.keywords.flatMap(withWordForms), SERVICE_LINE_TAG + i)),
  ]);
}

/**
 * A keyword and its plural word forms ("hip replacement" → "hip replacements"; "injury" →
 * "injuries"), so patients who write plurals are understood. Keywords ending in "*" already
 * match any ending.
 */
export function withWordForms(keyword: string): string[] {
  const trimmed = keyword.trim();
  if (trimmed.endsWith('*') || !/[a-z]$/i.test(trimmed)) return [trimmed];
  const forms = [trimmed, `${trimmed}s`];
  if (/(?:s|x|z|ch|sh)$/i.test(trimmed)) forms.push(`${trimmed}es`);
  if (/[^aeiou]y$/i.test(trimmed)) forms.push(`${trimmed.slice(0, -1)}ies`);
  return forms;
}

/**
 * Booking request, price and insurance questions, urgency, spam markers
 * and service-line keywords in the inquiry text. A link is a spam marker only when nothing in
 * the message is about care: patients do paste links to the practice's own pages.
 */
export function enrichInquiryText(message: NormalizedText | null, matcher: PhraseMatcher): InquiryFacts {
  if (message === null) return EMPTY;
  const long = message.raw.length > MAX_SCANNED_CHARS;
  const text = long ? message.raw.slice(0, MAX_SCANNED_CHARS) : message.raw;
  const counts = matcher.count(long ? tokenize(text) : message.words);
  const serviceLineIndex = bestServiceLine(counts);
  const booking = has(counts, TEXT_TAG.booking);
  const price = has(counts, TEXT_TAG.price);
  const insurance = has(counts, TEXT_TAG.insurance);
  const aboutCare = booking || price || insurance || serviceLineIndex >= 0;
  return {
    present: true,
    bookingRequest: booking,
    priceQuestion: price,
    insuranceQuestion: insurance,
    urgency: has(counts, TEXT_TAG.urgency),
    spam: has(counts, TEXT_TAG.spam) || (!aboutCare && URL_MARKER.test(text)),
    physicianReferral: has(counts, TEXT_TAG.physicianReferral),
    notPatient: has(counts, TEXT_TAG.notPatient),
    serviceLineIndex,
  };
}

function has(counts: Int32Array, tag: number): boolean {
  return (counts[tag] ?? 0) > 0;
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
