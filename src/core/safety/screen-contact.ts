import type { Criteria } from '../criteria/criteria.schema';
import type { PracticeSafetyPhrases } from './practice-phrases.schema';
import { tryGetInstalledSafetyLexicon } from './safety-lexicon.registry';
import type { SafetyCategory, SafetyLanguageLexicon } from './safety-lexicon.schema';
import { SafetyScreen } from './safety-screen';
import { CLEAR_RESULT, type SafetyMatch, type SafetyScreenResult } from './safety-screen.types';
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
  if (texts.length === 0) return clearFor(lexiconVersion);
  const a = builtIn.screen(texts);
  if (custom === null) return a === CLEAR_RESULT ? clearFor(lexiconVersion) : withVersion(a, lexiconVersion);
  const b = custom.screen(texts);
  if (a === CLEAR_RESULT && b === CLEAR_RESULT) return clearFor(lexiconVersion);
  const matches = mergeMatches(a.matches, b.matches);
  return { flagged: matches.length > 0, matches, hedged: mergeMatches(a.hedged, b.hedged), detectedLanguage: a.detectedLanguage ?? b.detectedLanguage, lexiconVersion };
}

const clearByVersion = new Map<string, ContactSafety>();

/** The shared "nothing found" answer for a lexicon version (most contacts: no object per contact). */
function clearFor(lexiconVersion: string): ContactSafety {
  let clear = clearByVersion.get(lexiconVersion);
  if (clear === undefined) {
    clear = Object.freeze({ ...CLEAR_RESULT, lexiconVersion });
    clearByVersion.set(lexiconVersion, clear);
  }
  return clear;
}

function withVersion(r: SafetyScreenResult, lexiconVersion: string): ContactSafety {
  return { flagged: r.flagged, matches: r.matches, hedged: r.hedged, detectedLanguage: r.detectedLanguage, lexiconVersion };
}

function mergeMatches(a: readonly SafetyMatch[], b: readonly SafetyMatch[]): SafetyMatch[] {
  const out = [...a];
  for (const m of b) if (!out.some((x) => x.category === m.category)) out.push(m);
  return out;
}

const EMPTY_LEXICON: Omit<SafetyLanguageLexicon, 'language' | 'name' | 'mode' | 'stemmer'> = {
  categories: {}, families: {}, negations: [], negationFillers: [], hedgesBefore: [], hedgesAfter: [], recentTimeWords: [], ongoingWords: [], absenceWords: [], exclusions: [], notMisspellings: [], spellings: {},
};

/**
 * The practice's own safety phrases as a screen: the older flat list (`safety.phrases`, filed under
 * "emergency stated", English word forms) and the phrases per category and language
 * (`practiceSafetyPhrases`, with that language's word forms when the built-in lexicon has a
 * stemmer for it). A phrase the built-in lexicon already flags ("heart attack": for the flat list
 * in any category, for a filed phrase in its own category), or a "prefix*" some lexicon word
 * starts with ("anaphyla*"), adds nothing and is not screened twice; null when none is left.
 */
export function compileCustomSafetyScreen(phrases: readonly string[], builtIn: SafetyScreen, grouped: PracticeSafetyPhrases = []): SafetyScreen | null {
  const installed = tryGetInstalledSafetyLexicon()?.languages ?? [];
  const lexicons = new Map<string, SafetyLanguageLexicon>();
  const add = (category: SafetyCategory, language: string, raw: string) => {
    const phrase = raw.replace(/\*\s*$/, '').trim();
    if (phrase.length === 0) return;
    // The flat list (language "xx") adds nothing when the built-in list flags the phrase at all; a
    // phrase filed under a category adds that category unless the built-in list already finds it.
    const found = builtIn.screen([phrase]).matches;
    if ((language === 'xx' ? found.length > 0 : found.some((m) => m.category === category)) || (raw.trimEnd().endsWith('*') && builtIn.coversPrefix(phrase))) return;
    const mode = hasCharacterScript(normalizeSafetyText(phrase)) ? 'characters' : 'words';
    const known = installed.find((l) => l.language === language);
    const key = `${language}/${mode}`;
    let lex = lexicons.get(key);
    if (lex === undefined) {
      const stemmer = mode === 'words' ? (language === 'xx' ? 'english' : known?.stemmer) : undefined;
      lex = { ...EMPTY_LEXICON, categories: {}, language, name: language === 'xx' ? 'practice list' : `practice list, ${known?.name ?? language}`, mode, ...(stemmer ? { stemmer } : {}) };
      lexicons.set(key, lex);
    }
    const entry = lex.categories[category] ?? { phrases: [], near: [] };
    entry.phrases.push(phrase);
    lex.categories[category] = entry;
  };
  for (const raw of phrases) add('emergency', 'xx', raw);
  for (const group of grouped) for (const raw of group.phrases) add(group.category, group.language, raw);
  return lexicons.size === 0 ? null : new SafetyScreen([...lexicons.values()]);
}

/**
 * The reason that leads a flagged result: "possible emergency: breathing (Spanish)". Names
 * categories and languages only, never the inquiry's words.
 */
export function formatSafetyReason(matches: readonly SafetyMatch[]): string {
  return `possible emergency: ${matches.map((m) => `${describeSafetyCategory(m.category)} (${m.languageName})`).join(', ')}`;
}
