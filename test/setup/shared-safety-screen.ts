/**
 * The built-in safety screen (config/safety/), compiled at most once per jest worker, outside the
 * test files' module registries, for test/setup/safety-lexicon.ts to install in each test file.
 * Compiled inside a test file it cost 6–7 s of CPU (measured at load 20), and each test file that
 * qualifies a contact compiled it again; the screen is a pure function of the lexicon and the text.
 */
import { compileSafetyLexicon, loadSafetyLexicon } from '../../src/adapters/safety/safety-lexicon.loader';
import type { SafetyScreen } from '../../src/core/safety';

/** The name under which the test environment hands the screen's getter to test files. */
export const SHARED_SAFETY_SCREEN = '__CAREQUAL_SHARED_SAFETY_SCREEN__';

let screen: SafetyScreen | undefined;

/** The screen, compiled on the first call in this process. */
export function sharedSafetyScreen(): SafetyScreen {
  screen ??= compileSafetyLexicon(loadSafetyLexicon());
  return screen;
}
