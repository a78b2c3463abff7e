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
 * Running text (Chinese, Korean, Arabic, Bengali, Urdu): a history marker ending at most this many
 * characters before a mention ("去年中风", "গত বছর বাবার হার্ট অ্যাটাক": a word or two between) or
 * starting at most this many after it ("جلطه قلبيه السنه الماضيه") makes it history. Kept short:
 * "去年中风过，今天又胸口痛" must leave today's chest pain flagged.
 */
const CHAR_HEDGE_BEFORE = 6;
const CHAR_HEDGE_AFTER = 8;

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
  for (let k = 1; k <= HEDGE_BEFORE_WINDOW && m.start - k >= 0; k++) {
    // "history of chest pain, now it's back": a present-time word after the mention makes it now.
    if (hedgesBefore.has(words[m.start - k] as string)) return !isPresentAfter(index, words, m.end);
  }
  return isHistoryAfter(index, words, m.end);
}

function isPresentAfter(index: CompiledSafetyIndex, words: readonly string[], end: number): boolean {
  for (let k = 1; k <= HEDGE_AFTER_WINDOW && end + k < words.length; k++) if (index.presentWords.has(words[end + k] as string)) return true;
  return false;
}

/**
 * A negating word counts right before the word, or with filler words between ("not an
 * emergency", "do not have chest pain", "no tengo fiebre"), never further: "never felt chest pain
 * like this" stays flagged.
 */
export function isNegatedAt(index: CompiledSafetyIndex, negating: ReadonlySet<string>, words: readonly string[], at: number): boolean {
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

/**
 * True when a mention in running text, characters `start`..`end` of the compact text, is told as
 * history; a recent-time word between a marker and the mention ("去年中风过，今天又胸口痛") keeps it now.
 */
export function isHedgedInRunningText(index: CompiledSafetyIndex, compact: string, start: number, end: number): boolean {
  for (const h of index.charHedgesBefore) {
    const at = compact.lastIndexOf(h, start - 1);
    if (at < 0 || at + h.length > start || start - (at + h.length) > CHAR_HEDGE_BEFORE) continue;
    const between = compact.slice(at + h.length, start);
    if (!index.charRecent.some((r) => between.includes(r))) return true;
  }
  for (const h of index.charHedgesAfter) {
    // From the mention's start: in running text a marker may overlap a proximity match's second word ("الم" in "الماضيه").
    const at = compact.indexOf(h, start + 1);
    if (at >= 0 && at - end - 1 <= CHAR_HEDGE_AFTER) return true;
  }
  return false;
}
