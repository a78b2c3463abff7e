/**
 * The labelled safety corpus (test/fixtures/safety/): loading, burying "LONG:" items in 6,000+
 * characters of ordinary text, and scoring a screen against it. Shared by the jest test that
 * demands recall 1.0 on the tuning set and by scripts/bench-safety.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SafetyScreen } from '../../src/core/safety';

export const SAFETY_CORPUS_DIR = path.resolve(__dirname, '../../test/fixtures/safety');

/** One labelled message. */
export interface CorpusItem {
  readonly text: string;
  readonly emergency: boolean;
  /** The emergency's category ("-" for non-emergencies). */
  readonly category: string;
  readonly language: string;
  /** Buried after 6,000+ characters of ordinary history. */
  readonly long: boolean;
}

/** The ordinary history a "LONG:" message is buried in: a patient pasting their whole story. */
const HISTORY = [
  'I have had pain in my right knee for about three years, mostly when I climb stairs or get up from a chair.',
  'My primary care doctor sent me for an x-ray last spring and said there was some wear in the joint.',
  'I tried physical therapy twice a week for two months and it helped a little, and I still do the exercises at home.',
  'I take ibuprofen some days but I try not to take it every day because it bothers my stomach.',
  'My insurance is through my employer and I think it is a PPO but I am not sure if you are in network.',
  'I work from home so I can come in most weekdays, mornings are better for me than afternoons.',
].join(' ');

function bury(text: string): string {
  let filler = '';
  while (filler.length < 6_100) filler += `${HISTORY}\n\n`;
  return `${filler}${text}`;
}

/**
 * The corpus files: `tuning` (the lexicon is tuned on it), `heldout` (written before the first
 * session's tuning), `heldout-2` and `heldout-3` (written before the second session's tuning and
 * after it; the third session tuned on heldout-3) and `heldout-4` (written and committed before the
 * third session changed the screen; never tuned on), `heldout-5` (written by someone who never saw
 * the lexicon, measured blind, then tuned on from the fifth session) and `heldout-6` (written blind by
 * someone else, measured blind at 0.847 / 0.894, then tuned on from lexicon safety-2026.12.12: half of it
 * first, to measure on the other half how far the fixes reach) and `heldout-7` (written blind by a
 * helper who read nothing on the machine, measured blind by the lead, tuned on from 10:50 UTC that day)
 * and `heldout-8` (written blind with heldout-7, measured blind at 0.900 / 0.854, tuned on from lexicon safety-2026.12.14: half of it first)
 * and `heldout-9` and `heldout-10` (written blind in session 6 by a helper who read nothing, measured blind, their misses
 * never read, never tuned on) and `heldout-11` and `heldout-12` (written blind in session 7, the same way).
 */
export type CorpusFileName = 'tuning' | 'heldout' | 'heldout-2' | 'heldout-3' | 'heldout-4' | 'heldout-5' | 'heldout-6' | 'heldout-7' | 'heldout-8' | 'heldout-9' | 'heldout-10' | 'heldout-11' | 'heldout-12';

/** Reads one corpus file: `E|category|language|text` or `N|-|language|text`, `#` comments. */
export function loadCorpusFile(name: CorpusFileName, dir = SAFETY_CORPUS_DIR): CorpusItem[] {
  const items: CorpusItem[] = [];
  for (const line of readFileSync(path.join(dir, `${name}.txt`), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [label, category, language, ...rest] = line.split('|');
    const raw = rest.join('|');
    if ((label !== 'E' && label !== 'N') || !category || !language || !raw) throw new Error(`malformed corpus line in ${name}.txt: ${line.slice(0, 40)}`);
    const long = raw.startsWith('LONG:');
    const text = long ? bury(raw.slice('LONG:'.length)) : raw;
    items.push({ text, emergency: label === 'E', category, language, long });
  }
  return items;
}

/** Flagged ÷ emergencies and emergencies ÷ flagged, overall and per category and language. */
export interface CorpusScore {
  emergencies: number;
  nonEmergencies: number;
  flaggedEmergencies: number;
  flaggedNonEmergencies: number;
  recall: number;
  precision: number;
  missed: CorpusItem[];
  falsePositives: CorpusItem[];
  recallByCategory: Record<string, number>;
  recallByLanguage: Record<string, number>;
  precisionByLanguage: Record<string, number>;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : Number((a / b).toFixed(4));
}

function tally(items: readonly CorpusItem[], key: (i: CorpusItem) => string, hit: (i: CorpusItem) => boolean): Record<string, number> {
  const totals = new Map<string, [number, number]>();
  for (const item of items) {
    const t = totals.get(key(item)) ?? [0, 0];
    t[1]++;
    if (hit(item)) t[0]++;
    totals.set(key(item), t);
  }
  return Object.fromEntries([...totals].sort().map(([k, [a, b]]) => [k, ratio(a, b)]));
}

/** Screens every message (as a contact's message property) and scores the answers. */
export function scoreCorpus(items: readonly CorpusItem[], screen: SafetyScreen): CorpusScore {
  const flagged = new Set(items.filter((i) => screen.screen([i.text]).flagged));
  const emergencies = items.filter((i) => i.emergency);
  const others = items.filter((i) => !i.emergency);
  const missed = emergencies.filter((i) => !flagged.has(i));
  const falsePositives = others.filter((i) => flagged.has(i));
  const flaggedAll = items.filter((i) => flagged.has(i));
  return {
    emergencies: emergencies.length,
    nonEmergencies: others.length,
    flaggedEmergencies: emergencies.length - missed.length,
    flaggedNonEmergencies: falsePositives.length,
    recall: ratio(emergencies.length - missed.length, emergencies.length),
    precision: ratio(emergencies.length - missed.length, flaggedAll.length),
    missed,
    falsePositives,
    recallByCategory: tally(emergencies, (i) => i.category, (i) => flagged.has(i)),
    recallByLanguage: tally(emergencies, (i) => i.language, (i) => flagged.has(i)),
    precisionByLanguage: tally(flaggedAll, (i) => i.language, (i) => i.emergency),
  };
}
