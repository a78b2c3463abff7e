import { z } from 'zod';

/** The emergency categories the safety screen knows, in the order reasons list them. */
export const SAFETY_CATEGORIES = [
  'cardiac', 'breathing', 'stroke', 'bleeding', 'unconscious', 'overdose', 'suicide', 'anaphylaxis', 'injury', 'pregnancy', 'pediatric', 'urgent', 'emergency',
] as const;
/** An emergency category. */
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

const Entry = z.string().min(1).max(80).regex(/[\p{L}\p{N}]/u, { message: 'must contain a letter or digit' });
const Entries = z.array(Entry).max(500);

/** Words-mode patterns reach at most this many words; a character-mode pattern counts characters, so reaches further. */
const MAX_WITHIN_WORDS = 12;
const MAX_WITHIN_CHARACTERS = 40;

/** A near side's entry "@name" stands for every word of the language's family `name`. */
const FAMILY_REFERENCE = /^@([a-z_]+)$/;

/**
 * "chest" within `within` words (or characters, for languages written without spaces) of "pain".
 * Characters allow more: an Arabic or Bengali word is four to six characters, so twelve characters
 * is only two or three words ("انزف من انفي منذ ساعتين ولا يتوقف").
 */
export const NearPatternSchema = z.strictObject({
  words: z.array(Entry).min(1).max(100),
  with: z.array(Entry).min(1).max(100),
  within: z.number().int().min(1).max(MAX_WITHIN_CHARACTERS),
});

/** What one language says for one category: phrases (all their word forms) and proximity patterns. */
export const SafetyCategoryEntrySchema = z.strictObject({
  phrases: Entries.default([]),
  near: z.array(NearPatternSchema).max(50).default([]),
});

const GRAMMAR_NAME = z.string().regex(/^[a-z_]+$/);

/**
 * The emergency grammar: a body-part or symptom concept ("chest", "breath", "speech") with a marker
 * ("acuity": worst, suddenly, soaked; "unable": cant, barely; "present": right now; "vulnerable":
 * toddler, pregnant, on blood thinners; "intent": want, plan) within `within` words (characters, for
 * languages written without spaces) flags the concept's category, whatever the words around them.
 * It is how the screen catches emergencies told in words no phrase lists. A concept names the marker
 * classes it pairs with; a class it names must be defined.
 */
export const SafetyGrammarSchema = z.strictObject({
  within: z.number().int().min(1).max(MAX_WITHIN_CHARACTERS),
  markers: z.record(GRAMMAR_NAME, z.array(Entry).min(1).max(300)),
  /**
   * Marker classes that count only right after one of `negators` ("no puede", "не может", "can
   * not"): the negation is then part of the finding, never a hedge of it.
   */
  negatedMarkers: z.array(GRAMMAR_NAME).default([]),
  negators: z.array(Entry).max(50).default([]),
  concepts: z.record(GRAMMAR_NAME, z.strictObject({
    category: z.enum(SAFETY_CATEGORIES),
    words: z.array(Entry).min(1).max(300),
    with: z.array(GRAMMAR_NAME).min(1),
  })),
}).superRefine((g, ctx) => {
  for (const [name, concept] of Object.entries(g.concepts)) {
    for (const marker of [...concept.with, ...g.negatedMarkers]) if (g.markers[marker] === undefined) ctx.addIssue({ code: 'custom', path: ['concepts', name, 'with'], message: `names marker class "${marker}", which this grammar does not define` });
  }
});
/** One language's emergency grammar. */
export type SafetyGrammar = z.infer<typeof SafetyGrammarSchema>;

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
  /**
   * Concept families shared by many near patterns ("severe": sudden, worst, unbearable…; "infant":
   * newborn, baby…): a near side names one as "@severe" and gets all its words, so a family is
   * written (and reviewed, and extended) once.
   */
  families: z.record(z.string().regex(/^[a-z_]+$/), z.array(Entry).min(1).max(300)).default({}),
  /**
   * Characters mode: an entry shorter than `below` characters ("دم", "숨") matches only within one
   * word of the text, never across a space or punctuation, and with `wordStart` only at a word's
   * start or right after one of `prefixes` (Arabic "ال", "و", "ب"): else it matches inside longer
   * words ("دم" in "استخدم").
   */
  shortEntries: z.strictObject({ below: z.number().int().min(2).max(6), wordStart: z.boolean(), prefixes: z.array(Entry).max(20).default([]) }).optional(),
  /** The emergency grammar (concept × acuity, present time or vulnerable person); see SafetyGrammarSchema. */
  grammar: SafetyGrammarSchema.optional(),
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
  /**
   * Words that make a time a start rather than an end ("since last night", "desde ayer"): between a
   * mention and an after-hedge they cancel it, as the trouble is still going on.
   */
  ongoingWords: Entries.default([]),
  /**
   * Words that deny a finding named by a noun ("no fever", "sin fiebre"). Right before the second
   * word of a proximity match they deny that match ("cough for a week, no fever"); verb negations
   * ("face isnt moving") do not, since there the negation is often the emergency.
   */
  absenceWords: Entries.default([]),
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
}).superRefine((lex, ctx) => {
  for (const [category, entry] of Object.entries(lex.categories)) {
    entry?.near.forEach((n, i) => {
      for (const [side, words] of [['words', n.words], ['with', n.with]] as const) {
        for (const w of words) {
          const family = FAMILY_REFERENCE.exec(w)?.[1];
          if (family !== undefined && lex.families[family] === undefined) ctx.addIssue({ code: 'custom', path: ['categories', category, 'near', i, side], message: `names family "${family}", which this language does not define` });
        }
      }
      if (lex.mode === 'words' && n.within > MAX_WITHIN_WORDS) ctx.addIssue({ code: 'custom', path: ['categories', category, 'near', i, 'within'], message: `a words-mode pattern reaches at most ${MAX_WITHIN_WORDS} words` });
    });
  }
});
/** A near side with its "@family" entries replaced by the family's words. */
export function expandFamilies(side: readonly string[], families: Readonly<Record<string, readonly string[]>>): string[] {
  return side.flatMap((w) => {
    const family = FAMILY_REFERENCE.exec(w)?.[1];
    return family === undefined ? [w] : [...(families[family] ?? [])];
  });
}

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
