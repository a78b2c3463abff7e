import { distance } from 'fastest-levenshtein';
import type { Criteria } from '../criteria/criteria.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import { getPayerNames } from './payer-names';
import { normalizeText } from './text-normalize';

/** Payer names prepared for matching. */
export interface PayerIndex {
  readonly exact: ReadonlyMap<string, string>;
  /** Accepted payer id → the program its label and aliases name (an accepted "Medicare" is Original Medicare). */
  readonly programs: ReadonlyMap<string, ReadonlySet<Program>>;
  /** Alias word sequences, longest first, for "I have Blue Cross through work". */
  readonly phrases: readonly { readonly words: string; readonly id: string }[];
  readonly labels: ReadonlyMap<string, string>;
  readonly selfPayAccepted: boolean;
  /** Answers already read (patients write the same few dozen answers): raw text → facts, bounded. */
  readonly memo: Map<string, PayerFacts>;
}

/** What enrichment learns from the insurance answer. */
export interface PayerFacts {
  readonly status: SignalValues['payer.status'];
  readonly id: string | null;
  readonly label: string | null;
  readonly provided: boolean;
  /** Medicare, Medicare Advantage, Medicaid, Medicaid managed care or a commercial plan. */
  readonly program: SignalValues['payer.program'];
}

type Program = SignalValues['payer.program'];

/**
 * Which program an insurance answer names (issue 17: "Medicare Advantage (Humana)" is not
 * Original Medicare, and a Medicaid managed-care plan is not plain Medicaid), with the carrier
 * named when a known one is written.
 */
export function classifyPayerProgram(plain: string): { program: Program; carrier: string | null } {
  const names = getPayerNames();
  const padded = ` ${plain} `;
  const words = plain.split(' ');
  const carrierWord = words.find((w) => names.carriers.has(w));
  const carrier = carrierWord === undefined ? null : (names.carriers.get(carrierWord) ?? null);
  const medicare = words.includes('medicare');
  const medicaid = words.includes('medicaid');
  // A Medigap supplement rides on Original Medicare, whoever sells it.
  if (medicare && (words.includes('supplement') || words.includes('medigap'))) return { program: 'medicare', carrier: null };
  if (names.medicareAdvantageMarkers.test(padded) && !medicaid) return { program: 'medicare_advantage', carrier };
  if (medicare && carrierWord !== undefined) return { program: 'medicare_advantage', carrier };
  if (carrierWord !== undefined && names.medicareAdvantageOnly.has(carrierWord) && !medicaid) return { program: 'medicare_advantage', carrier };
  if (names.medicaidManagedCareMarkers.test(padded) || (medicaid && carrierWord !== undefined) || (carrierWord !== undefined && names.medicaidManagedCareOnly.has(carrierWord))) return { program: 'medicaid_managed_care', carrier };
  if (medicaid) return { program: 'medicaid', carrier: null };
  if (medicare) return { program: 'medicare', carrier: null };
  return { program: 'commercial', carrier };
}

const PROGRAM_LABELS: Partial<Record<Program, string>> = {
  medicare_advantage: 'Medicare Advantage', medicaid_managed_care: 'Medicaid managed care', medicaid: 'Medicaid', medicare: 'Medicare',
};

function programLabel(program: Program, carrier: string | null): string | null {
  const name = PROGRAM_LABELS[program];
  if (name === undefined) return carrier;
  return carrier === null ? name : `${name} (${carrier})`;
}

/** Words that say which program an accepted payer entry is for. */
function programOfEntry(normalized: string): Program {
  return classifyPayerProgram(normalized).program;
}

const MIN_FUZZY_LENGTH = 4;

/** Strips plan-type and filler words after normalising. */
export function normalizePayerName(text: string): string {
  return stripNoise(normalizeText(text));
}

function stripNoise(normalized: string): string {
  const planWords = getPayerNames().planWords;
  let out = '';
  for (const word of normalized.split(' ')) {
    if (word.length === 0 || planWords.has(word)) continue;
    out = out.length === 0 ? word : `${out} ${word}`;
  }
  return out;
}

/** Builds the alias index of a criteria version (labels and ids count as aliases too). */
export function compilePayerIndex(criteria: Criteria): PayerIndex {
  const exact = new Map<string, string>();
  const labels = new Map<string, string>();
  const programs = new Map<string, Set<Program>>();
  for (const payer of criteria.payers.accepted) {
    labels.set(payer.id, payer.label);
    const own = new Set<Program>();
    for (const name of [payer.label, payer.id.replace(/[-_]/g, ' '), ...payer.aliases]) {
      own.add(programOfEntry(normalizeText(name)));
      const key = normalizePayerName(name);
      if (key.length > 0 && !exact.has(key)) exact.set(key, payer.id);
    }
    programs.set(payer.id, own);
  }
  const phrases = [...exact].map(([words, id]) => ({ words, id })).sort((a, b) => b.words.length - a.words.length);
  return { exact, programs, phrases, labels, selfPayAccepted: criteria.payers.selfPayAccepted, memo: new Map() };
}

/**
 * Free-text insurance → accepted payer id: exact alias, then an alias inside the answer, then a
 * small edit distance (fastest-levenshtein) for typos such as "Aetana". Anything else that was
 * answered is `not_accepted`; a self-pay answer is `self_pay` whether or not the practice
 * accepts it (conditions decide what that means).
 */
export function enrichPayer(raw: string | null, index: PayerIndex): PayerFacts {
  if (raw === null) return UNKNOWN_PAYER;
  const known = index.memo.get(raw);
  if (known !== undefined) return known;
  const facts = readPayer(raw, index);
  if (index.memo.size >= PAYER_MEMO_LIMIT) index.memo.clear();
  index.memo.set(raw, facts);
  return facts;
}

const PAYER_MEMO_LIMIT = 1024;

function readPayer(raw: string, index: PayerIndex): PayerFacts {
  const plain = normalizeText(raw);
  const names = getPayerNames();
  if (names.unanswered.has(plain) || plain.length === 0) return UNKNOWN_PAYER;
  const padded = ` ${plain} `;
  if (names.selfPay.some((p) => padded.includes(` ${p} `))) return { status: 'self_pay', id: null, label: null, provided: true, program: 'unknown' };
  const { program, carrier } = classifyPayerProgram(plain);
  const id = matchPayer(stripNoise(plain), index);
  // A government program is accepted only when the matched entry is for that program: an accepted
  // "Medicare" (Original Medicare) does not accept a Humana Medicare Advantage plan.
  const accepted = id !== null && (program === 'commercial' || index.programs.get(id)?.has(program) === true);
  if (!accepted) return { status: 'not_accepted', id: null, label: programLabel(program, carrier), provided: true, program };
  return { status: 'accepted', id, label: index.labels.get(id) ?? null, provided: true, program };
}

const UNKNOWN_PAYER: PayerFacts = { status: 'unknown', id: null, label: null, provided: false, program: 'unknown' };

function matchPayer(name: string, index: PayerIndex): string | null {
  if (name.length === 0) return null;
  const exact = index.exact.get(name);
  if (exact !== undefined) return exact;
  const padded = ` ${name} `;
  for (const { words, id } of index.phrases) if (padded.includes(` ${words} `)) return id;
  return matchFuzzy(name, index);
}

function matchFuzzy(name: string, index: PayerIndex): string | null {
  const distinct = getPayerNames().distinctPayers;
  if (name.split(' ').some((word) => distinct.has(word))) return null;
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
