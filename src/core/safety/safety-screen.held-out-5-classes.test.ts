import { FLAGGED_CLASS_TITLE, ORDINARY_INQUIRY_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';
import { SafetyLanguageLexiconSchema } from './safety-lexicon.schema';

/**
 * The classes the fifth held-out corpus (written blind) showed missing or over-flagged, each tried
 * with wording of its own, not the corpus's: a fix must hold for the class, not the one sentence.
 */
describe('SafetyScreen: classes from the fifth held-out corpus', () => {
  it.each([
    ['French: not answering, not waking', 'mon père ne répond plus et ne se réveille pas', 'unconscious/fr'],
    ['French: chest pain with the arm', "j'ai une douleur dans la poitrine qui descend dans le bras", 'cardiac/fr'],
    ['French: wanting to die', "je veux mourir, j'ai tout prévu", 'suicide/fr'],
    ['Polish: chest pain', 'babcia ma ucisk w klatce piersiowej od rana', 'cardiac/pl'],
    ['Polish: unconscious', 'syn zemdlał i nie reaguje', 'unconscious/pl'],
    ['Polish: not wanting to live', 'nie chcę żyć, nie mam siły', 'suicide/pl'],
    ['Arabic: a swollen mouth after a food', 'بنتي اكلت جوز ولسانها متورم', 'anaphylaxis/ar'],
    ['Arabic: bleeding that does not stop, words between', 'ينزف من جرح في يده منذ الصباح ولا يتوقف', 'bleeding/ar'],
    ['Korean: a young infant with fever', '생후 3주된 아기가 열이 나요', 'pediatric/ko'],
    ['Chinese: a young infant with fever', '宝宝才一个月，发高烧了', 'pediatric/zh'],
    ['Bengali: a young infant with fever', 'আমার ৩ সপ্তাহের মেয়ের খুব জ্বর', 'pediatric/bn'],
    ['Spanish: a young infant with fever', 'mi nena de 3 semanas tiene calentura', 'pediatric/es'],
    ['Russian: a young infant with fever', 'дочке 2 недели, у неё жар', 'pediatric/ru'],
    ['Vietnamese: a young infant with fever', 'bé nhà tôi mới 2 tuần đã sốt', 'pediatric/vi'],
    ['Polish: a young infant with fever', 'córka ma 5 tygodni i gorączkę', 'pediatric/pl'],
    ['Spanish: bleeding on an anticoagulant', 'estoy sangrando de la encia y tomo xarelto', 'bleeding/es'],
    ['Spanish: fever with confusion', 'mi papa esta desorientado y con calentura', 'emergency/es'],
    ['Korean: a head injury then vomiting', '아이가 머리를 다쳤는데 구토를 해요', 'injury/ko'],
    ['Chinese: a head injury then drowsiness', '奶奶磕到头以后一直昏睡', 'injury/zh'],
    ['Bengali: a swollen tongue', 'ছেলের জিভ ফুলে যাচ্ছে', 'anaphylaxis/bn'],
    ['a heart rate reading that is too fast', 'pulse is 180 sitting still', 'cardiac/en'],
    ['a device shock', 'his icd fired three times this afternoon', 'cardiac/en'],
    ['nitro without relief', 'used my nitroglycerin twice and still have the pain', 'cardiac/en'],
    ['bleeding on an anticoagulant', 'cut my hand and its bleeding, i take xarelto', 'bleeding/en'],
    ['a fall then drowsiness', 'grandpa fell in the bathroom and is so drowsy now', 'injury/en'],
    ['a dosing error with a narrow-margin drug', 'pharmacy label was wrong and he took lithium instead of his other pill', 'overdose/en'],
    ['a question of lethality', 'what is a lethal dose of insulin', 'suicide/en'],
    ['a car engine in a closed garage', 'he closed the garage door and left the engine on', 'suicide/en'],
    ['intrusive thoughts of harm', 'i have urges to hurt my kids and it terrifies me', 'suicide/en'],
    ['shoulder-tip pain with a pregnancy', 'im 6 weeks pregnant with stabbing pain on the left', 'pregnancy/en'],
    ['fever with confusion', 'grandma is disoriented and burning up with fever', 'emergency/en'],
    ['fever after chemotherapy', 'my wife had chemo monday and now has chills', 'emergency/en'],
    ['sudden testicle pain', 'my son woke up with sudden pain in one testicle', 'emergency/en'],
    ['a low sugar that does not come up', 'glucose 42 after two juice boxes', 'emergency/en'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it.each([
    'my baby is 6 weeks old, no fever, just fussy at night',
    'low grade fever on and off for three weeks, can i get bloodwork',
    'tengo fiebre por tres semanas, necesito una cita',
    'lab results came back normal, what about my chest x-ray appointment',
    'need the forms from my er visit last month for my insurer',
    'she passed out once last year at a wedding, all tests normal',
    'dying of laughter at this form, anyway when are you open',
    'webinar: managing medical emergencies in the office, 1 CME credit',
    'can you hand out narcan kits to our group home',
    'fell asleep on the couch and my neck is stiff',
    'no thoughts of hurting herself, just very tired',
    'the bleeding has stopped since the procedure, follow up?',
  ])(ORDINARY_INQUIRY_TITLE, (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it('when a history word follows "since" ("since last week"), then the trouble is still going on and is flagged', () => {
    expect(flaggedCategoriesOf('chest pain since last week and it is getting worse')).toContain('cardiac/en');
  });

  it('when a words-mode pattern reaches further than twelve words, then the lexicon is refused', () => {
    const lexicon = { language: 'xx', name: 'Test', mode: 'words', categories: { cardiac: { near: [{ words: ['a'], with: ['b'], within: 20 }] } } };
    expect(SafetyLanguageLexiconSchema.safeParse(lexicon).success).toBe(false);
    expect(SafetyLanguageLexiconSchema.safeParse({ ...lexicon, mode: 'characters' }).success).toBe(true);
  });
});
