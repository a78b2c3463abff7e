import { expandFamilies, SAFETY_CATEGORIES, type SafetyLanguageLexicon } from './safety-lexicon.schema';
import type { PatternRef } from './safety-screen.types';
import { compactText, normalizeSafetyText, safetyWords } from './safety-text';
import { FuzzyIndex, generateWordForms, stemmerFor } from './word-forms';

/** A node of the word trie: phrases are sequences of lexicon words ("terms"). */
export interface TermNode {
  next: Map<string, TermNode> | null;
  refs: PatternRef[] | null;
}

/** A proximity pattern over terms: a word of `a` within `within` words of a word of `b`. */
export interface NearRule {
  readonly ref: PatternRef;
  readonly a: ReadonlySet<string>;
  readonly b: ReadonlySet<string>;
  readonly within: number;
  /** Set when a `b` word counts only right after one of these negators ("no puede"); the match then starts at the negator. */
  negatedB?: ReadonlySet<string>;
}

/** Side bits of a `nearByTerm` entry. */
export const NEAR_SIDE_A = 1;
export const NEAR_SIDE_B = 2;

/** A pattern matched within running text (character-mode languages). */
export interface CharEntry {
  readonly text: string;
  readonly ref: PatternRef;
  /** -1 for a phrase; else the index of the near rule and which side (0 = a, 1 = b). */
  readonly rule: number;
  readonly side: 0 | 1;
  /** A short entry (see the lexicon's `shortEntries`): where in the text it may match. */
  readonly short: { readonly wordStart: boolean; readonly prefixes: readonly string[] } | null;
}

export interface CharNearRule {
  readonly ref: PatternRef;
  readonly within: number;
}

/** Every index the screen needs, built once from the lexicon. */
export interface CompiledSafetyIndex {
  /** Surface word → the lexicon terms it is a form of. */
  readonly words: Map<string, string[]>;
  /** Per stemmer algorithm: stem → terms (for forms the generator did not list). */
  readonly stems: Map<string, Map<string, string[]>>;
  /** Every stem of `stems`, whatever the algorithm: a word that starts with none needs no analyser. */
  readonly stemPrefixes: Set<string>;
  readonly fuzzy: FuzzyIndex;
  /**
   * Terms without which nothing can match: the longest word of each phrase and every word of a
   * near rule's first side. A text with none of them is done after its word lookups.
   */
  readonly anchors: Set<string>;
  /** Real words one edit away from a lexicon word ("breast", "chess"): never read as misspellings. */
  readonly notMisspellings: ReadonlySet<string>;
  readonly root: TermNode;
  readonly near: NearRule[];
  /**
   * Term → the near rules it takes part in, each as `rule index × 4 + sides` (NEAR_SIDE_A,
   * NEAR_SIDE_B or both): the matcher needs no set lookup to know which side a word is on.
   */
  readonly nearByTerm: Map<string, number[]>;
  readonly negations: ReadonlySet<string>;
  readonly negationFillers: ReadonlySet<string>;
  readonly hedgesBefore: ReadonlySet<string>;
  readonly hedgesAfter: ReadonlySet<string>;
  readonly recentTimeWords: ReadonlySet<string>;
  /** Recent-time words and the grammar's present-time words ("now", "again"): after a mention they cancel a history word before it. */
  readonly presentWords: Set<string>;
  readonly ongoingWords: ReadonlySet<string>;
  readonly absenceWords: ReadonlySet<string>;
  /** First character → character-mode entries starting with it. */
  readonly chars: Map<string, CharEntry[]>;
  readonly charNear: CharNearRule[];
  readonly hasCharEntries: boolean;
  /** History markers of the character-mode languages ("去年", "작년에"), compacted: they hedge a mention just before or after them. */
  readonly charHedgesBefore: string[];
  readonly charHedgesAfter: string[];
  /** Recent-time words of those languages ("今天", "지금"): one between a history marker and a mention keeps the mention now. */
  readonly charRecent: string[];
}

/** A near entry written "=week" matches that exact word only: not "weeks", not a misspelling. */
const EXACT = '=';

function addTermForms(index: CompiledSafetyIndex, term: string, algorithm: string | undefined): void {
  if (term.startsWith(EXACT)) {
    const terms = index.words.get(term.slice(1)) ?? [];
    if (!terms.includes(term)) terms.push(term);
    index.words.set(term.slice(1), terms);
    return;
  }
  if (index.words.has(term) && index.words.get(term)!.includes(term)) return;
  for (const form of generateWordForms(term, algorithm)) {
    const terms = index.words.get(form) ?? [];
    if (!terms.includes(term)) terms.push(term);
    index.words.set(form, terms);
  }
  // Misspellings are measured against the lexicon's own words, not generated forms ("manys").
  index.fuzzy.add(term);
  if (algorithm !== undefined && term.length >= 4) {
    const byStem = index.stems.get(algorithm) ?? new Map<string, string[]>();
    index.stems.set(algorithm, byStem);
    const stem = stemmerFor(algorithm).stem(term);
    const terms = byStem.get(stem) ?? [];
    if (!terms.includes(term)) terms.push(term);
    byStem.set(stem, terms);
    index.stemPrefixes.add(stem);
  }
}

function addPhrase(index: CompiledSafetyIndex, phrase: string, ref: PatternRef, algorithm: string | undefined): void {
  const terms = safetyWords(normalizeSafetyText(phrase));
  if (terms.length === 0) return;
  if (!ref.exclusion) index.anchors.add(terms.reduce((a, b) => (b.length > a.length ? b : a)));
  let node = index.root;
  for (const term of terms) {
    addTermForms(index, term, algorithm);
    node.next = node.next ?? new Map();
    let child = node.next.get(term);
    if (child === undefined) {
      child = { next: null, refs: null };
      node.next.set(term, child);
    }
    node = child;
  }
  node.refs = node.refs ?? [];
  if (!node.refs.some((r) => r.category === ref.category && r.language === ref.language && r.exclusion === ref.exclusion)) node.refs.push(ref);
}

/**
 * People type two words as one ("chestpain", "cantbreathe"): a two- or three-word phrase, and each
 * pair of a proximity pattern's words in either order, also match written together. Exact forms
 * only (no inflections or misspelling search), so the index stays small.
 */
function addJoined(index: CompiledSafetyIndex, joined: string, ref: PatternRef): void {
  if (joined.length < 6 || index.words.has(joined)) return;
  index.words.set(joined, [joined]);
  index.anchors.add(joined);
  const root = index.root;
  root.next = root.next ?? new Map();
  root.next.set(joined, { next: null, refs: [ref] });
}

/**
 * A proximity side is a set of single words: "no para" would silently become "no" and "para", each
 * matching alone. The loader compiles the lexicon at start, so such an entry stops it there.
 */
function nearSide(words: readonly string[], category: string, language: string): Set<string> {
  const out = new Set<string>();
  for (const entry of words) {
    const parts = safetyWords(normalizeSafetyText(entry));
    if (entry.startsWith(EXACT) && parts.length === 1) {
      out.add(EXACT + parts[0]);
      continue;
    }
    if (parts.length > 1) throw new Error(`safety lexicon ${language}/${category}: near entry "${entry}" has several words; near patterns take single words (put phrases under "phrases")`);
    for (const w of parts) out.add(w);
  }
  return out;
}

/**
 * Adds a proximity rule and returns its index. `joined`: each pair of its words also matches typed
 * as one word ("chestpain"); the grammar's cross products leave it off, the index would balloon.
 */
export function addNear(index: CompiledSafetyIndex, ref: PatternRef, a: readonly string[], b: readonly string[], within: number, algorithm: string | undefined, joined = true): number {
  const side = (words: readonly string[]) => nearSide(words, ref.category, ref.language);
  const rule: NearRule = { ref, a: side(a), b: side(b), within };
  const ruleIndex = index.near.length;
  index.near.push(rule);
  for (const term of rule.a) index.anchors.add(term);
  if (joined) for (const x of rule.a) for (const y of rule.b) if (x !== y) for (const pair of [x + y, y + x]) addJoined(index, pair, ref);
  for (const term of new Set([...rule.a, ...rule.b])) {
    addTermForms(index, term, algorithm);
    addNearTerm(index, ruleIndex, term, (rule.a.has(term) ? NEAR_SIDE_A : 0) + (rule.b.has(term) ? NEAR_SIDE_B : 0));
  }
  return ruleIndex;
}

/** Records that `term` takes part in near rule `ruleIndex` on the given sides (no word forms: for terms the tokenizer never yields). */
export function addNearTerm(index: CompiledSafetyIndex, ruleIndex: number, term: string, sides: number): void {
  const list = index.nearByTerm.get(term) ?? [];
  list.push(ruleIndex * 4 + sides);
  index.nearByTerm.set(term, list);
}

export function addChar(index: CompiledSafetyIndex, text: string, ref: PatternRef, rule: number, side: 0 | 1, lex: SafetyLanguageLexicon): void {
  const normalized = normalizeSafetyText(text);
  const compact = compactText(normalized);
  if (compact.length === 0) return;
  const rules = lex.shortEntries;
  // An entry written with a space ("안 먹") spans words on purpose.
  const short = rules !== undefined && compact.length < rules.below && compact === normalized
    ? { wordStart: rules.wordStart, prefixes: rules.prefixes.map((p) => compactText(normalizeSafetyText(p))) } : null;
  const first = compact.charAt(0);
  const list = index.chars.get(first) ?? [];
  list.push({ text: compact, ref, rule, side, short });
  index.chars.set(first, list);
}

/** A spelling ("cnt") matches wherever the lexicon word it stands for ("cant") does. */
export function addSpellings(index: CompiledSafetyIndex, spellings: Readonly<Record<string, string>>): void {
  for (const [spelling, word] of Object.entries(spellings)) {
    const [from] = safetyWords(normalizeSafetyText(spelling));
    const terms = index.words.get(safetyWords(normalizeSafetyText(word))[0] ?? '');
    // The loader compiles the lexicon at start, so a spelling of a word the lexicon lacks stops it there.
    if (from === undefined || terms === undefined) throw new Error(`safety lexicon spelling "${spelling}" stands for "${word}", which is no word of the lexicon`);
    const own = index.words.get(from) ?? [];
    for (const t of terms) if (!own.includes(t)) own.push(t);
    index.words.set(from, own);
  }
}

export function addWords(set: Set<string>, entries: readonly string[]): void {
  for (const e of entries) for (const w of safetyWords(normalizeSafetyText(e))) set.add(w);
}

/** An empty index, to be filled with `addLanguage`. */
export function createSafetyIndex(): CompiledSafetyIndex {
  return {
    words: new Map(), stems: new Map(), stemPrefixes: new Set(), anchors: new Set(), fuzzy: new FuzzyIndex(), notMisspellings: new Set(), root: { next: null, refs: null },
    near: [], nearByTerm: new Map(), negations: new Set(), negationFillers: new Set(), hedgesBefore: new Set(), hedgesAfter: new Set(), recentTimeWords: new Set(), presentWords: new Set(), ongoingWords: new Set(), absenceWords: new Set(),
    chars: new Map(), charNear: [], hasCharEntries: false, charHedgesBefore: [], charHedgesAfter: [], charRecent: [],
  };
}

/** Adds one language's lexicon (optionally with a display name for its matches) to the index. */
export function addLanguage(index: CompiledSafetyIndex, lex: SafetyLanguageLexicon, languageName = lex.name): CompiledSafetyIndex {
  const algorithm = lex.stemmer;
  for (const category of SAFETY_CATEGORIES) {
    const entry = lex.categories[category];
    if (entry === undefined) continue;
    const ref: PatternRef = { category, language: lex.language, languageName, exclusion: false };
    for (const phrase of entry.phrases) {
      if (lex.mode === 'words') {
        addPhrase(index, phrase, ref, algorithm);
        const words = safetyWords(normalizeSafetyText(phrase));
        if (words.length === 2 || words.length === 3) addJoined(index, words.join(''), ref);
      }
      else addChar(index, phrase, ref, -1, 0, lex);
    }
    for (const near of entry.near) {
      const words = expandFamilies(near.words, lex.families);
      const withWords = expandFamilies(near.with, lex.families);
      if (lex.mode === 'words') addNear(index, ref, words, withWords, near.within, algorithm);
      else {
        const rule = index.charNear.length;
        index.charNear.push({ ref, within: near.within });
        for (const w of words) addChar(index, w, ref, rule, 0, lex);
        for (const w of withWords) addChar(index, w, ref, rule, 1, lex);
      }
    }
  }
  const exclusion: PatternRef = { category: 'emergency', language: lex.language, languageName, exclusion: true };
  for (const phrase of lex.exclusions) if (lex.mode === 'words') addPhrase(index, phrase, exclusion, undefined);
  addWords(index.negations as Set<string>, lex.negations);
  addWords(index.negationFillers as Set<string>, lex.negationFillers);
  if (lex.mode === 'characters') {
    for (const h of lex.hedgesBefore) index.charHedgesBefore.push(compactText(normalizeSafetyText(h)));
    for (const h of lex.hedgesAfter) index.charHedgesAfter.push(compactText(normalizeSafetyText(h)));
    for (const h of lex.recentTimeWords) index.charRecent.push(compactText(normalizeSafetyText(h)));
  }
  addWords(index.hedgesBefore as Set<string>, lex.hedgesBefore);
  addWords(index.hedgesAfter as Set<string>, lex.hedgesAfter);
  addWords(index.recentTimeWords as Set<string>, lex.recentTimeWords);
  addWords(index.presentWords, lex.recentTimeWords);
  if (lex.grammar !== undefined) {
    const present = lex.grammar.markers['present'] ?? [];
    addWords(index.presentWords, present);
    if (lex.mode === 'characters') for (const h of present) index.charRecent.push(compactText(normalizeSafetyText(h)));
  }
  addWords(index.ongoingWords as Set<string>, lex.ongoingWords);
  addWords(index.absenceWords as Set<string>, lex.absenceWords);
  addWords(index.notMisspellings as Set<string>, lex.notMisspellings);
  return index;
}
