import { z } from 'zod';

/** The emergency categories the safety screen knows, in the order reasons list them. */
export const SAFETY_CATEGORIES = [
  'cardiac', 'breathing', 'stroke', 'bleeding', 'unconscious', 'overdose', 'suicide', 'anaphylaxis', 'injury', 'pregnancy', 'emergency',
] as const;
/** An emergency category. */
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

const Entry = z.string().min(1).max(80).regex(/[\p{L}\p{N}]/u, { message: 'must contain a letter or digit' });
const Entries = z.array(Entry).max(500);

/** "chest" within `within` words (or characters, for languages written without spaces) of "pain". */
export const NearPatternSchema = z.strictObject({
  words: z.array(Entry).min(1).max(100),
  with: z.array(Entry).min(1).max(100),
  within: z.number().int().min(1).max(12),
});

/** What one language says for one category: phrases (all their word forms) and proximity patterns. */
export const SafetyCategoryEntrySchema = z.strictObject({
  phrases: Entries.default([]),
  near: z.array(NearPatternSchema).max(50).default([]),
});

/**
 * One language's safety lexicon, as a clinician reviews it in config/safety/<language>.json.
 * `mode: "words"` matches whole words (with their inflections and misspellings); `"characters"`
 * matches within the running text, for scripts written without spaces or with attached particles
 * (Chinese, Korean, Arabic, Bengali).
 */
export const SafetyLanguageLexiconSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/, { message: 'must be a two-letter ISO 639-1 code' }),
  name: z.string().min(1).max(40),
  mode: z.enum(['words', 'characters']),
  /** Snowball stemmer that generates and recognises this language's word forms (none: exact forms only). */
  stemmer: z.enum(['english', 'spanish', 'russian', 'french', 'portuguese']).optional(),
  categories: z.partialRecord(z.enum(SAFETY_CATEGORIES), SafetyCategoryEntrySchema),
  /** Words right before a mention that negate it ("no chest pain"): the mention is then reviewed, not flagged. */
  negations: Entries.default([]),
  /** Words that may stand between a negation and the mention ("not an emergency", "no signs of stroke"). */
  negationFillers: Entries.default([]),
  /** Words before a mention that make it history ("history of stroke"). */
  hedgesBefore: Entries.default([]),
  /** Words after a mention that make it history ("stroke two years ago"). */
  hedgesAfter: Entries.default([]),
  /**
   * Words that make a time just now, not history: a hedge after a mention is ignored when one of
   * these stands between them ("took 20 pills an hour ago" stays flagged; "stroke 3 years ago" does not).
   */
  recentTimeWords: Entries.default([]),
  /** Phrases that only look like an emergency ("stroke of luck"): the words they cover are not read as one. */
  exclusions: Entries.default([]),
  /** Real words one typo away from a lexicon word ("breast" from "breath"): never read as misspellings. */
  notMisspellings: Entries.default([]),
  /**
   * Texting and phonetic spellings too short or too far for the misspelling search, each with the
   * lexicon word it stands for ("cnt" → "cant", "bleedin" → "bleeding"): the spelling then matches
   * wherever that word does.
   */
  spellings: z.record(Entry, Entry).default({}),
});
/** One language's lexicon. */
export type SafetyLanguageLexicon = z.infer<typeof SafetyLanguageLexiconSchema>;

/** The built-in lexicon: every language, and the version recorded with each result. */
export const SafetyLexiconSchema = z.strictObject({
  version: z.string().min(1).max(40),
  languages: z.array(SafetyLanguageLexiconSchema).min(1).max(40),
}).superRefine((lex, ctx) => {
  const seen = new Set<string>();
  lex.languages.forEach((l, i) => {
    if (seen.has(l.language)) ctx.addIssue({ code: 'custom', path: ['languages', i, 'language'], message: `language ${l.language} is listed twice` });
    seen.add(l.language);
  });
});
/** The built-in safety lexicon. */
export type SafetyLexicon = z.infer<typeof SafetyLexiconSchema>;
