/**
 * Characters that Unicode decomposition turns into ASCII letters: accented Latin letters,
 * combining marks, fullwidth forms. Other non-ASCII (dashes, emoji, other scripts) becomes a
 * separator anyway, so it does not pay for the costly normalisation — HubSpot's own
 * "Legitimate interest – prospect/lead" holds an en dash on most contacts.
 */
const FOLDABLE = /[\u00c0-\u024f\u1e00-\u1eff\uff00-\uffef]|\p{M}/u;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9]+/g;
const WORD = /[a-z0-9]+/g;

function lowerAndFold(text: string): string {
  const s = text.toLowerCase();
  return FOLDABLE.test(s) ? s.normalize('NFKD').replace(COMBINING_MARKS, '') : s;
}

/**
 * Lower-cases text, folds accents ("café" → "cafe") and turns every run of punctuation or space
 * into one space, so phrases match however a form or a person typed them.
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

/**
 * A free text read once for every reader (the inquiry matcher, the timeline and age readers):
 * its words (`tokenize`) and its normalized form (`normalizeText`, the same words joined by one
 * space), each computed on first use and then shared, instead of each reader normalising the
 * message again.
 */
export class NormalizedText {
  private cachedWords: string[] | null = null;
  private cachedNormalized: string | null = null;

  constructor(readonly raw: string) {}

  /** tokenize(raw). */
  get words(): readonly string[] {
    return (this.cachedWords ??= tokenize(this.raw));
  }

  /** normalizeText(raw): runs of anything but a-z0-9 are one space, so it holds no "_" either. */
  get normalized(): string {
    return (this.cachedNormalized ??= this.words.join(' '));
  }
}
