import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../reference/read-json-file';
import { installSafetyLexicon, SafetyLexiconSchema, SafetyScreen, type SafetyLexicon } from '../../core/safety';

/**
 * Where config/safety/ is: the repository's top level from source (src/adapters/safety) and from
 * the build (dist/src/adapters/safety, with config/ copied to dist/config by copy-assets).
 */
export const SAFETY_LEXICON_DIR = path.resolve(__dirname, '../../../config/safety');

const ManifestSchema = z.strictObject({ version: z.string().min(1).max(40), languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1) });

/** Thrown when a lexicon file is missing or malformed: the process must not start without the screen. */
export class SafetyLexiconError extends Error {
  override readonly name = 'SafetyLexiconError';
}

function readJson(file: string): unknown {
  return readJsonFile(file, (message) => new SafetyLexiconError(`safety lexicon ${message}`));
}

/** Reads and validates config/safety/lexicon.json and every language file it lists. */
export function loadSafetyLexicon(dir = SAFETY_LEXICON_DIR): SafetyLexicon {
  const manifest = ManifestSchema.safeParse(readJson(path.join(dir, 'lexicon.json')));
  if (!manifest.success) throw new SafetyLexiconError(`safety lexicon lexicon.json is invalid: ${z.prettifyError(manifest.error)}`);
  const parsed = SafetyLexiconSchema.safeParse({
    version: manifest.data.version,
    languages: manifest.data.languages.map((code) => readJson(path.join(dir, `${code}.json`))),
  });
  if (!parsed.success) throw new SafetyLexiconError(`safety lexicon is invalid: ${z.prettifyError(parsed.error)}`);
  parsed.data.languages.forEach((l, i) => {
    if (l.language !== manifest.data.languages[i]) throw new SafetyLexiconError(`safety lexicon ${manifest.data.languages[i]}.json declares language ${l.language}`);
  });
  return parsed.data;
}

let loaded: SafetyLexicon | null = null;

/** Compiles a lexicon into its screen, so a lexicon that cannot compile stops the process at start. */
export function compileSafetyLexicon(lexicon: SafetyLexicon): SafetyScreen {
  try {
    return new SafetyScreen(lexicon.languages);
  } catch (cause) {
    throw new SafetyLexiconError(`safety lexicon does not compile: ${cause instanceof Error ? cause.message : 'unknown reason'}`);
  }
}

let compileBuiltIn: (lexicon: SafetyLexicon) => SafetyScreen = compileSafetyLexicon;

/**
 * A test seam: compile the lexicon of config/safety/ with `compile` from now on. Compiling takes
 * seconds of CPU, and every jest test file has its own modules, so the tests compile it once per
 * jest worker and share that screen (test/setup/safety-lexicon.ts).
 */
export function compileBuiltInSafetyLexiconWith(compile: (lexicon: SafetyLexicon) => SafetyScreen): void {
  compileBuiltIn = compile;
}

/**
 * When the built-in screen is compiled: `now` (installed compiled), `check` (compiled now to prove
 * it compiles, installed uncompiled: the core compiles it again on first use), `first-use`.
 */
export type SafetyScreenCompile = 'now' | 'check' | 'first-use';

/**
 * Loads the built-in lexicon once per process and installs it in the core, compiled as `compile`
 * says (`first-use`: test files that never screen a text). A lexicon that does not compile is
 * never installed.
 */
export function installBuiltInSafetyLexicon(dir = SAFETY_LEXICON_DIR, compile: SafetyScreenCompile = 'now'): SafetyLexicon {
  if (loaded === null || dir !== SAFETY_LEXICON_DIR) {
    const lexicon = loadSafetyLexicon(dir);
    const compileScreen = dir === SAFETY_LEXICON_DIR ? compileBuiltIn : compileSafetyLexicon;
    const screen = compile === 'first-use' ? undefined : compileScreen(lexicon);
    installSafetyLexicon(lexicon, compile === 'now' ? screen : undefined);
    loaded = lexicon;
  }
  installSafetyLexicon(loaded);
  return loaded;
}
