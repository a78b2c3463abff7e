import { SafetyLanguageLexiconSchema } from './safety-lexicon.schema';
import { FLAGGED_CLASS_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';

/**
 * The emergency grammar (a concept with an acuity, inability, present-time or vulnerable-person
 * marker) and the defects fixed with it. Wording of the tests' own: no phrase of the lexicon lists it.
 */
describe('SafetyScreen: the emergency grammar', () => {
  it.each([
    ['a chest with an acuity word', 'my chest went all heavy out of nowhere, worst thing ever', 'cardiac/en'],
    ['speech a person cannot manage', 'grandpa could not get his words out at dinner', 'stroke/en'],
    ['blood with a vulnerable person', 'I am on eliquis and there is blood in the sink every time I spit', 'bleeding/en'],
    ['Spanish: a negated ability', 'mi suegra no puede hablar desde la comida', 'stroke/es'],
    ['Russian: a negated ability', 'муж не может дышать нормально', 'breathing/ru'],
    ['Chinese: breath with an inability marker', '爸爸呼吸困难，嘴唇有点紫', 'breathing/zh'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it('when a grammar match flags, then it names the concept and marker class, not the patient\'s words', () => {
    const match = screenText('grandpa could not get his words out at dinner').matches.find((m) => m.category === 'stroke');
    expect(match?.via).toBe('speech_face × negated');
  });

  it.each([
    'my back pain is not an emergency but I would like an appointment',
    'no trouble breathing, just a stuffy nose',
    '¿cuánto cuesta un examen de sangre?',
  ])('when a marker is negated or a word only looks like one (%p), then it is not flagged', (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  // An orthopaedic or primary-care practice's everyday inquiry: the symptom concept takes only the
  // `severe` markers (suddenly, worst, unbearable…), not "worse", "a lot", "mucho" or "help".
  it.each([
    'My back pain is getting worse',
    'my knee hurts a lot when I climb stairs, can I get an appointment?',
    'me duele mucho la rodilla desde hace meses',
    'shoulder pain getting worse, need help finding an orthopedist',
  ])('when an everyday pain is said to be worse or a lot (%p), then it is not flagged', (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it.each([
    ['severe stomach pain and vomiting since this morning', 'urgent/en'],
    ['my belly pain is unbearable', 'urgent/en'],
    ['dolor insoportable en el estómago', 'urgent/es'],
  ])('when a symptom comes with a severity word (%p), then it is flagged as %p', (text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it('when a history of chest pain is followed by "now" it is back, then it is flagged, not hedged', () => {
    expect(flaggedCategoriesOf("history of chest pain, now it's back and crushing")).toContain('cardiac/en');
  });

  it('when an adult has had a fever for weeks, then it is flagged as urgent, not as an infant', () => {
    const categories = flaggedCategoriesOf("i've had a fever of 101 on and off, 3 weeks now");
    expect(categories).toContain('urgent/en');
    expect(categories).not.toContain('pediatric/en');
    expect(flaggedCategoriesOf('my 5 week old has a fever')).toContain('pediatric/en');
  });

  it.each([
    ['ALL CAPS', 'MY DAD SAYS HIS CHEST IS WEIRD'],
    ['"!!!"', 'my chest feels weird!!!'],
  ])('when a concept is written with %s, then that counts as acuity and it is flagged', (_kind, text) => {
    expect(flaggedCategoriesOf(text)).toContain('cardiac/en');
    expect(screenText(text.toLowerCase().replace(/!/g, '')).flagged).toBe(false);
  });

  it('when a person is confused and burning up, then it is flagged', () => {
    expect(screenText('my husband seems confused and burning up').flagged).toBe(true);
  });

  it.each([
    'أريد تقديم موعد، عندي حساسية موسمية',
    'ابنتي تحب الرسم كثيرا',
  ])('when a short Arabic lexicon word only occurs inside a longer word (%p), then it is not flagged', (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it('when a short Arabic word stands alone or after "ال", then it still matches', () => {
    expect(screenText('عنده نزيف دم كثير').flagged).toBe(true);
  });

  it('when a grammar concept names a marker class the grammar lacks, then the lexicon is rejected', () => {
    const lexicon = { language: 'en', name: 'English', mode: 'words', categories: {}, grammar: { within: 4, markers: { acuity: ['worst'] }, concepts: { chest: { category: 'cardiac', words: ['chest'], with: ['present'] } } } };
    expect(SafetyLanguageLexiconSchema.safeParse(lexicon).success).toBe(false);
  });
});
