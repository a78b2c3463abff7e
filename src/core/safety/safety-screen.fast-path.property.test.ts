import fc from 'fast-check';
import type { SafetyCategory, SafetyLanguageLexicon } from './safety-lexicon.schema';
import { SafetyScreen } from './safety-screen';

/*
 * The screen's fast paths (one map lookup per word, near rules kept per word with their sides,
 * short values remembered whole, running-text matching only for its scripts) must never lose a
 * mention the plain reading finds. Checked on generated lexicons, so no negation, hedge or
 * exclusion of the real one can explain a miss away: every planted phrase and every near pair
 * within reach must be found, whatever text surrounds it and however often it is screened.
 */

/** Lexicon words start with "zq", which no filler word does: the misspelling search cannot tie them to the filler. */
const lexWord = fc.stringMatching(/^zq[a-z]{3,6}$/);
const FILLER = ['i', 'would', 'like', 'an', 'appointment', 'for', 'my', 'knee', 'pain', 'this', 'week', 'do', 'you', 'take', 'insurance', 'hello', 'thanks', 'please', 'call', 'back', 'soon'];
const filler = fc.array(fc.constantFrom(...FILLER), { maxLength: 30 });
const separator = fc.constantFrom(' ', ', ', '. ', '\n', ' - ', '!! ');

const CATEGORIES: readonly SafetyCategory[] = ['cardiac', 'breathing', 'stroke', 'overdose'];

interface Planted {
  readonly lexicon: SafetyLanguageLexicon;
  readonly phrases: readonly (readonly [SafetyCategory, readonly string[]])[];
  readonly near: readonly { category: SafetyCategory; a: string; b: string; within: number }[];
}

const plantedArb: fc.Arbitrary<Planted> = fc
  .record({
    phrases: fc.array(fc.tuple(fc.constantFrom(...CATEGORIES), fc.uniqueArray(lexWord, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 }),
    near: fc.array(fc.record({ category: fc.constantFrom(...CATEGORIES), a: lexWord, b: lexWord, within: fc.integer({ min: 1, max: 8 }) }).filter((n) => n.a !== n.b), { maxLength: 4 }),
  })
  .map(({ phrases, near }) => {
    const categories: SafetyLanguageLexicon['categories'] = {};
    for (const [category, words] of phrases) {
      const entry = categories[category] ?? { phrases: [], near: [] };
      entry.phrases.push(words.join(' '));
      categories[category] = entry;
    }
    for (const n of near) {
      const entry = categories[n.category] ?? { phrases: [], near: [] };
      entry.near.push({ words: [n.a], with: [n.b], within: n.within });
      categories[n.category] = entry;
    }
    const lexicon: SafetyLanguageLexicon = {
      language: 'en', name: 'English', mode: 'words', categories, families: {}, negations: [], negationFillers: [], hedgesBefore: [], hedgesAfter: [],
      recentTimeWords: [], ongoingWords: [], absenceWords: [], exclusions: [], notMisspellings: [], spellings: {},
    };
    return { lexicon, phrases, near };
  });

const categoriesOf = (screen: SafetyScreen, texts: readonly string[]) => screen.screen(texts).matches.map((m) => m.category);

describe('safety screen fast paths (fast-check)', () => {
  it('when a lexicon phrase is planted anywhere in ordinary text, then its category is flagged, in a long text or a short one, the first time and the next', () => {
    fc.assert(fc.property(plantedArb, fc.nat(), filler, filler, separator, fc.boolean(), (planted, pick, before, after, sep, upper) => {
      const screen = new SafetyScreen([planted.lexicon]);
      const [category, words] = planted.phrases[pick % planted.phrases.length]!;
      const phrase = upper ? words.join(' ').toUpperCase() : words.join(' ');
      const text = [...before, phrase, ...after].join(sep);
      for (let round = 0; round < 2; round++) {
        expect(categoriesOf(screen, [text])).toContain(category);
        expect(categoriesOf(screen, ['hello', text, 'thanks'])).toContain(category);
      }
    }), { numRuns: 300 });
  });

  it('when the two words of a near rule stand within its reach in either order, then its category is flagged; with no lexicon word, nothing is', () => {
    fc.assert(fc.property(plantedArb, fc.nat(), filler, filler, fc.boolean(), (planted, pick, before, after, reversed) => {
      fc.pre(planted.near.length > 0);
      const screen = new SafetyScreen([planted.lexicon]);
      const rule = planted.near[pick % planted.near.length]!;
      const between = FILLER.slice(0, Math.max(0, rule.within - 1));
      const pair = reversed ? [rule.b, ...between, rule.a] : [rule.a, ...between, rule.b];
      expect(categoriesOf(screen, [[...before, ...pair, ...after].join(' ')])).toContain(rule.category);
      expect(screen.screen([[...before, ...after].join(' ')]).flagged).toBe(false);
    }), { numRuns: 300 });
  });
});
