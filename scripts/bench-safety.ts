/**
 * Benchmark: the clinical-safety screen on the labelled corpus (test/fixtures/safety/). Writes
 * bench-results/safety-recall.json (emergencies flagged ÷ emergencies) and
 * bench-results/safety-precision.json (flagged that are emergencies ÷ flagged), over the whole
 * corpus, with the tuning file and each held-out file reported separately (heldout-4 is the one
 * never tuned against; heldout-5 to heldout-8 were measured blind, then tuned on; heldout-9 to heldout-12 are blind), and
 * per category and language in `details`. Also the screen's CPU cost per message.
 *
 *   npx tsx scripts/bench-safety.ts
 */
import { installBuiltInSafetyLexicon } from '../src/adapters/safety/safety-lexicon.loader';
import { getBuiltInSafetyScreen, type SafetyScreen } from '../src/core/safety';
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

/** CPU microseconds of one process (user + system): the machine is shared, wall time would measure the neighbours. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * The screen's CPU cost: per corpus message (many are long histories), and how many short
 * inquiries (under 300 characters, the usual contact message) one core screens per second.
 */
function measureCost(texts: readonly string[], screen: SafetyScreen): { microsPerMessage: number; shortMessagesPerCpuSecond: number } {
  const rounds = 20;
  let started = cpuMicros();
  for (let r = 0; r < rounds; r++) for (const text of texts) screen.screen([text]);
  const microsPerMessage = Number(((cpuMicros() - started) / (rounds * texts.length)).toFixed(2));
  const short = texts.filter((t) => t.length < 300);
  started = cpuMicros();
  for (let r = 0; r < rounds * 5; r++) for (const text of short) screen.screen([text]);
  const shortMessagesPerCpuSecond = Math.round((rounds * 5 * short.length * 1e6) / (cpuMicros() - started));
  return { microsPerMessage, shortMessagesPerCpuSecond };
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
  const heldOut4 = loadCorpusFile('heldout-4');
  const heldOut5 = loadCorpusFile('heldout-5');
  const heldOut6 = loadCorpusFile('heldout-6');
  const heldOut7 = loadCorpusFile('heldout-7');
  const heldOut8 = loadCorpusFile('heldout-8');
  const heldOut9 = loadCorpusFile('heldout-9');
  const heldOut10 = loadCorpusFile('heldout-10');
  const heldOut11 = loadCorpusFile('heldout-11');
  const heldOut12 = loadCorpusFile('heldout-12');
  // The headline is every labelled message, the never-tuned heldout-4 included, so it is not a tuning-set figure.
  const all = [...tuning, ...heldOut, ...heldOut2, ...heldOut3, ...heldOut4, ...heldOut5, ...heldOut6, ...heldOut7, ...heldOut8, ...heldOut9, ...heldOut10, ...heldOut11, ...heldOut12];
  const whole = scoreCorpus(all, screen);
  const { microsPerMessage, shortMessagesPerCpuSecond } = measureCost(all.map((i) => i.text), screen);
  const common = {
    lexiconVersion: version, languages: lexicon.languages.map((l) => l.language), compileMs,
    buriedAfter6000Chars: all.filter((i) => i.long).length,
    tuning: summary(scoreCorpus(tuning, screen)), heldOut: summary(scoreCorpus(heldOut, screen)),
    // Written in several languages before the second session tuned anything, and never tuned against since.
    heldOut2: summary(scoreCorpus(heldOut2, screen)),
    // Written after the second session's tuning and never tuned on: wording nobody tuned for.
    heldOut3: summary(scoreCorpus(heldOut3, screen)),
    // Written and committed before the third session changed the screen, never tuned on; heldOut3 became tuning data then.
    heldOut4: summary(scoreCorpus(heldOut4, screen)),
    // Written by someone who never saw the lexicon; measured blind at recall 0.787 / precision 0.849, then tuned on (session 4).
    heldOut5: summary(scoreCorpus(heldOut5, screen)),
    // Written blind by someone else; measured blind at recall 0.847 / precision 0.894, then tuned on (lexicon safety-2026.12.12).
    heldOut6: summary(scoreCorpus(heldOut6, screen)),
    // Written blind by a helper who read nothing on the machine; measured blind by the lead at recall 0.933 / precision 0.796 (lexicon safety-2026.12.12 before tuning on it), then tuned on.
    heldOut7: summary(scoreCorpus(heldOut7, screen)),
    // Written blind with heldout-7, measured blind at 0.900 / 0.854 (lexicon safety-2026.12.13), then tuned on (safety-2026.12.14): no longer blind.
    heldOut8: summary(scoreCorpus(heldOut8, screen)),
    // Written blind in session 6 by a helper who read nothing on the machine; measured blind, misses never read, never tuned on:
    // the figures for wording nobody here has seen (0.913 / 0.932 and 0.840 / 0.962 with safety-2026.12.13).
    heldOut9: summary(scoreCorpus(heldOut9, screen)),
    heldOut10: summary(scoreCorpus(heldOut10, screen)),
    // Written blind in session 7 (11: texting style; 12: long formal histories); measured blind, misses never read, never tuned on
    // (0.880 / 0.904 and 0.793 / 0.799 with safety-2026.12.14, before the session's emergency grammar; 0.900 / 0.900 and 0.833 / 0.791 with safety-2026.12.16).
    heldOut11: summary(scoreCorpus(heldOut11, screen)),
    heldOut12: summary(scoreCorpus(heldOut12, screen)),
    microsPerMessage, shortMessagesPerCpuSecond,
    note: 'value = every corpus file; tuning, heldOut, heldOut2, heldOut3 and heldOut5 to heldOut8 were read while tuning (heldOut5 to heldOut8 after their blind figures were taken); heldOut4 and heldOut9 to heldOut12 were never tuned on (heldOut9 to heldOut12 are blind: nobody has read their misses); cost is CPU time (process.cpuUsage), one core',
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
