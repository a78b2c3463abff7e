import { LRUCache } from 'lru-cache';

/** Values up to this long are remembered (form answers, picklist options); longer ones are computed every time. */
export const SHORT_TEXT_CHARS = 64;
const DEFAULT_LIMIT = 1024;

/**
 * A pure function of one short text, its answers remembered: form answers and picklist options
 * ("Yes, for myself", "Within 2 weeks", HubSpot's "Legitimate interest – prospect/lead") repeat
 * across thousands of contacts, free text does not, so only values of at most SHORT_TEXT_CHARS
 * characters are kept, at most `limit` of them (least recently used leave first). The answer is
 * the function's own: remembering it changes nothing but the cost.
 *
 * lru-cache rather than a hand-written Map cleared when full: on the qualify hot path it costs
 * less, 30.6 against 34.0 µs CPU per contact (best round; median 46.8 against 49.4), measured with
 * scripts/bench/ab-qualify.ts (both in one process, 100 alternating rounds, load 13-18 on 2 cores;
 * two more runs at load 18-23 agreed: 31.5/34.1 and 47.6/54.8).
 */
export function memoizeShortText<T>(compute: (raw: string) => T, limit = DEFAULT_LIMIT): (raw: string) => T {
  const memo = new LRUCache<string, { answer: T }>({ max: limit });
  return (raw) => {
    if (raw.length > SHORT_TEXT_CHARS) return compute(raw);
    let kept = memo.get(raw);
    if (kept === undefined) {
      kept = { answer: compute(raw) };
      memo.set(raw, kept);
    }
    return kept.answer;
  };
}
