import { detect } from 'tinyld/light';
import type { SafetyLexicon } from './safety-lexicon.schema';
import { addLanguage, addSpellings, createSafetyIndex, NEAR_SIDE_A, NEAR_SIDE_B, type CompiledSafetyIndex, type TermNode } from './safety-screen.compile';
import { addGrammar, SHOUTED_TERM } from './safety-grammar.compile';
import { isHedged, isNegatedAt } from './safety-hedges';
import { isExcluded, summarize, type Mention } from './safety-mentions';
import { findInRunningText } from './safety-running-text';
import { CLEAR_RESULT, type SafetyScreenResult } from './safety-screen.types';
import { hasCharacterScript, safetyTokens, shoutedPositions } from './safety-text';
import { stemmerFor } from './word-forms';

/** Answers for words not in the lexicon (misspelling and stem search), kept up to this many. */
const LOOKUP_MEMO_LIMIT = 20_000;
/** Values up to this long are remembered whole (picklist answers); longer ones are screened every time. */
const SHORT_TEXT_CHARS = 40;
const CYRILLIC = /[\u0400-\u04ff]/;
/** An English adjective made with -y or -ish from a word of three letters or more. */
const DERIVED_ADJECTIVE = /^([a-z]{3,}?)(ish|y)$/;
/** Languages the detector may name whose stemmer is an analyser here. */
const DETECTED_STEMMERS: Readonly<Record<string, string>> = { es: 'spanish' };

/** What a word of text is: the lexicon terms it is a form of, whether one is an anchor, or that only a stemmer can tell. */
interface WordEntry {
  readonly terms: readonly string[];
  readonly anchor: boolean;
  /** Set when the stemmers disagree: which applies depends on the text's language. */
  readonly byAnalyser: ReadonlyMap<string, readonly string[] | null> | null;
}
/** Stemmers for Latin-script words (the lexicons' own); Cyrillic words go to the Russian one. */
const LATIN_ANALYSERS = ['english', 'spanish'] as const;

/**
 * The clinical-safety screen: finds emergency mentions in free text in any language of its
 * lexicon. Pure and deterministic (the memo only remembers answers). Reads the whole text,
 * whatever its length. Per word of text it costs one map lookup; only a word that is not in the
 * lexicon but starts like a lexicon word goes on to the misspelling and stem search, whose answer
 * is remembered — and only then is the language detected, to pick the stemmers.
 */
export class SafetyScreen {
  private readonly index: CompiledSafetyIndex;
  /** Every lexicon word form, and (bounded) the answers for words found not to be one. One map: one lookup per word. */
  private readonly baseLookup = new Map<string, WordEntry>();
  private lookup: Map<string, WordEntry | null>;
  private remembered = 0;

  constructor(languages: SafetyLexicon['languages'], languageName?: string) {
    const index = createSafetyIndex();
    for (const lex of languages) {
      addLanguage(index, lex, languageName ?? lex.name);
      addGrammar(index, lex, languageName ?? lex.name);
    }
    // Last: a spelling stands for a word of any pattern, the grammar's included.
    for (const lex of languages) addSpellings(index, lex.spellings);
    (index as { hasCharEntries: boolean }).hasCharEntries = index.chars.size > 0;
    this.index = index;
    for (const [form, terms] of index.words) this.baseLookup.set(form, { terms, anchor: terms.some((t) => index.anchors.has(t)), byAnalyser: null });
    this.lookup = new Map(this.baseLookup);
    this.lastA = new Int32Array(index.near.length).fill(-1);
    this.lastB = new Int32Array(index.near.length).fill(-1);
  }

  /**
   * Screens texts. Each is read separately, so no phrase or negation reaches across two fields;
   * the language detector (when an analyser is needed) reads the text the word came from.
   */
  screen(texts: readonly string[]): SafetyScreenResult {
    const mentions = this.mentions;
    const hedgedMentions = this.hedgedMentions;
    mentions.length = 0;
    hedgedMentions.length = 0;
    this.detected = null;
    this.analysers = null;
    for (const text of texts) {
      if (text.length > SHORT_TEXT_CHARS) this.screenOne(text, mentions, hedgedMentions);
      else this.screenShort(text, mentions, hedgedMentions);
    }
    const detectedLanguage = this.detected;
    if (mentions.length === 0 && hedgedMentions.length === 0) return detectedLanguage === null ? CLEAR_RESULT : { ...CLEAR_RESULT, detectedLanguage };
    const matches = summarize(mentions);
    return { flagged: matches.length > 0, matches, hedged: summarize(hedgedMentions), detectedLanguage };
  }

  private readonly mentions: Mention[] = [];
  private readonly hedgedMentions: Mention[] = [];
  private readonly normalized = { text: null as string | null };

  /** Per-call state, reset by `screen` (the screen is used by one caller at a time: JavaScript is single-threaded). */
  private detected: string | null = null;
  private analysers: string[] | null = null;
  /** Terms per word position of the text being screened; reset after each text, reused to spare garbage. */
  private termsAt: (readonly string[] | undefined)[] = [];
  /** Per near rule, the latest position of a word of each side (-1: none yet); reset after each text. */
  private lastA = new Int32Array(0);
  private lastB = new Int32Array(0);

  /**
   * Short values (a picklist answer, "Joint replacement", "ASAP") repeat across thousands of
   * contacts: their answer is remembered whole. A value's answer depends on nothing but the value.
   */
  private screenShort(text: string, out: Mention[], hedged: Mention[]): void {
    let known = this.shortMemo.get(text);
    if (known === undefined) {
      const detectedBefore = this.detected;
      this.detected = null;
      known = { out: [], hedged: [], detected: null };
      const analysers = this.analysers;
      this.analysers = null;
      this.screenOne(text, known.out, known.hedged);
      known.detected = this.detected;
      this.detected = detectedBefore;
      this.analysers = analysers;
      if (this.shortMemo.size >= LOOKUP_MEMO_LIMIT) this.shortMemo.clear();
      this.shortMemo.set(text, known);
    }
    if (known.detected !== null) this.detected ??= known.detected;
    for (const m of known.out) out.push(m);
    for (const m of known.hedged) hedged.push(m);
  }
  private readonly shortMemo = new Map<string, { out: Mention[]; hedged: Mention[]; detected: string | null }>();

  private screenOne(text: string, out: Mention[], hedged: Mention[]): void {
    const words = safetyTokens(text, this.normalized);
    const normalized = this.normalized.text;
    if (this.lookupAll(words, text)) {
      const termsAt = this.termsAt;
      const found: Mention[] = [];
      const excluded = { marks: null as Uint8Array | null, length: words.length };
      for (let i = 0; i < words.length; i++) if (termsAt[i] !== undefined) this.walk(this.index.root, termsAt, words.length, i, i, found, excluded);
      this.findNear(words, termsAt, found);
      for (const m of found) {
        if (excluded.marks !== null && isExcluded(excluded.marks, m)) continue;
        (isHedged(this.index, words, m) ? hedged : out).push(m);
      }
    }
    this.termsAt.fill(undefined, 0, words.length);
    if (normalized !== null && this.index.hasCharEntries && hasCharacterScript(normalized)) findInRunningText(this.index, normalized, out, hedged);
  }

  /** True when some word form of the lexicon starts with this prefix (a practice's "anaphyla*" is already covered). */
  coversPrefix(prefix: string): boolean {
    const p = safetyTokens(prefix, this.normalized).join(' ');
    if (p.length < 3) return false;
    for (const form of this.index.words.keys()) if (form.startsWith(p)) return true;
    return false;
  }

  /** Fills `termsAt`; true when the text holds an anchor term (else nothing can match). */
  private lookupAll(words: readonly string[], text: string): boolean {
    const termsAt = this.termsAt;
    if (termsAt.length < words.length) termsAt.length = words.length;
    let anchored = false;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      let entry = this.lookup.get(word);
      if (entry === undefined) {
        if (word.length < 5) continue;
        entry = this.resolveUnknown(word);
        this.remember(word, entry);
      }
      if (entry === null) continue;
      if (entry.byAnalyser !== null) {
        const terms = this.analyse(entry, text);
        if (terms === null) continue;
        termsAt[i] = terms;
        if (!anchored && terms.some((t) => this.index.anchors.has(t))) anchored = true;
        continue;
      }
      termsAt[i] = entry.terms;
      if (entry.anchor) anchored = true;
    }
    if (anchored) for (const i of shoutedPositions(text, words.length)) termsAt[i] = [...(termsAt[i] ?? []), SHOUTED_TERM];
    return anchored;
  }

  /** A word not in the lexicon: a misspelling of a lexicon word, or (NEEDS_ANALYSER) maybe a form a stemmer knows. */
  private resolveUnknown(word: string): WordEntry | null {
    const { notMisspellings, fuzzy } = this.index;
    if (notMisspellings.has(word) || !(fuzzy.mayMatch(word) || CYRILLIC.test(word))) return null;
    const close = [...new Set(fuzzy.closest(word).flatMap((w) => this.index.words.get(w) ?? []))];
    if (close.length) return this.entryOf(close);
    if (!this.startsWithStem(word)) return null;
    if (CYRILLIC.test(word)) return this.entryOf(this.stemTerms('russian', word));
    const derived = this.derivedTerms(word);
    if (derived !== null) return this.entryOf(derived);
    // Each Latin-script analyser asked once per word; the text's language is detected (~80 µs) only
    // when their answers differ, to pick the one that applies.
    const byAnalyser = new Map(LATIN_ANALYSERS.map((a) => [a, this.stemTerms(a, word)] as const));
    const answers = new Set([...byAnalyser.values()].map((t) => (t === null ? '' : t.join('|'))));
    if (answers.size === 1) return this.entryOf(byAnalyser.get('english') ?? null);
    return { terms: [], anchor: false, byAnalyser };
  }

  /**
   * Adjectives people make from a lexicon word ("slurry" speech, "wheezy", "shaky", "feverish"):
   * the stemmer leaves them apart ("slurri" ≠ "slur"), so the word without its suffix (a doubled
   * last letter undone, or an "e" put back) is asked instead. English only: the lexicons' other
   * stemmers already take their languages' derivations.
   */
  private derivedTerms(word: string): readonly string[] | null {
    const m = DERIVED_ADJECTIVE.exec(word);
    if (m === null) return null;
    const base = m[1] as string;
    for (const b of [base, base.replace(/(.)\1$/, '$1'), `${base}e`]) {
      const terms = this.stemTerms('english', b);
      if (terms !== null) return terms;
    }
    return null;
  }

  private entryOf(terms: readonly string[] | null): WordEntry | null {
    return terms === null || terms.length === 0 ? null : { terms, anchor: terms.some((t) => this.index.anchors.has(t)), byAnalyser: null };
  }

  private stemTerms(algorithm: string, word: string): readonly string[] | null {
    return this.index.stems.get(algorithm)?.get(stemmerFor(algorithm).stem(word)) ?? null;
  }

  /** Analysers disagree on this word: English, and the analyser of the text's detected language, decide. */
  private analyse(entry: WordEntry, text: string): readonly string[] | null {
    if (this.analysers === null) {
      this.detected = detect(text) || 'und';
      this.analysers = [...new Set(['english', DETECTED_STEMMERS[this.detected] ?? 'english'])];
    }
    const terms = new Set<string>();
    for (const a of this.analysers) for (const t of entry.byAnalyser?.get(a) ?? []) terms.add(t);
    return terms.size ? [...terms] : null;
  }

  private startsWithStem(word: string): boolean {
    for (let len = 3; len <= word.length; len++) if (this.index.stemPrefixes.has(word.slice(0, len))) return true;
    return false;
  }

  private remember(word: string, entry: WordEntry | null): void {
    if (++this.remembered > LOOKUP_MEMO_LIMIT) {
      this.lookup = new Map(this.baseLookup);
      this.remembered = 1;
    }
    this.lookup.set(word, entry);
  }

  private walk(node: TermNode, termsAt: readonly (readonly string[] | undefined)[], length: number, start: number, i: number, found: Mention[], excluded: { marks: Uint8Array | null; length: number }): void {
    const terms = termsAt[i];
    if (terms === undefined || node.next === null) return;
    for (const term of terms) {
      const child = node.next.get(term);
      if (child === undefined) continue;
      if (child.refs !== null) {
        for (const ref of child.refs) {
          if (ref.exclusion) (excluded.marks ??= new Uint8Array(excluded.length)).fill(1, start, i + 1);
          else found.push({ ref, start, end: i });
        }
      }
      if (i + 1 < length) this.walk(child, termsAt, length, start, i + 1, found, excluded);
    }
  }

  /** Proximity rules in one pass: each word is compared with the latest word of the rule's other side. */
  private findNear(words: readonly string[], termsAt: readonly (readonly string[] | undefined)[], found: Mention[]): void {
    const length = words.length;
    const { near, nearByTerm } = this.index;
    const lastA = this.lastA;
    const lastB = this.lastB;
    const touched: number[] = [];
    for (let i = 0; i < length; i++) {
      const terms = termsAt[i];
      if (terms === undefined) continue;
      for (const term of terms) {
        const rules = nearByTerm.get(term);
        if (rules === undefined) continue;
        for (const code of rules) {
          const r = code >> 2;
          const rule = near[r]!;
          if (lastA[r] === -1 && lastB[r] === -1) touched.push(r);
          const inA = (code & NEAR_SIDE_A) !== 0;
          // "no puede hablar": a negated marker counts only after its negator, and from there.
          const negated = rule.negatedB !== undefined && (code & NEAR_SIDE_B) !== 0;
          if (negated && !(i > 0 && rule.negatedB!.has(words[i - 1] as string))) continue;
          // "not an emergency", "no trouble breathing": a negated grammar marker is no marker.
          const inB = (code & NEAR_SIDE_B) !== 0 && !(rule.ref.via !== undefined && !negated && isNegatedAt(this.index, this.index.negations, words, i));
          const a = lastA[r]!;
          const b = lastB[r]!;
          const other = inA && b >= 0 && i - b <= rule.within ? b : inB && a >= 0 && i - a <= rule.within ? a : -1;
          // Every occurrence counts, not just the first: the first may be negated and a later one not.
          if (other >= 0) found.push({ ref: rule.ref, start: other, end: i, near: true });
          if (inA) lastA[r] = i;
          if (inB) lastB[r] = negated ? i - 1 : i;
        }
      }
    }
    for (const r of touched) {
      lastA[r] = -1;
      lastB[r] = -1;
    }
  }
}
