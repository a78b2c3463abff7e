import { getBuiltInSafetyScreen } from './safety-lexicon.registry';
import type { SafetyCategory } from './safety-lexicon.schema';

const { screen } = getBuiltInSafetyScreen();
const categoriesOf = (text: string) => screen.screen([text]).matches.map((m) => `${m.category}/${m.language}`);

/** Every category in English and Spanish; the high-risk six in every other language. */
const EVERY_CATEGORY: [string, SafetyCategory, string][] = [
  ['en', 'cardiac', 'woke up with a crushing feeling in my chest'],
  ['en', 'breathing', 'my son cant catch his breath, he is wheezing'],
  ['en', 'stroke', 'dads face looks droopy on the left'],
  ['en', 'bleeding', 'the cut keeps gushing blood'],
  ['en', 'unconscious', 'my wife just collapsed in the kitchen'],
  ['en', 'overdose', 'she swallowed a whole bottle of tylenol'],
  ['en', 'suicide', 'honestly i just want to end it all'],
  ['en', 'anaphylaxis', 'ate shrimp and my tongue is swelling up'],
  ['en', 'injury', 'he fell off a ladder and hit his head'],
  ['en', 'pregnancy', '32 weeks pregnant and leaking fluid with cramps'],
  ['en', 'pediatric', 'our 3 week old is floppy and hot to the touch'],
  ['en', 'urgent', 'out of nowhere an excruciating pain behind my eye'],
  ['en', 'emergency', 'please call an ambulance'],
  ['es', 'cardiac', 'mi papa dice que le aprieta el pecho'],
  ['es', 'breathing', 'mi hija casi no puede respirar'],
  ['es', 'stroke', 'a mi abuela se le puso la boca torcida'],
  ['es', 'bleeding', 'la herida no deja de sangrar'],
  ['es', 'unconscious', 'mi esposo se desmayó en la calle'],
  ['es', 'overdose', 'mi hermano se tomó un frasco de pastillas'],
  ['es', 'suicide', 'ya no quiero vivir'],
  ['es', 'anaphylaxis', 'me picó una abeja y se me está hinchando la garganta'],
  ['es', 'injury', 'tuvo un accidente de carro muy feo'],
  ['es', 'pregnancy', 'estoy embarazada de 30 semanas y tengo sangrado'],
  ['es', 'pediatric', 'mi bebe de 10 dias tiene calentura y no quiere comer'],
  ['es', 'urgent', 'de repente un dolor insoportable en el vientre'],
  ['es', 'emergency', 'es una emergencia, llamen a una ambulancia'],
  ['zh', 'cardiac', '我爸爸胸口很痛'], ['zh', 'breathing', '我喘不过气来'], ['zh', 'suicide', '我真的不想活了'],
  ['zh', 'stroke', '奶奶好像中風了'], ['zh', 'overdose', '他吃了一整瓶安眠藥'], ['zh', 'bleeding', '伤口血流不止'],
  ['ru', 'cardiac', 'у мамы сильно болит грудь'], ['ru', 'breathing', 'ребенок задыхается'], ['ru', 'suicide', 'я больше не хочу жить'],
  ['ru', 'stroke', 'кажется у отца инсульт'], ['ru', 'overdose', 'она выпила все таблетки'], ['ru', 'bleeding', 'кровь не останавливается уже час'],
  ['ht', 'cardiac', 'pwatrin mwen ap fe m mal anpil'], ['ht', 'breathing', 'manman m pa ka respire'], ['ht', 'suicide', 'mwen vle mouri'],
  ['ht', 'stroke', 'bouch li tode sou kote'], ['ht', 'overdose', 'li pran twop grenn'], ['ht', 'bleeding', 'li ap senyen anpil'],
  ['bn', 'cardiac', 'আমার বাবার বুকে ব্যথা হচ্ছে'], ['bn', 'breathing', 'আমি শ্বাস নিতে পারছি না'], ['bn', 'suicide', 'আমি মরে যেতে চাই'],
  ['bn', 'stroke', 'মায়ের মুখ বেঁকে গেছে'], ['bn', 'overdose', 'সে অনেক ওষুধ খেয়ে ফেলেছে'], ['bn', 'bleeding', 'রক্ত থামছে না'],
  ['ko', 'cardiac', '아버지가 가슴이 너무 아프대요'], ['ko', 'breathing', '숨을 못 쉬겠어요'], ['ko', 'suicide', '죽고 싶어요'],
  ['ko', 'stroke', '할머니 얼굴이 한쪽으로 처졌어요'], ['ko', 'overdose', '수면제를 많이 먹었어요'], ['ko', 'bleeding', '피가 멈추지 않아요'],
  ['vi', 'cardiac', 'mẹ tôi bị đau ngực'], ['vi', 'breathing', 'con tôi khó thở'], ['vi', 'suicide', 'tôi muốn chết'],
  ['vi', 'stroke', 'ông tôi bị đột quỵ'], ['vi', 'overdose', 'anh ấy uống quá liều'], ['vi', 'bleeding', 'vết thương chảy máu không ngừng'],
  ['ur', 'cardiac', 'میرے سینے میں شدید درد ہو رہا ہے'], ['ur', 'breathing', 'امی کو سانس لینے میں مشکل ہو رہی ہے'], ['ur', 'suicide', 'میں خودکشی کرنا چاہتا ہوں'],
  ['ur', 'stroke', 'ابو کو فالج ہو گیا ہے'], ['ur', 'overdose', 'اس نے ساری گولیاں کھا لیں'], ['ur', 'bleeding', 'خون نہیں رک رہا'],
  ['ar', 'cardiac', 'عندي ألم في الصدر'], ['ar', 'breathing', 'لا أستطيع التنفس'], ['ar', 'suicide', 'أفكر في الانتحار'],
  ['ar', 'stroke', 'أبي عنده جلطة دماغية'], ['ar', 'overdose', 'أخذ حبوب كثير'], ['ar', 'bleeding', 'عنده نزيف حاد'],
];

describe('SafetyScreen (built-in lexicon)', () => {
  it.each(EVERY_CATEGORY)('when a %s inquiry describes %s (%p), then that category is flagged in that language', (language, category, text) => {
    expect(categoriesOf(text)).toContain(`${category}/${language}`);
  });

  it.each([
    ['plural', 'having chest pains since noon'],
    ['tense', 'my chest hurt all night and it still hurts'],
    ['missing apostrophe', 'i cant breathe'],
    ['misspelling', 'i cant breth right now'],
    ['misspelling', 'my son is having a seizer'],
    ['misspelling', 'she is unconsious'],
    ['sound-alike', 'think she od on her meds'],
    ['paraphrase', 'i am short of breath walking to the door'],
    ['paraphrase', 'I fainted twice today'],
    ['paraphrase', 'took too many pills'],
    ['paraphrase', 'his face is drooping'],
    ['paraphrase', 'bleeding a lot from my leg'],
    ['all caps', 'HELP MY HUSBAND IS HAVING A HEART ATTACK'],
    ['emoji', '😭😭 cant breathe 😭'],
    ['no punctuation', 'mom fell down stairs bone sticking out of her arm'],
    ['fullwidth', 'ｃｈｅｓｔ ｐａｉｎ'],
    ['accents folded', 'dolor en el pécho'],
    ['two words typed as one', 'chestpain since this morning'],
    ['two proximity words typed as one', 'i cantbreathe'],
    ['texting spelling', 'cnt breathe'],
    ['colour words near the mouth', 'my baby is blue around the mouth'],
    ['someone else\'s pronoun', 'my son texted that he will end his life'],
    ['a pronoun the phrase does not name', 'i want to kill my self'],
  ])('when the text has %s (%p), then it is flagged', (_kind, text) => {
    expect(screen.screen([text]).flagged).toBe(true);
  });

  it.each([
    'I had a stroke of luck finding your practice',
    'can I get my chest x-ray results',
    'heart surgery consult for my father',
    'I need an emergency contact form',
    'breast cancer screening appointment',
    'my gums bleed when I floss',
  ])('when an ordinary inquiry shares words with emergencies (%p), then it is not flagged', (text) => {
    expect(screen.screen([text]).flagged).toBe(false);
  });

  it.each([
    ['my back pain is not an emergency', 'emergency'],
    ['no chest pain, just a sore knee', 'cardiac'],
    ['history of stroke, looking for knee care', 'stroke'],
  ])('when the only mention is negated or past (%p), then it is not flagged but kept for review', (text, category) => {
    const result = screen.screen([text]);
    expect(result.flagged).toBe(false);
    expect(result.hedged.map((m) => m.category)).toContain(category);
  });

  it.each([
    ['took 20 pills an hour ago', 'overdose'],
    ['passed out a few minutes ago', 'unconscious'],
  ])('when a "… ago" is only minutes or hours back (%p), then the mention is still flagged', (text, category) => {
    expect(categoriesOf(text)).toContain(`${category}/en`);
  });

  it('when a "… ago" is years back, then the mention is kept for review, not flagged', () => {
    const result = screen.screen(['heart attack three years ago, need a cardiology follow up']);
    expect(result.flagged).toBe(false);
    expect(result.hedged.map((m) => m.category)).toEqual(['cardiac']);
  });

  it('when a negated mention is followed by one that is not, then the inquiry is flagged', () => {
    expect(screen.screen(['no chest pain yesterday but now my chest is tight and heavy']).flagged).toBe(true);
  });

  it('when a negation is not right before the mention, then it does not count', () => {
    expect(screen.screen(["I've never felt chest pain like this"]).flagged).toBe(true);
  });

  it.each([5_000, 50_000])('when the emergency comes after %p characters of ordinary text, then it is still flagged', (chars) => {
    const filler = 'My knee has been stiff for a while and I would like to see someone about it. '.repeat(Math.ceil(chars / 77)).slice(0, chars);
    expect(filler.length).toBeGreaterThanOrEqual(chars);
    expect(screen.screen([`${filler} Also right now I can't breathe.`]).matches.map((m) => m.category)).toEqual(['breathing']);
  });

  it('when the text is screened twice, then the answer is the same (the memo changes nothing)', () => {
    const text = 'i cant breeth and my chest hurts';
    expect(screen.screen([text])).toEqual(screen.screen([text]));
  });

  it('when a phrase in one language sits inside text the detector reads as another, then it still matches', () => {
    expect(categoriesOf('Hello, I have a question about my appointment. Tengo dolor de pecho desde ayer.')).toContain('cardiac/es');
  });
});
