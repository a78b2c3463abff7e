import { distance } from 'fastest-levenshtein';
import { newStemmer, type Stemmer } from 'snowball-stemmers';

const stemmers = new Map<string, Stemmer>();
const STEM_MEMO_LIMIT = 50_000;

/**
 * The Snowball stemmer for an algorithm name, created once, its answers remembered: the
 * JavaScript port takes 15–25 µs a word (measured), too slow to call twice for one word.
 */
export function stemmerFor(algorithm: string): Stemmer {
  let s = stemmers.get(algorithm);
  if (s === undefined) {
    const raw = newStemmer(algorithm);
    const memo = new Map<string, string>();
    s = {
      stem(word: string): string {
        let stem = memo.get(word);
        if (stem === undefined) {
          stem = raw.stem(word);
          if (memo.size >= STEM_MEMO_LIMIT) memo.clear();
          memo.set(word, stem);
        }
        return stem;
      },
    };
    stemmers.set(algorithm, s);
  }
  return s;
}

/** Endings tried on a lexicon word; the stemmer keeps only those that are forms of the same word. */
const ENDINGS: Readonly<Record<string, readonly string[]>> = {
  english: ['s', 'es', 'ed', 'd', 'ing'],
  spanish: ['s', 'es', 'a', 'o', 'as', 'os', 'ando', 'iendo', 'ado', 'ada', 'ido', 'ar', 'e', 'an'],
  russian: ['а', 'у', 'ы', 'и', 'е', 'ь', 'ю', 'я', 'ой', 'ом', 'ит', 'ат', 'ал', 'ала', 'ть', 'юсь', 'усь', 'ется'],
  french: ['s', 'e', 'es', 'ent', 'er', 'ez', 'ais', 'ait', 'ant', 'é', 'ée'],
  portuguese: ['s', 'a', 'o', 'ando', 'endo', 'ado', 'ido', 'ar', 'er', 'ir'],
};

/**
 * Word forms of a lexicon word: the word, plus every candidate ending (also with a final vowel
 * dropped or the last consonant doubled) whose stem is the word's stem — "breathe" → "breathes",
 * "breathing", "breathed"; "respirar" → "respiro", "respirando". Run once when the lexicon is
 * compiled, so matching costs one map lookup per word of the text.
 */
export function generateWordForms(word: string, algorithm: string | undefined): string[] {
  const forms = new Set([word]);
  if (algorithm === undefined || word.length < 4 || /\d/.test(word)) return [...forms];
  const stemmer = stemmerFor(algorithm);
  const stem = stemmer.stem(word);
  const bases = new Set([word, stem]);
  if (/[aeiouyаеиоуыьяю]$/.test(word)) bases.add(word.slice(0, -1));
  if (algorithm === 'english' && word.endsWith('y')) for (const f of [`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`]) forms.add(f);
  else if (algorithm === 'english' && word.length <= 5) bases.add(word + word.slice(-1));
  for (const base of bases) {
    for (const ending of ENDINGS[algorithm] ?? []) {
      const form = base + ending;
      if (form.length >= 3 && stemmer.stem(form) === stem) forms.add(form);
    }
  }
  if (stem.length >= 4) forms.add(stem);
  return [...forms];
}

/**
 * A rough sound-alike key for Latin-script words, so "seizer" meets "seizure" and "numbnes" meets
 * "numbness": common spellings of one sound made equal, doubled letters collapsed, vowels after
 * the first letter dropped.
 */
export function phoneticKey(word: string): string {
  const s = word.replace(/ph/g, 'f').replace(/ck|q/g, 'k').replace(/z/g, 's').replace(/y/g, 'i').replace(/gh/g, 'g').replace(/th/g, 't').replace(/(.)\1+/g, '$1');
  return s.charAt(0) + s.slice(1).replace(/[aeiou]/g, '');
}

/** Latin-letter words long enough for a misspelling to be told from another word. */
export const MIN_FUZZY_LENGTH = 5;

/** Edits allowed between a misspelt word and a lexicon word of this length. */
export function allowedEdits(length: number): number {
  return length >= 8 ? 2 : 1;
}

/**
 * Two neighbouring letters swapped ("chset", "breahte"), the commonest slip on a phone keyboard:
 * edit distance counts it as two edits, a person makes it as one.
 */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Lexicon words by their first two letters, for the misspelling search: a word of the text that
 * is not in the lexicon is compared (edit distance and sound-alike key) only with lexicon words
 * that start the same way and are about as long. People rarely mistype a word's first letters.
 */
export class FuzzyIndex {
  private readonly buckets = new Map<string, { word: string; key: string }[]>();

  add(word: string): void {
    if (word.length < MIN_FUZZY_LENGTH || !/^[a-z]+$/.test(word)) return;
    const bucketKey = word.slice(0, 2);
    const bucket = this.buckets.get(bucketKey) ?? [];
    if (!bucket.some((e) => e.word === word)) bucket.push({ word, key: phoneticKey(word) });
    this.buckets.set(bucketKey, bucket);
  }

  /** True when some lexicon word starts like this one (a cheap test before `closest`). */
  mayMatch(word: string): boolean {
    return word.length >= MIN_FUZZY_LENGTH && this.buckets.has(word.slice(0, 2));
  }

  /** Lexicon words this word may be a misspelling of. */
  closest(word: string): string[] {
    const bucket = this.buckets.get(word.slice(0, 2));
    if (bucket === undefined || !/^[a-z]+$/.test(word)) return [];
    const key = phoneticKey(word);
    const out: string[] = [];
    for (const entry of bucket) {
      if (Math.abs(entry.word.length - word.length) > 2) continue;
      const edits = distance(entry.word, word);
      // A sound-alike with at most two edits ("seizer" for "seizure"); else plain edit distance.
      const soundsAlike = word.length >= 6 && entry.key === key && key.length >= 3 && edits <= 2;
      const slips = edits === 2 && isTransposition(entry.word, word) ? 1 : edits;
      if (soundsAlike || slips <= allowedEdits(Math.min(entry.word.length, word.length))) out.push(entry.word);
    }
    return out;
  }
}
