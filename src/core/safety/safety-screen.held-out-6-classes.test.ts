import { FLAGGED_CLASS_TITLE, ORDINARY_INQUIRY_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';
import { SafetyLanguageLexiconSchema } from './safety-lexicon.schema';
import { SafetyScreen } from './safety-screen';

/**
 * The classes the sixth held-out corpus (written blind) showed missing or over-flagged, each tried
 * with wording of its own, not the corpus's: a fix must hold for the class, not the one sentence.
 * The first rows are the "when unsure, flag" families: a symptom with a severity or suddenness
 * word, a systemic alarm sign, an at-risk person (a young infant, a pregnancy or a recent birth).
 */
describe('SafetyScreen: classes from the sixth held-out corpus', () => {
  it.each([
    ['a sudden or severe symptom, no category word', 'out of nowhere the worst pain in my lower back', 'urgent/en'],
    ['a sudden or severe symptom, Spanish', 'de repente me dio un dolor insoportable en la panza', 'urgent/es'],
    ['a sudden or severe symptom, Russian', 'внезапно сильнейшая головная боль', 'urgent/ru'],
    ['a rigid belly', 'my tummy is hard as a rock and it hurts so bad', 'urgent/en'],
    ['a meter reading too high to show', 'glucose meter just says HI and he is vomiting', 'urgent/en'],
    ['confusion with an infection or heat', 'grandpa is confused after mowing in the heat all day', 'urgent/en'],
    ['confusion with an infection, Spanish', 'mi abuelo esta desorientado y tiene escalofrios', 'urgent/es'],
    ['spots that do not fade', 'there are little purple dots on his legs and he has a fever', 'urgent/en'],
    ['spots that do not fade, Spanish', 'le salieron puntitos morados en las piernas', 'urgent/es'],
    ['a blood pressure in the crisis range', 'bp cuff says 192 over 110 and i have a headache', 'urgent/en'],
    ['a young infant by age, signs other than fever', 'my 3 week old is vomiting green', 'pediatric/en'],
    ['a newborn, yellow and not feeding', 'newborn is 9 days old and looks yellow and wont feed', 'pediatric/en'],
    ['a young infant, warm', 'my 2 week old feels really warm', 'pediatric/en'],
    ['a young infant, Spanish', 'mi bebe de 2 semanas esta amarillo y no quiere comer', 'pediatric/es'],
    ['an infant, Chinese', '宝宝三个月，不吃奶，一直嗜睡', 'pediatric/zh'],
    ['an infant, Korean', '아기가 축 처지고 안 먹어요', 'pediatric/ko'],
    ['a recent birth with a severe headache', 'had a csection last week and my head is pounding', 'pregnancy/en'],
    ['a pregnancy with a high blood pressure', 'im 30 weeks and my bp is 165/100', 'pregnancy/en'],
    ['no fetal movement, words between', 'no kicks since last night and im 35 weeks', 'pregnancy/en'],
    ['pregnancy warning signs, French', "je suis enceinte de 7 mois et j'ai la vision floue et la tete qui tourne", 'pregnancy/fr'],
    ['cannot be kept awake', 'we cant keep him awake', 'unconscious/en'],
    ['cannot be kept awake, Spanish', 'no podemos mantenerlo despierto', 'unconscious/es'],
    ['barely responsive', 'my grandma is barely responsive', 'unconscious/en'],
    ['found on the floor', 'found my uncle slumped on the floor', 'unconscious/en'],
    ['a device that went off', 'his ICD went off this morning', 'cardiac/en'],
    ['chest with a grey, sweaty look', 'dad is sweating and gray, says his chest feels off', 'cardiac/en'],
    ['farewell signs', 'he has been giving away his things and said goodbye', 'suicide/en'],
    ['a deep bite', 'the dog bit her cheek and its a deep wound', 'injury/en'],
    ['a threat to kill with a weapon', 'my brother says he will shoot his neighbor, he owns a rifle', 'emergency/en'],
    ['a threat to kill, Spanish', 'mi esposo dice que va a matar a su jefe', 'emergency/es'],
    ['a cleaning product swallowed, Spanish', 'mi hijo se bebio el limpiador del piso', 'overdose/es'],
    ['blue lips, Russian', 'ребенок посинел, губы синие', 'breathing/ru'],
    ['an inhaler that does not help, Russian', 'ингалятор совсем не помогает', 'breathing/ru'],
    ['blue lips, Vietnamese', 'môi con tôi tím tái', 'breathing/vi'],
    ['Urdu: chest pain', 'میرے سینے میں شدید درد ہو رہا ہے', 'cardiac/ur'],
    ['Urdu: trouble breathing', 'امی کو سانس لینے میں مشکل ہو رہی ہے', 'breathing/ur'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it.each([
    'cough and stuffy nose for 4 days, no fever',
    'my grandfather died of a stroke in his sixties, should i be screened',
    'we offer cardiac arrest training for your front desk staff',
    'my husband stops breathing at night when he snores, can we book a sleep study',
    'i cut myself as a teen, my new therapist wants the old notes',
    'my mom had a stroke three years ago, mama miała udar trzy lata temu',
    'bp has been 128/84 at home, refill please',
    'i am 20 weeks and want to book the anatomy scan',
  ])(ORDINARY_INQUIRY_TITLE, (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it('when a near pattern names a family, then it matches every word of the family; a family the language lacks is refused', () => {
    const lexicon = {
      language: 'xx', name: 'Test', mode: 'words', families: { alarm: ['clammy', 'ashen'] },
      categories: { cardiac: { near: [{ words: ['chest'], with: ['@alarm'], within: 6 }] } },
    };
    const parsed = SafetyLanguageLexiconSchema.parse(lexicon);
    const own = new SafetyScreen([parsed]);
    expect(own.screen(['chest feels odd and he is ashen']).flagged).toBe(true);
    expect(own.screen(['chest feels odd and he is clammy']).flagged).toBe(true);
    expect(own.screen(['chest feels odd']).flagged).toBe(false);
    const unknown = { ...lexicon, categories: { cardiac: { near: [{ words: ['chest'], with: ['@grey'], within: 4 }] } } };
    expect(SafetyLanguageLexiconSchema.safeParse(unknown).success).toBe(false);
  });
});
