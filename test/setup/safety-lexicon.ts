/**
 * Every test file starts with config/ installed (the safety lexicon, the criteria templates and
 * the payer names), as every process does at start (src/main/runtime.ts): qualification fails
 * closed without them.
 *
 * The lexicon's compiled screen is the one the test environment compiles once per jest worker
 * (test/setup/shared-safety-screen.ts), compiled there on first use: most test files never screen
 * a text. Without that environment, the core compiles its own on first use.
 */
import { installReferenceData } from '../../src/adapters/reference/reference-data.loader';
import { compileBuiltInSafetyLexiconWith } from '../../src/adapters/safety/safety-lexicon.loader';
import type { SafetyScreen } from '../../src/core/safety';
import { SHARED_SAFETY_SCREEN } from './shared-safety-screen';

const shared = (globalThis as Record<string, unknown>)[SHARED_SAFETY_SCREEN] as (() => SafetyScreen) | undefined;

/** Stands for the shared screen, which is compiled when a test first uses it. */
function onFirstUse(screen: () => SafetyScreen): SafetyScreen {
  return new Proxy({} as SafetyScreen, {
    get(_target, key) {
      const target = screen();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

if (shared) compileBuiltInSafetyLexiconWith(() => onFirstUse(shared));
installReferenceData(undefined, { safetyScreen: shared ? 'now' : 'first-use' });
