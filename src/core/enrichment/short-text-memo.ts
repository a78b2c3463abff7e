/** Values up to this long are remembered (form answers, picklist options); longer ones are computed every time. */
export const SHORT_TEXT_CHARS = 64;
const DEFAULT_LIMIT = 1024;

/**
 * A pure function of one short text, its answers remembered: form answers and picklist options
 * ("Yes, for myself", "Within 2 weeks", HubSpot's "Legitimate interest – prospect/lead") repeat
 * across thousands of contacts, free text does not, so only values of at most SHORT_TEXT_CHARS
 * characters are kept, at most `limit` of them (the memo starts afresh when full). The answer is
 * the function's own: remembering it changes nothing but the cost.
 */
export function memoizeShortText<T>(compute: (raw: string) => T, limit = DEFAULT_LIMIT): (raw: string) => T {
  const memo = new Map<string, T>();
  return (raw) => {
    if (raw.length > SHORT_TEXT_CHARS) return compute(raw);
    let answer = memo.get(raw);
    if (answer === undefined && !memo.has(raw)) {
      answer = compute(raw);
      if (memo.size >= limit) memo.clear();
      memo.set(raw, answer);
    }
    return answer as T;
  };
}
