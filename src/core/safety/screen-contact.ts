import type { Criteria } from '../criteria/criteria.schema';
import type { SafetyLanguageLexicon } from './safety-lexicon.schema';
import { SafetyScreen } from './safety-screen';
import type { SafetyMatch, SafetyScreenResult } from './safety-screen.types';
import { hasCharacterScript, normalizeSafetyText } from './safety-text';
import { describeSafetyCategory } from './safety-wording';

/** Inputs of the property map that hold numbers, codes or consent flags, not words a patient wrote. */
const NOT_FREE_TEXT = new Set<keyof Criteria['propertyMap']>([
  'zip', 'state', 'phone', 'email', 'consent', 'doNotContact', 'emailOptOut', 'pageViews', 'visits', 'conversions', 'source', 'conversionEvents',
]);

/**
 * Every property whose free text the safety screen reads: the message, every other mapped input a
 * patient can type into (service interest, timeline, referral, …) and the practice's extra fields
 * (`safety.screenProperties`: notes, reason for visit, custom fields).
 */
export function safetyTextProperties(criteria: Criteria): string[] {
  const names = new Set<string>();
  for (const [input, list] of Object.entries(criteria.propertyMap)) if (!NOT_FREE_TEXT.has(input as keyof Criteria['propertyMap'])) for (const n of list) names.add(n);
  for (const n of criteria.safety.screenProperties ?? []) names.add(n);
  return [...names];
}

/** What the screen found on one contact, and under which lexicon version. */
export interface ContactSafety extends SafetyScreenResult {
  readonly lexiconVersion: string;
}

/**
 * Screens a contact's free-text properties with the built-in lexicon and the practice's own
 * phrases. A mention the practice's phrases find counts like one the built-in list finds.
 */
export function screenContactSafety(
  props: Readonly<Record<string, string | null | undefined>>, names: readonly string[], builtIn: SafetyScreen, custom: SafetyScreen | null, lexiconVersion: string,
): ContactSafety {
  const texts: string[] = [];
  for (const name of names) {
    const v = props[name];
    if (typeof v === 'string' && v.trim().length > 0) texts.push(v);
  }
  if (texts.length === 0) return { flagged: false, matches: [], hedged: [], detectedLanguage: null, lexiconVersion };
  const a = builtIn.screen(texts);
  if (custom === null) return { ...a, lexiconVersion };
  const b = custom.screen(texts);
  const matches = mergeMatches(a.matches, b.matches);
  return { flagged: matches.length > 0, matches, hedged: mergeMatches(a.hedged, b.hedged), detectedLanguage: a.detectedLanguage ?? b.detectedLanguage, lexiconVersion };
}

function mergeMatches(a: readonly SafetyMatch[], b: readonly SafetyMatch[]): SafetyMatch[] {
  const out = [...a];
  for (const m of b) if (!out.some((x) => x.category === m.category)) out.push(m);
  return out;
}

/**
 * The practice's own safety phrases as a screen: each phrase is filed under the category the
 * built-in lexicon gives it ("heart attack" → chest pain or heart), else "emergency stated".
 */
export function compileCustomSafetyScreen(phrases: readonly string[], builtIn: SafetyScreen): SafetyScreen | null {
  if (phrases.length === 0) return null;
  const words: SafetyLanguageLexicon = { language: 'xx', name: 'practice list', mode: 'words', stemmer: 'english', categories: {}, negations: [], negationFillers: [], hedgesBefore: [], hedgesAfter: [], exclusions: [], notMisspellings: [] };
  const chars: SafetyLanguageLexicon = { ...words, mode: 'characters', stemmer: undefined, categories: {} };
  for (const raw of phrases) {
    const phrase = raw.replace(/\*\s*$/, '').trim();
    if (phrase.length === 0) continue;
    const category = builtIn.screen([phrase]).matches[0]?.category ?? 'emergency';
    const lex = hasCharacterScript(normalizeSafetyText(phrase)) ? chars : words;
    const entry = lex.categories[category] ?? { phrases: [], near: [] };
    entry.phrases.push(phrase);
    lex.categories[category] = entry;
  }
  return new SafetyScreen([words, chars], 'practice list');
}

/**
 * The reason that leads a flagged result: "possible emergency: breathing (Spanish)". Names
 * categories and languages only, never the inquiry's words.
 */
export function formatSafetyReason(matches: readonly SafetyMatch[]): string {
  return `possible emergency: ${matches.map((m) => `${describeSafetyCategory(m.category)} (${m.languageName})`).join(', ')}`;
}
