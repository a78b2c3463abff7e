const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9]+/g;
const WORD = /[a-z0-9]+/g;

function lowerAndFold(text: string): string {
  const s = text.toLowerCase();
  return NON_ASCII.test(s) ? s.normalize('NFKD').replace(COMBINING_MARKS, '') : s;
}

/**
 * Lower-cases text, folds accents ("café" → "cafe") and turns every run of punctuation or space
 * into one space, so phrases match however a form or a person typed them. The accent fold runs
 * only on non-ASCII input because Unicode normalisation is the costly step.
 */
export function normalizeText(text: string): string {
  return lowerAndFold(text).replace(NON_WORD, ' ').trim();
}

/** Splits text into normalized words (empty list for blank text), in one regex pass. */
export function tokenize(text: string): string[] {
  return lowerAndFold(text).match(WORD) ?? [];
}

/** Reads a property as trimmed text; blank, null and undefined all mean "not given". */
export function readText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t.length === 0 ? null : t;
}
