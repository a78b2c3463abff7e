import { SAFETY_CATEGORIES } from './safety-lexicon.schema';
import type { PatternRef, SafetyMatch } from './safety-screen.types';

/**
 * One mention found in a text: which pattern, from which word to which (or character, in running
 * text). `near` marks a proximity match, whose words between are not part of it.
 */
export interface Mention { ref: PatternRef; start: number; end: number; near?: boolean }

/** The first pair of positions, one from each side, at most `within` apart (a proximity match in running text). */
export function closestPair(as: readonly number[], bs: readonly number[], within: number): [number, number] | null {
  for (const a of as) for (const b of bs) if (a !== b && Math.abs(a - b) <= within) return [a, b];
  return null;
}

/**
 * True when an exclusion ("stroke of luck") covers a word of the mention. For a proximity match
 * only its own two words count: "ate some of my blood pressure pills" stays an ingestion though
 * "blood pressure" between is an exclusion.
 */
export function isExcluded(excluded: Uint8Array, m: Mention): boolean {
  if (m.near === true) return excluded[m.start] === 1 || excluded[m.end] === 1;
  for (let i = m.start; i <= m.end; i++) if (excluded[i] === 1) return true;
  return false;
}

/** One match per category (the first language found for it), in category order. */
export function summarize(mentions: readonly Mention[]): SafetyMatch[] {
  const out: SafetyMatch[] = [];
  if (mentions.length === 0) return out;
  for (const category of SAFETY_CATEGORIES) {
    const m = mentions.find((x) => x.ref.category === category);
    if (m !== undefined) out.push(m.ref.via === undefined ? { category, language: m.ref.language, languageName: m.ref.languageName } : { category, language: m.ref.language, languageName: m.ref.languageName, via: m.ref.via });
  }
  return out;
}
