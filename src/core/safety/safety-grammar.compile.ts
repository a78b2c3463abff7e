import type { SafetyLanguageLexicon } from './safety-lexicon.schema';
import { addChar, addNear, addNearTerm, addWords, NEAR_SIDE_B, type CompiledSafetyIndex, type NearRule } from './safety-screen.compile';
import type { PatternRef } from './safety-screen.types';

/** The marker class a shouted word joins. */
const SHOUTED_MARKER = 'acuity';
/**
 * The term a shouted word stands for besides its own: a word in a run of capitals ("MY CHEST") or
 * right before "!!" counts as an acuity marker. No text word can be it (the tokenizer yields no "!").
 */
export const SHOUTED_TERM = '!shouted';

/**
 * Compiles a language's emergency grammar into proximity rules: each concept ("chest", category
 * cardiac) with each marker class it pairs with (acuity, unable, present…), a rule whose match
 * reports the concept's category and, as `via`, "chest × acuity". Words-mode acuity sides also
 * take the shouted term. Rules go through the same negation, hedge and exclusion checks as the rest.
 */
export function addGrammar(index: CompiledSafetyIndex, lex: SafetyLanguageLexicon, languageName: string): void {
  const grammar = lex.grammar;
  if (grammar === undefined) return;
  const negators = new Set<string>();
  addWords(negators, grammar.negators);
  for (const [name, concept] of Object.entries(grammar.concepts)) {
    for (const marker of concept.with) {
      const markerWords = grammar.markers[marker] ?? [];
      const ref: PatternRef = { category: concept.category, language: lex.language, languageName, exclusion: false, via: `${name} × ${marker}` };
      if (lex.mode === 'words') {
        const rule = addNear(index, ref, concept.words, markerWords, grammar.within, lex.stemmer, false);
        if (marker === SHOUTED_MARKER) addNearTerm(index, rule, SHOUTED_TERM, NEAR_SIDE_B);
        if (grammar.negatedMarkers.includes(marker)) (index.near[rule] as NearRule).negatedB = negators;
      } else {
        const rule = index.charNear.length;
        index.charNear.push({ ref, within: grammar.within });
        for (const w of concept.words) addChar(index, w, ref, rule, 0, lex);
        for (const w of markerWords) addChar(index, w, ref, rule, 1, lex);
      }
    }
  }
}
