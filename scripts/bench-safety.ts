/**
 * Benchmark: the clinical-safety screen on the labelled corpus (test/fixtures/safety/). Writes
 * bench-results/safety-recall.json (emergencies flagged ÷ emergencies) and
 * bench-results/safety-precision.json (flagged that are emergencies ÷ flagged), over the whole
 * corpus, with the tuning file, the first held-out file and the second held-out file (never tuned
 * against) reported separately, and
 * per category and language in `details`. Also the screen's cost per message.
 *
 *   npx tsx scripts/bench-safety.ts
 */
import { installBuiltInSafetyLexicon } from '../src/adapters/safety/safety-lexicon.loader';
import { getBuiltInSafetyScreen } from '../src/core/safety';
import { writeBenchResult } from './bench/bench-result';
import { loadCorpusFile, scoreCorpus, type CorpusScore } from './bench/safety-corpus';

const RECALL_GOAL = 0.99;
const PRECISION_GOAL = 0.9;

function summary(s: CorpusScore) {
  return {
    emergencies: s.emergencies, nonEmergencies: s.nonEmergencies, recall: s.recall, precision: s.precision,
    missed: s.missed.length, falsePositives: s.flaggedNonEmergencies,
    recallByCategory: s.recallByCategory, recallByLanguage: s.recallByLanguage, precisionByLanguage: s.precisionByLanguage,
  };
}

function main(): void {
  const compileStart = performance.now();
  const lexicon = installBuiltInSafetyLexicon();
  const { screen, version } = getBuiltInSafetyScreen();
  const compileMs = Math.round(performance.now() - compileStart);
  const tuning = loadCorpusFile('tuning');
  const heldOut = loadCorpusFile('heldout');
  const heldOut2 = loadCorpusFile('heldout-2');
  const heldOut3 = loadCorpusFile('heldout-3');
  const all = [...tuning, ...heldOut];
  const whole = scoreCorpus(all, screen);
  const started = performance.now();
  const rounds = 20;
  for (let r = 0; r < rounds; r++) for (const item of all) screen.screen([item.text]);
  const microsPerMessage = Number((((performance.now() - started) * 1000) / (rounds * all.length)).toFixed(2));
  const common = {
    lexiconVersion: version, languages: lexicon.languages.map((l) => l.language), compileMs, microsPerMessage,
    buriedAfter6000Chars: all.filter((i) => i.long).length,
    tuning: summary(scoreCorpus(tuning, screen)), heldOut: summary(scoreCorpus(heldOut, screen)),
    // Written in several languages before the second session tuned anything, and never tuned against since.
    heldOut2: summary(scoreCorpus(heldOut2, screen)),
    // Written after the second session's tuning and never tuned on: wording nobody tuned for.
    heldOut3: summary(scoreCorpus(heldOut3, screen)),
    note: 'value = tuning + held-out (the second session tuned on both); heldOut2 (written before the second session tuned, its misses then read) and heldOut3 (never tuned on) are reported apart; a jest test demands recall 1.0 on the tuning file',
  };
  writeBenchResult({
    name: 'safety-recall', value: whole.recall, unit: 'ratio', goal: RECALL_GOAL, higherIsBetter: true,
    details: { ...common, emergencies: whole.emergencies, flagged: whole.flaggedEmergencies, recallByCategory: whole.recallByCategory, recallByLanguage: whole.recallByLanguage },
  });
  writeBenchResult({
    name: 'safety-precision', value: whole.precision, unit: 'ratio', goal: PRECISION_GOAL, higherIsBetter: true,
    details: { ...common, flagged: whole.flaggedEmergencies + whole.flaggedNonEmergencies, falsePositives: whole.flaggedNonEmergencies, nonEmergencies: whole.nonEmergencies, precisionByLanguage: whole.precisionByLanguage },
  });
}

main();
