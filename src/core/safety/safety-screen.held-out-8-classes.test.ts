import { FLAGGED_CLASS_TITLE, ORDINARY_INQUIRY_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';

/**
 * The classes the eighth held-out corpus (written blind, measured blind at 0.900 / 0.854) showed
 * missing or over-flagged, each tried with wording of its own, never the corpus's: bleeding with a
 * bleeding disorder, eye trauma, cyanosis beyond the lips, breathlessness that cuts speech short,
 * a farewell told by time, household chemicals and vomited blood in the character-mode languages,
 * chest pressure told with a verb or a sweat, being tired of living; and history told without a
 * hedge word (a family's history told with many events, a past habit, a controlled condition, a clinic's name).
 */
describe('SafetyScreen: classes from the eighth held-out corpus', () => {
  it.each([
    ['bleeding with a bleeding disorder', 'my daughter has von willebrand and her nose has been bleeding since lunch', 'bleeding/en'],
    ['a nosebleed running into the throat', 'nosebleed again and now blood is going down the back of his throat', 'bleeding/en'],
    ['an eye struck by something', 'a fishing hook caught his eye', 'injury/en'],
    ['cyanosis beyond the lips', 'his fingernails have gone a dusky gray', 'breathing/en'],
    ['breathlessness that cuts speech short', 'she can only get out a word or two between breaths', 'breathing/en'],
    ['breathlessness that cuts speech short, Spanish', 'mi mama no puede hablar sin parar a respirar', 'breathing/es'],
    ['a farewell told by time', 'she texted that tonight is her last night and turned her phone off', 'suicide/en'],
    ['an allergen with the mouth swelling', 'ate something with egg in it and my mouth is puffing up', 'anaphylaxis/en'],
    ['a hip fracture after a fall', 'after the fall her hip looks rotated and she cannot stand', 'injury/en'],
    ['a child working to breathe, Chinese', '宝宝呼吸好快，锁骨下面一吸气就凹进去', 'breathing/zh'],
    ['vomited or coughed blood with words between, Chinese', '奶奶咳出来很多血', 'bleeding/zh'],
    ['a household chemical drunk, Chinese', '孩子偷喝了一口消毒液', 'overdose/zh'],
    ['tired of living, traditional Chinese', '覺得活著沒有意義', 'suicide/zh'],
    ['burning behind the breastbone, Russian', 'жжение за грудиной уже полчаса', 'cardiac/ru'],
    ['something pressing the chest, Haitian Creole', 'gen yon bagay k ap prese pwatrin mwen', 'cardiac/ht'],
    ['vomiting blood, another person of the verb, Arabic', 'ابوي يستفرغ دم من الصبح', 'bleeding/ar'],
    ['a cleaning product swallowed, Arabic', 'ابني بلع منظف الحمام', 'overdose/ar'],
    ['tired of life, Arabic', 'زهقت من حياتي ومش عايزة اكمل', 'suicide/ar'],
    ['the chest pressed, with sweating, Bengali', 'মায়ের বুক চাপা লাগছে আর খুব ঘামছে', 'cardiac/bn'],
    ['a household chemical swallowed, Bengali', 'মেয়ে ভুল করে কেরোসিন খেয়েছে', 'overdose/bn'],
    ['wanting to stop living, Korean', '이제 그만 살고 싶어요', 'suicide/ko'],
    ['one side of the body weak, Chinese', '爸爸右边胳膊和腿突然没劲了', 'stroke/zh'],
    ['jumping from a height, Chinese', '她说要从天台跳下去', 'suicide/zh'],
    ['convulsions that do not stop, Chinese', '孩子抽搐了五分钟还不停', 'unconscious/zh'],
    ['the throat tightening after an allergen, Chinese', '吃了虾以后嗓子发紧', 'anaphylaxis/zh'],
    ['ending everything, Arabic', 'بدي انهي كل شي وخلص', 'suicide/ar'],
    ['a racing heart with dizziness, Arabic', 'نبضات قلبي سريعة جدا ومعي دوخة', 'cardiac/ar'],
    ['an allergen with the throat swelling, Russian', 'после того как съел арахис, отекло горло', 'anaphylaxis/ru'],
    ['a firearm and an intent towards oneself', 'he has a gun and keeps saying he will use it on himself', 'suicide/en'],
    ['a plan and the means', 'my sister told me she has a plan and the means', 'suicide/en'],
    ['snoring as an overdose breathes', 'she swallowed all her oxycodone and now shes snoring and we cant wake her', 'unconscious/en'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it.each([
    'she used to cut herself in high school, now asking about laser for the scars',
    'his seizures are well controlled, we need a refill and a school note',
    'he faints at the sight of needles, can the nurse do his blood draw lying down',
    'the stroke center referred my father for outpatient therapy',
    'need our anaphylaxis action plan signed before camp',
    'dying for a cup of coffee but my fasting labs are tomorrow',
    'en la familia de mi papa hubo muchos infartos, quiero un chequeo',
    'mi papa ronca fuerte y mi mama dice que deja de respirar, queremos estudio de apnea',
    'my husband snores and stops breathing at night, can we get a sleep study',
    'у нас в роду много инфарктов, хочу обследоваться',
    'manman m te fè yon atak kè lane pase, li bezwen renouvle medikaman',
    'عندي صورة اشعة للصدر من الشهر الماضي واحتاج تقرير',
  ])(ORDINARY_INQUIRY_TITLE, (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it.each([
    ['a past habit, then the same thing tonight', 'she used to cut herself and tonight she cut herself again, it is deep', 'suicide/en'],
    ['a controlled condition, then a seizure now', 'his seizures are well controlled but right now he is seizing and will not stop', 'unconscious/en'],
    ['a family history, then chest pain now (Spanish)', 'en mi familia hay infartos y ahora me duele mucho el pecho', 'cardiac/es'],
    ['the family is told after the mention (Spanish)', 'me duele mucho el pecho y mi familia no esta en casa', 'cardiac/es'],
    ['a pain going on since last week (Haitian Creole)', 'doule nan pwatrin depi semen pase, li vin pi mal', 'cardiac/ht'],
    ['a pain going on since last week (Arabic)', 'ألم في الصدر من الأسبوع الماضي', 'cardiac/ar'],
    ['a risk word comes first', 'she is a high risk pregnancy and is bleeding through pads now', 'pregnancy/en'],
    ['a time span with "past" comes first', 'over the past half hour a crushing chest pain', 'cardiac/en'],
    ['the family is who noticed', 'my family noticed the left side of my face is drooping', 'stroke/en'],
    ['the family is who noticed (Russian)', 'в семье говорят, что у меня перекосило лицо', 'stroke/ru'],
    ['a follow-up is named first', 'follow up question but actually i cant breathe at all now', 'breathing/en'],
  ])('when a history or hedge word comes with something happening now (%s), then the present mention is still flagged (%p)', (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });
});
