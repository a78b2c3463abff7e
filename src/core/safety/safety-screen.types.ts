import type { SafetyCategory } from './safety-lexicon.schema';

/** One category found in the text, and the language of the lexicon entry that found it. */
export interface SafetyMatch {
  readonly category: SafetyCategory;
  /** ISO 639-1 code of the lexicon that matched, or "xx" for a phrase from the practice's own list. */
  readonly language: string;
  /** The language's name as reasons show it ("Spanish"), or "practice list". */
  readonly languageName: string;
  /** For a grammar match, the concept and marker class that met ("chest × acuity"): lexicon names, never the patient's words. */
  readonly via?: string;
}

/** What the safety screen found in an inquiry's free text (categories and languages, never the text). */
export interface SafetyScreenResult {
  /** An emergency mention that is neither negated nor history: the inquiry goes to clinical review first. */
  readonly flagged: boolean;
  /** Categories of the emergency mentions, in category order, one per category. */
  readonly matches: readonly SafetyMatch[];
  /** Mentions that were negated ("no chest pain") or history ("stroke in 2019"): reviewed, never flagged. */
  readonly hedged: readonly SafetyMatch[];
  /** The language the detector chose for the analysers, when they were needed (else null). */
  readonly detectedLanguage: string | null;
}

/** A pattern's identity: which category, in which language. */
export interface PatternRef {
  readonly category: SafetyCategory;
  readonly language: string;
  readonly languageName: string;
  /** Exclusions ("stroke of luck") mark words as not an emergency; they report nothing. */
  readonly exclusion: boolean;
  /** Set for the emergency grammar's rules: which concept and marker class ("chest × acuity"). */
  readonly via?: string;
}

export const CLEAR_RESULT: SafetyScreenResult = { flagged: false, matches: [], hedged: [], detectedLanguage: null };
