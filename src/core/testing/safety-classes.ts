import { getBuiltInSafetyScreen } from '../safety';
import type { SafetyScreenResult } from '../safety';

/**
 * Shared setup of the safety screen's class tests (one file per held-out corpus): the built-in
 * screen, what a text is flagged as, and the test titles every class file uses, so the files hold
 * only their wording. Jest-free, so it compiles with the rest of src/.
 */

/** A class row: what kind of wording, a text of the test's own, and the "category/language" it must flag. */
export type FlaggedClassCase = readonly [kind: string, text: string, expected: string];

/** Title of a row that must be flagged in a category. */
export const FLAGGED_CLASS_TITLE = 'when the text is %s (%p), then it is flagged in that category';
/** Title of an ordinary inquiry that shares words with the class's patterns. */
export const ORDINARY_INQUIRY_TITLE = 'when an ordinary inquiry shares words with the new patterns (%p), then it is not flagged';

/** The built-in screen's answer for one text (as a contact's one free-text field). */
export function screenText(text: string): SafetyScreenResult {
  return getBuiltInSafetyScreen().screen.screen([text]);
}

/** The "category/language" pairs a text is flagged for ("cardiac/en"); empty when it is not flagged. */
export function flaggedCategoriesOf(text: string): string[] {
  return screenText(text).matches.map((m) => `${m.category}/${m.language}`);
}
