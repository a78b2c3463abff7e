import { distance } from 'fastest-levenshtein';
import type { Criteria } from '../criteria/criteria.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import { normalizeText } from './text-normalize';

/** Payer names prepared for matching. */
export interface PayerIndex {
  readonly exact: ReadonlyMap<string, string>;
  /** Alias word sequences, longest first, for "I have Blue Cross through work". */
  readonly phrases: readonly { readonly words: string; readonly id: string }[];
  readonly labels: ReadonlyMap<string, string>;
  readonly selfPayAccepted: boolean;
}

/** What enrichment learns from the insurance answer. */
export interface PayerFacts {
  readonly status: SignalValues['payer.status'];
  readonly id: string | null;
  readonly label: string | null;
  readonly provided: boolean;
}

/** Plan-type and filler words: "Aetna Choice POS II" and "aetna" name the same payer. */
const NOISE = new Set([
  'ppo', 'hmo', 'epo', 'pos', 'hdhp', 'ii', 'plan', 'plans', 'insurance', 'ins', 'choice', 'select', 'open', 'access',
  'plus', 'network', 'the', 'of', 'my', 'inc', 'co', 'company', 'coverage', 'policy', 'through', 'via', 'from', 'with',
  'i', 'have', 'am', 'on', 'is', 'it', 'its', 'work', 'employer', 'gold', 'silver', 'bronze', 'platinum', 'a', 'and',
]);
const SELF_PAY = ['self pay', 'selfpay', 'cash', 'no insurance', 'uninsured', 'out of pocket', 'private pay', 'pay myself', 'none', 'not insured'];
const UNANSWERED = new Set(['not sure', 'unsure', 'don t know', 'dont know', 'unknown', 'n a', 'na', 'other', 'tbd']);
const MIN_FUZZY_LENGTH = 4;
/**
 * Real payers that sit one or two edits from common accepted ones ("medicaid" / "medicare"):
 * an answer naming one of these is never fuzzy-matched to something else.
 */
const DISTINCT_PAYERS = new Set([
  'medicaid', 'medicare', 'humana', 'kaiser', 'tricare', 'ambetter', 'molina', 'centene', 'wellcare', 'oscar', 'cigna',
  'aetna', 'anthem', 'highmark', 'carefirst', 'emblem', 'fidelis', 'healthfirst', 'metroplus', 'amerigroup', 'caresource',
]);

/** Strips plan-type and filler words after normalising. */
export function normalizePayerName(text: string): string {
  return stripNoise(normalizeText(text));
}

function stripNoise(normalized: string): string {
  let out = '';
  for (const word of normalized.split(' ')) {
    if (word.length === 0 || NOISE.has(word)) continue;
    out = out.length === 0 ? word : `${out} ${word}`;
  }
  return out;
}

/** Builds the alias index of a criteria version (labels and ids count as aliases too). */
export function compilePayerIndex(criteria: Criteria): PayerIndex {
  const exact = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const payer of criteria.payers.accepted) {
    labels.set(payer.id, payer.label);
    for (const name of [payer.label, payer.id.replace(/[-_]/g, ' '), ...payer.aliases]) {
      const key = normalizePayerName(name);
      if (key.length > 0 && !exact.has(key)) exact.set(key, payer.id);
    }
  }
  const phrases = [...exact].map(([words, id]) => ({ words, id })).sort((a, b) => b.words.length - a.words.length);
  return { exact, phrases, labels, selfPayAccepted: criteria.payers.selfPayAccepted };
}

/**
 * Free-text insurance → accepted payer id: exact alias, then an alias inside the answer, then a
 * small edit distance (fastest-levenshtein) for typos such as "Aetana". Anything else that was
 * answered is `not_accepted`; a self-pay answer is `self_pay` whether or not the practice
 * accepts it (conditions decide what that means).
 */
export function enrichPayer(raw: string | null, index: PayerIndex): PayerFacts {
  if (raw === null) return { status: 'unknown', id: null, label: null, provided: false };
  const plain = normalizeText(raw);
  if (UNANSWERED.has(plain) || plain.length === 0) return { status: 'unknown', id: null, label: null, provided: false };
  const padded = ` ${plain} `;
  if (SELF_PAY.some((p) => padded.includes(` ${p} `))) return { status: 'self_pay', id: null, label: null, provided: true };
  const id = matchPayer(stripNoise(plain), index);
  if (id === null) return { status: 'not_accepted', id: null, label: null, provided: true };
  return { status: 'accepted', id, label: index.labels.get(id) ?? null, provided: true };
}

function matchPayer(name: string, index: PayerIndex): string | null {
  if (name.length === 0) return null;
  const exact = index.exact.get(name);
  if (exact !== undefined) return exact;
  const padded = ` ${name} `;
  for (const { words, id } of index.phrases) if (padded.includes(` ${words} `)) return id;
  return matchFuzzy(name, index);
}

function matchFuzzy(name: string, index: PayerIndex): string | null {
  if (name.split(' ').some((word) => DISTINCT_PAYERS.has(word))) return null;
  let bestId: string | null = null;
  let bestDistance = Infinity;
  for (const [alias, id] of index.exact) {
    if (alias.length < MIN_FUZZY_LENGTH || Math.abs(alias.length - name.length) > 3) continue;
    const d = distance(name, alias);
    if (d <= allowedEdits(alias.length) && d < bestDistance) [bestId, bestDistance] = [id, d];
  }
  return bestId;
}

/** Up to two edits covers a swapped pair of letters ("Cigan"); longer names tolerate three. */
function allowedEdits(length: number): number {
  if (length <= 4) return 1;
  return length <= 12 ? 2 : 3;
}
