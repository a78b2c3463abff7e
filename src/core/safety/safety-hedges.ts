import type { CompiledSafetyIndex } from './safety-screen.compile';
import type { Mention } from './safety-mentions';

/** How far before a mention a negation ("no", "not", "denies") counts, in words. */
const NEGATION_WINDOW = 3;
const HEDGE_BEFORE_WINDOW = 3;
/** "fainted at a concert in july": a history word may stand a few words after the mention. */
const HEDGE_AFTER_WINDOW = 6;
/** "ago" / "hace" then "an hour", "una hora": a recent-time word this close after the hedge makes it now. */
const RECENT_AFTER_HEDGE = 3;

/**
 * True when a mention is negated ("no chest pain") or history ("stroke in 2019"). Such a mention
 * is shown to a person for review, never flagged and never dropped: the screen only errs towards
 * review. A recent-time word ("an hour ago", "hace una hora") keeps it a present emergency.
 */
export function isHedged(index: CompiledSafetyIndex, words: readonly string[], m: Mention): boolean {
  const { hedgesBefore } = index;
  if (isNegatedAt(index, index.negations, words, m.start)) return true;
  // A proximity match is two findings: "cough for a week, no fever" denies the second one.
  if (m.near === true && m.end - m.start > 1 && isNegatedAt(index, index.absenceWords, words, m.end)) return true;
  for (let k = 1; k <= HEDGE_BEFORE_WINDOW && m.start - k >= 0; k++) if (hedgesBefore.has(words[m.start - k] as string)) return true;
  return isHistoryAfter(index, words, m.end);
}

/**
 * A negating word counts right before the word, or with filler words between ("not an
 * emergency", "do not have chest pain", "no tengo fiebre"), never further: "never felt chest pain
 * like this" stays flagged.
 */
function isNegatedAt(index: CompiledSafetyIndex, negating: ReadonlySet<string>, words: readonly string[], at: number): boolean {
  for (let k = 1; k <= NEGATION_WINDOW && at - k >= 0; k++) {
    const w = words[at - k] as string;
    if (negating.has(w)) return true;
    if (!index.negationFillers.has(w)) break;
  }
  return false;
}

function isHistoryAfter(index: CompiledSafetyIndex, words: readonly string[], end: number): boolean {
  const { hedgesAfter, recentTimeWords } = index;
  for (let k = 1; k <= HEDGE_AFTER_WINDOW && end + k < words.length; k++) {
    const w = words[end + k] as string;
    // "an hour ago" is now, not history: the hedge counts only when no recent-time word is next to it.
    if (recentTimeWords.has(w) || index.ongoingWords.has(w)) return false;
    if (!hedgesAfter.has(w)) continue;
    for (let j = 1; j <= RECENT_AFTER_HEDGE && end + k + j < words.length; j++) if (recentTimeWords.has(words[end + k + j] as string)) return false;
    return true;
  }
  return false;
}
