import type { SafetyLexicon } from './safety-lexicon.schema';
import { SafetyScreen } from './safety-screen';

let installed: { lexicon: SafetyLexicon; screen: SafetyScreen | null } | null = null;

/**
 * Installs the built-in safety lexicon (config/safety/, read and validated by the adapter at
 * start). A process-wide table like a locale's: every criteria version screens with it, and the
 * core stays free of file access. Compiled on first use unless the caller passes it compiled.
 */
export function installSafetyLexicon(lexicon: SafetyLexicon, compiled?: SafetyScreen): void {
  if (installed?.lexicon === lexicon) return;
  installed = { lexicon, screen: compiled ?? null };
}

/**
 * The built-in screen. Throws when no lexicon was installed: qualifying without the safety
 * screen would let an emergency through as an ordinary lead, so it fails closed.
 */
export function getBuiltInSafetyScreen(): { screen: SafetyScreen; version: string } {
  if (installed === null) throw new Error('safety lexicon not installed: call installSafetyLexicon at start (adapters/safety loads config/safety)');
  installed.screen = installed.screen ?? new SafetyScreen(installed.lexicon.languages);
  return { screen: installed.screen, version: installed.lexicon.version };
}

/** The installed lexicon itself (for the console's read-only view), or null. */
export function tryGetInstalledSafetyLexicon(): SafetyLexicon | null {
  return installed?.lexicon ?? null;
}
