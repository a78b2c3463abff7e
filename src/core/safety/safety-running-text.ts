import type { CompiledSafetyIndex } from './safety-screen.compile';
import { isHedgedInRunningText } from './safety-hedges';
import { closestPair, type Mention } from './safety-mentions';

/**
 * Character-mode languages (Chinese, Korean, Arabic, Bengali, Urdu): phrases and proximity within
 * the text with spaces removed (`compact`); history markers hedge them. Only called for a text
 * that holds one of those scripts: a phrase of theirs cannot occur in any other text.
 */
export function findInRunningText(index: CompiledSafetyIndex, compact: string, out: Mention[], hedged: Mention[]): void {
  const { chars, charNear } = index;
  const sides = charNear.map(() => [[] as number[], [] as number[]] as const);
  const push = (m: Mention, last: number) => (isHedgedInRunningText(index, compact, m.start, last) ? hedged : out).push(m);
  for (let i = 0; i < compact.length; i++) {
    const bucket = chars.get(compact.charAt(i));
    if (bucket === undefined) continue;
    for (const entry of bucket) {
      if (!compact.startsWith(entry.text, i)) continue;
      if (entry.rule < 0) push({ ref: entry.ref, start: i, end: i }, i + entry.text.length - 1);
      else sides[entry.rule]![entry.side].push(i);
    }
  }
  charNear.forEach((rule, r) => {
    const pair = closestPair(sides[r]![0], sides[r]![1], rule.within);
    if (pair !== null) push({ ref: rule.ref, start: Math.min(...pair), end: Math.min(...pair) }, Math.max(...pair));
  });
}
