import { getBuiltInSafetyScreen } from './safety-lexicon.registry';
import { compileCustomSafetyScreen } from './screen-contact';

const { screen: builtIn } = getBuiltInSafetyScreen();

describe('compileCustomSafetyScreen (the practice\'s own phrases)', () => {
  it('when a phrase is filed under a category and language, then a text with it matches that category, named as the practice list in that language', () => {
    const custom = compileCustomSafetyScreen([], builtIn, [{ category: 'breathing', language: 'es', phrases: ['aleteo nasal'] }]);
    expect(custom?.screen(['mi bebe tiene aleteo nasal desde anoche']).matches).toEqual([{ category: 'breathing', language: 'es', languageName: 'practice list, Spanish' }]);
  });

  it('when the language has a stemmer, then other word forms of the phrase match too', () => {
    const custom = compileCustomSafetyScreen([], builtIn, [{ category: 'injury', language: 'en', phrases: ['scalp laceration'] }]);
    expect(custom?.screen(['two scalp lacerations after the fall']).flagged).toBe(true);
  });

  it('when the built-in list already flags a phrase in its category, then it adds nothing; in another category it is kept', () => {
    expect(compileCustomSafetyScreen([], builtIn, [{ category: 'cardiac', language: 'en', phrases: ['heart attack'] }])).toBeNull();
    const other = compileCustomSafetyScreen([], builtIn, [{ category: 'emergency', language: 'en', phrases: ['heart attack'] }]);
    expect(other?.screen(['heart attack']).matches.map((m) => m.category)).toEqual(['emergency']);
  });

  it('when the flat list holds a phrase, then it is filed under "emergency stated" in any language, as before', () => {
    expect(compileCustomSafetyScreen(['chest pain', 'heart attack'], builtIn)).toBeNull();
    const custom = compileCustomSafetyScreen(['code blue'], builtIn);
    expect(custom?.screen(['they called a code blue']).matches).toEqual([{ category: 'emergency', language: 'xx', languageName: 'practice list' }]);
  });
});
