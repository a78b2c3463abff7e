import type { CharEntry, CompiledSafetyIndex } from './safety-screen.compile';
import { compactText } from './safety-text';

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Per character of the compact text: 1 where a word of the normalised text starts. */
function wordStarts(normalized: string, length: number): Uint8Array {
  const starts = new Uint8Array(length + 1);
  let at = 0;
  let inWord = false;
  for (const ch of normalized) {
    const isWord = WORD_CHAR.test(ch);
    if (isWord && !inWord) starts[at] = 1;
    if (isWord) at += ch.length;
    inWord = isWord;
  }
  return starts;
}

/** A short entry matches within one word, and (when the language asks) at its start or after a prefix ("ال"). */
function fitsWord(entry: CharEntry, compact: string, starts: Uint8Array, i: number): boolean {
  const short = entry.short;
  if (short === null) return true;
  for (let k = i + 1; k < i + entry.text.length; k++) if (starts[k] === 1) return false;
  if (!short.wordStart || starts[i] === 1) return true;
  return short.prefixes.some((p) => i >= p.length && starts[i - p.length] === 1 && compact.startsWith(p, i - p.length) && !starts.subarray(i - p.length + 1, i).includes(1));
}
import { isHedgedInRunningText } from './safety-hedges';
import { closestPair, type Mention } from './safety-mentions';

/**
 * Character-mode languages (Chinese, Korean, Arabic, Bengali, Urdu): phrases and proximity within
 * the text with spaces removed (`compact`); history markers hedge them. Only called for a text
 * that holds one of those scripts: a phrase of theirs cannot occur in any other text.
 */
export function findInRunningText(index: CompiledSafetyIndex, normalized: string, out: Mention[], hedged: Mention[]): void {
  const { chars, charNear } = index;
  const compact = compactText(normalized);
  let starts: Uint8Array | null = null;
  const sides = charNear.map(() => [[] as number[], [] as number[]] as const);
  const push = (m: Mention, last: number) => (isHedgedInRunningText(index, compact, m.start, last) ? hedged : out).push(m);
  for (let i = 0; i < compact.length; i++) {
    const bucket = chars.get(compact.charAt(i));
    if (bucket === undefined) continue;
    for (const entry of bucket) {
      if (!compact.startsWith(entry.text, i)) continue;
      if (entry.short !== null && !fitsWord(entry, compact, (starts ??= wordStarts(normalized, compact.length)), i)) continue;
      if (entry.rule < 0) push({ ref: entry.ref, start: i, end: i }, i + entry.text.length - 1);
      else sides[entry.rule]![entry.side].push(i);
    }
  }
  charNear.forEach((rule, r) => {
    const pair = closestPair(sides[r]![0], sides[r]![1], rule.within);
    if (pair !== null) push({ ref: rule.ref, start: Math.min(...pair), end: Math.min(...pair) }, Math.max(...pair));
  });
}
