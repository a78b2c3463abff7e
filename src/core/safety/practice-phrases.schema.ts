import { z } from 'zod';
import { SAFETY_CATEGORIES } from './safety-lexicon.schema';

/** A practice's phrase as an admin types it: 2–80 characters with a letter or digit. */
const PracticePhrase = z.string().trim().min(2, { message: 'must be at least 2 characters' }).max(80, { message: 'must be at most 80 characters' })
  .regex(/[\p{L}\p{N}]/u, { message: 'must contain a letter or digit' });

/**
 * The practice's own emergency phrases per category and language, screened on top of the
 * built-in lexicon (config/safety/). Part of the criteria document, so they are versioned with
 * it and go live only when a version holding them is published.
 */
export const PracticeSafetyPhrasesSchema = z.array(z.strictObject({
  category: z.enum(SAFETY_CATEGORIES),
  /** ISO 639-1 code: the language's word forms apply when the built-in lexicon has a stemmer for it. */
  language: z.string().regex(/^[a-z]{2}$/, { message: 'must be a two-letter language code such as en or es' }),
  phrases: z.array(PracticePhrase).min(1).max(100),
})).max(100).superRefine((groups, ctx) => {
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const key = `${g.category}/${g.language}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `${key} is listed twice: put its phrases in one entry` });
    seen.add(key);
  });
});
/** The practice's own phrases, grouped by category and language. */
export type PracticeSafetyPhrases = z.infer<typeof PracticeSafetyPhrasesSchema>;
