import type { SignalValues } from '../criteria/signal-catalog';
import { memoizeShortText } from './short-text-memo';
import { normalizeText } from './text-normalize';

/** Matches whole normalized words/phrases against a list, compiled once. */
function phraseTest(phrases: readonly string[]): (text: string) => boolean {
  const pattern = new RegExp(`(?:^| )(?:${phrases.map((p) => p).join('|')})(?: |$)`);
  return (text) => pattern.test(text);
}

const YES = phraseTest(['yes', 'y', 'true', '1', 'checked', 'on']);
const NO = phraseTest(['no', 'n', 'false', '0', 'unchecked', 'off']);

/** A checkbox or yes/no answer as true, false or null (unanswered or unreadable). */
export function readYesNo(raw: string | null): boolean | null {
  return raw === null ? null : yesNoOf(raw);
}

const yesNoOf = memoizeShortText((raw: string): boolean | null => {
  const t = normalizeText(raw);
  if (YES(t) && !NO(t)) return true;
  if (NO(t) && !YES(t)) return false;
  return null;
});

const PHYSICIAN = phraseTest(['doctor', 'dr', 'physician', 'md', 'pcp', 'primary care', 'provider', 'specialist', 'surgeon', 'clinician', 'np', 'nurse practitioner', 'referred by', 'referral from', 'hospital', 'clinic']);
const WORD_OF_MOUTH = phraseTest(['friend', 'family', 'patient', 'word of mouth', 'neighbor', 'neighbour', 'coworker', 'co worker', 'colleague', 'relative']);

/** Referral source: a clinician, word of mouth, something else, or none given. */
export function classifyReferral(raw: string | null, physicianInText: boolean): SignalValues['referral.type'] {
  const stated = raw === null ? 'none' : referralOf(raw);
  if (stated === 'physician' || stated === 'word_of_mouth') return stated;
  return physicianInText ? 'physician' : stated;
}

const referralOf = memoizeShortText((raw: string): 'physician' | 'word_of_mouth' | 'other' | 'none' => {
  const t = normalizeText(raw);
  if (t.length === 0) return 'none';
  if (PHYSICIAN(t)) return 'physician';
  if (WORD_OF_MOUTH(t)) return 'word_of_mouth';
  return 'other';
});

const ON_BEHALF = phraseTest(['parent', 'guardian', 'spouse', 'husband', 'wife', 'partner', 'caregiver', 'on behalf', 'for my', 'my child', 'my son', 'my daughter', 'my mother', 'my father', 'my mom', 'my dad', 'power of attorney', 'poa']);
const SELF = phraseTest(['yes', 'self', 'me', 'myself', 'i am', 'i do', 'patient', 'true', 'for me']);
const NOT_DECIDER = phraseTest(['no', 'false', 'someone else', 'not me', 'other person', 'need to ask', 'need approval']);

/** Who decides on care: the contact, someone they act for, someone else, or unknown. */
export function classifyDecisionMaker(raw: string | null): SignalValues['decisionMaker.status'] {
  return raw === null ? 'unknown' : decisionMakerOf(raw);
}

const decisionMakerOf = memoizeShortText((raw: string): SignalValues['decisionMaker.status'] => {
  const t = normalizeText(raw);
  if (ON_BEHALF(t)) return 'on_behalf';
  if (NOT_DECIDER(t)) return 'not_decision_maker';
  if (SELF(t)) return 'self';
  return 'unknown';
});

const DOCS_YES = phraseTest(['yes', 'true', 'provided', 'uploaded', 'attached', 'have', 'have them', 'sent', 'on file']);
const DOCS_NO = phraseTest(['no', 'false', 'not yet', 'none', 'don t have', 'do not have', 'missing']);

/** Whether required documents (referral letter, records) were provided. */
export function classifyDocuments(raw: string | null): SignalValues['documents.status'] {
  return raw === null ? 'unknown' : documentsOf(raw);
}

const documentsOf = memoizeShortText((raw: string): SignalValues['documents.status'] => {
  const t = normalizeText(raw);
  if (DOCS_NO(t)) return 'not_provided';
  if (DOCS_YES(t)) return 'provided';
  return 'unknown';
});

/**
 * HubSpot's `hs_legal_basis` holds GDPR bases such as "Freely given consent from contact" or
 * "Legitimate interest – prospect/lead" (';'-joined); custom consent checkboxes hold true/false.
 * "Not applicable" means GDPR does not apply, not a refusal, so it reads as unknown.
 */
const GRANTED = phraseTest(['yes', 'true', '1', 'granted', 'opted in', 'opt in', 'consent', 'consented', 'legitimate interest', 'performance of a contract', 'freely given consent from contact']);
const DENIED = phraseTest(['no', 'false', '0', 'denied', 'withdrawn', 'opted out', 'opt out', 'revoked', 'do not contact']);

/** Consent to contact from the mapped consent answers and do-not-contact flags. */
export function classifyConsent(consentAnswers: readonly string[], doNotContact: boolean): SignalValues['consent.status'] {
  if (doNotContact) return 'denied';
  let granted = false;
  for (const raw of consentAnswers) {
    const answer = consentOf(raw);
    if (answer === 'denied') return 'denied';
    if (answer === 'granted') granted = true;
  }
  return granted ? 'granted' : 'unknown';
}

/** One consent answer: denied wins over granted within it, as over the others. */
const consentOf = memoizeShortText((raw: string): 'denied' | 'granted' | 'unknown' => {
  const t = normalizeText(raw);
  if (DENIED(t)) return 'denied';
  return GRANTED(t) ? 'granted' : 'unknown';
});

const SOURCES = new Set([
  'organic_search', 'paid_search', 'email_marketing', 'social_media', 'referrals', 'other_campaigns',
  'direct_traffic', 'offline', 'paid_social', 'ai_referrals',
]);

/** HubSpot's `hs_analytics_source` (e.g. ORGANIC_SEARCH) as a lower-case source, or unknown. */
export function classifySource(raw: string | null): SignalValues['engagement.source'] {
  if (raw === null) return 'unknown';
  const key = raw.trim().toLowerCase();
  return SOURCES.has(key) ? (key as SignalValues['engagement.source']) : 'unknown';
}

/** A HubSpot number property as a non-negative number, or null when absent or unreadable. */
export function readCount(raw: string | null): number | null {
  if (raw === null) return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
