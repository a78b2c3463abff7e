/**
 * How far the emergency grammar generalises: a screen with the grammar alone (every language's
 * phrases and near patterns removed) and the full screen, scored on two halves of the tuned corpus
 * files (every other message: half a, half b). The grammar's word lists are written reading half a's
 * misses only (`--misses a`); half b's figures are the check. Held-out-9 to held-out-12 are blind:
 * only their aggregate figures are printed, never their lines.
 *
 *   npx tsx scripts/safety-split-half.ts [--misses a] [--false-positives a]
 */
import { loadSafetyLexicon } from '../src/adapters/safety/safety-lexicon.loader';
import { SafetyScreen } from '../src/core/safety';
import { loadCorpusFile, scoreCorpus, type CorpusFileName, type CorpusItem } from './bench/safety-corpus';

const TUNED: readonly CorpusFileName[] = ['tuning', 'heldout', 'heldout-2', 'heldout-3', 'heldout-4', 'heldout-5', 'heldout-6', 'heldout-7', 'heldout-8'];
const BLIND: readonly CorpusFileName[] = ['heldout-9', 'heldout-10', 'heldout-11', 'heldout-12'];

function halves(names: readonly CorpusFileName[]): { a: CorpusItem[]; b: CorpusItem[] } {
  const a: CorpusItem[] = [];
  const b: CorpusItem[] = [];
  for (const name of names) loadCorpusFile(name).forEach((item, i) => (i % 2 === 0 ? a : b).push(item));
  return { a, b };
}

function figures(label: string, items: readonly CorpusItem[], screen: SafetyScreen): void {
  const s = scoreCorpus(items, screen);
  console.log(`${label.padEnd(28)} recall ${s.recall.toFixed(3)} (${s.missed.length} of ${s.emergencies} missed)  precision ${s.precision.toFixed(3)} (${s.flaggedNonEmergencies} of ${s.nonEmergencies} ordinary flagged)`);
}

function main(): void {
  const lexicon = loadSafetyLexicon();
  const full = new SafetyScreen(lexicon.languages);
  const grammarOnly = new SafetyScreen(lexicon.languages.map((l) => ({ ...l, categories: {}, spellings: {} })));
  const { a, b } = halves(TUNED);
  figures('grammar alone, half a', a, grammarOnly);
  figures('grammar alone, half b', b, grammarOnly);
  figures('full screen, half a', a, full);
  figures('full screen, half b', b, full);
  const blind = BLIND.flatMap((name) => loadCorpusFile(name));
  figures('grammar alone, blind 9+10', blind, grammarOnly);
  figures('full screen, blind 9+10', blind, full);
  const args = process.argv.slice(2);
  // Only half a may be read: its grammar-alone misses, or the full screen's false positives.
  if (args.join(' ') === '--misses a') for (const m of scoreCorpus(a, grammarOnly).missed) console.log(`  missed ${m.category}/${m.language}: ${m.text.slice(-200)}`);
  if (args.join(' ') === '--false-positives a') for (const m of scoreCorpus(a, full).falsePositives) console.log(`  flagged ${m.language}: ${m.text.slice(-200)}`);
}

main();
