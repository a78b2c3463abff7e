/**
 * Text normalisation for the safety screen. Unlike the scoring tokenizer it keeps every script
 * (Cyrillic, Arabic, Bengali, Hangul, Han), removes apostrophes inside words ("can't" → "cant",
 * the way many people type it anyway) and never truncates.
 */
const APOSTROPHES = /['\u2018\u2019\u02bc\u0060\u00b4]/g;
// eslint-disable-next-line no-control-regex -- "all ASCII" is exactly the range \x00–\x7f
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/g;
const ANY_WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** Arabic diacritics and tatweel, and the letter variants people use interchangeably. */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
const ARABIC_ALEF = /[\u0622\u0623\u0625]/g;
/** Scripts matched within running text rather than by whole words. */
const CHARACTER_SCRIPTS = /[\u0600-\u06ff\u0980-\u09ff\u1100-\u11ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
const NOT_WORD_CHAR = /[^\p{L}\p{M}\p{N}]+/gu;

const foldMemo = new Map<string, string>();

function foldLatin(ch: string): string {
  let out = foldMemo.get(ch);
  if (out === undefined) {
    out = ch === '\u0111' ? 'd' : ch.normalize('NFD').replace(COMBINING_MARKS, '');
    foldMemo.set(ch, out);
  }
  return out;
}

/**
 * Lower-cases, applies NFKC (fullwidth and compatibility forms), folds Latin accents ("pecho" and
 * "péchó" alike; Vietnamese "đ" → "d"), removes apostrophes and normalises Arabic letter variants.
 * Hangul and Bengali keep their composed forms.
 */
export function normalizeSafetyText(text: string): string {
  const lower = text.toLowerCase().replace(APOSTROPHES, '');
  if (ASCII_ONLY.test(lower)) return lower;
  return lower.normalize('NFKC').replace(LATIN_ACCENTED, foldLatin).replace(COMBINING_MARKS, '')
    .replace(ARABIC_MARKS, '').replace(ARABIC_ALEF, '\u0627').replace(/\u0649/g, '\u064a').replace(/\u0629/g, '\u0647');
}

/** Words of a normalised text (letters, marks and digits of any script). */
export function safetyWords(normalized: string): string[] {
  return (ASCII_ONLY.test(normalized) ? normalized.match(ASCII_WORD) : normalized.match(ANY_WORD)) ?? [];
}

/** True when the text holds a script that is matched within running text. */
export function hasCharacterScript(normalized: string): boolean {
  return !ASCII_ONLY.test(normalized) && CHARACTER_SCRIPTS.test(normalized);
}

/** The text with everything but letters, marks and digits removed: "가슴이 아파요" → "가슴이아파요". */
export function compactText(normalized: string): string {
  return normalized.replace(NOT_WORD_CHAR, '');
}

/**
 * Words of a text, normalised as `normalizeSafetyText` would, in one pass over its characters for
 * the common all-ASCII text (no regex passes, no intermediate string); other texts take the
 * Unicode path. `out.text` gets the normalised text only when it is not ASCII (the
 * character-mode scripts need it).
 */
export function safetyTokens(text: string, out: { text: string | null }): string[] {
  out.text = null;
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  let pending = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (c === 39 || c === 96) {
      if (start >= 0) pending += lower.slice(start, i);
      start = -1;
    } else if (c > 127) {
      out.text = normalizeSafetyText(text);
      return safetyWords(out.text);
    } else if (start >= 0 || pending.length > 0) {
      words.push(start >= 0 ? pending + lower.slice(start, i) : pending);
      start = -1;
      pending = '';
    }
  }
  if (start >= 0 || pending.length > 0) words.push(start >= 0 ? pending + lower.slice(start) : pending);
  return words;
}

/** Two words in capitals next to each other, or "!!": the only texts `shoutedPositions` needs to read ("MRI" and "PPO" alone are not). */
const MAYBE_SHOUTED = /\p{Lu}{2}[^\p{L}\p{N}]+\p{Lu}{2}|!!/u;
const ORIGINAL_WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** A run of capitals counts as shouting from this many letters on ("CANT BREATHE", not "ER" or "MRI"). */
const SHOUTED_RUN_LETTERS = 7;
/** Words before a "!!" that it emphasises. */
const EXCLAIMED_WORDS = 3;

function isCapitals(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/**
 * Word positions (as `safetyTokens` counts them) that are shouted: in a run of two or more words in
 * capitals of at least seven letters ("MY CHEST", "PLEASE HELP"), or just before "!!". An acuity
 * signal, read from the original text, since the tokens are lower-cased. Empty when the text's own
 * word count differs from `wordCount` (then positions could not be trusted).
 */
export function shoutedPositions(text: string, wordCount: number): number[] {
  const plain = text.replace(APOSTROPHES, '');
  if (!MAYBE_SHOUTED.test(plain)) return [];
  const source = ASCII_ONLY.test(plain) ? plain : plain.normalize('NFKC');
  const found = [...source.matchAll(ORIGINAL_WORD)];
  if (found.length !== wordCount) return [];
  const out = new Set<number>();
  let runStart = 0;
  let runLetters = 0;
  const closeRun = (end: number) => {
    if (end - runStart >= 2 && runLetters >= SHOUTED_RUN_LETTERS) for (let j = runStart; j < end; j++) out.add(j);
  };
  found.forEach((m, i) => {
    const word = m[0];
    if (isCapitals(word)) runLetters += word.length;
    else {
      closeRun(i);
      runStart = i + 1;
      runLetters = 0;
    }
    let at = (m.index ?? 0) + word.length;
    while (source.charCodeAt(at) === 32) at++;
    if (source.startsWith('!!', at)) for (let j = Math.max(0, i - EXCLAIMED_WORDS + 1); j <= i; j++) out.add(j);
  });
  closeRun(found.length);
  return [...out];
}
