import { FLAGGED_CLASS_TITLE, ORDINARY_INQUIRY_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';

/**
 * The classes the seventh held-out corpus (written blind, measured blind by the lead) showed
 * missing or over-flagged, each tried with wording of its own: hypoglycaemia signs, caustic
 * ingestion, burns, bleeding and stroke wording in the character-mode languages, and history told
 * in running text ("去年中风", "작년에") — which now hedges a mention there as it does in words mode.
 */
describe('SafetyScreen: classes from the seventh held-out corpus', () => {
  it.each([
    ['a diabetic, shaky and sweating', 'he is diabetic, shaky and sweating and not making much sense', 'urgent/en'],
    ['a diabetic, sweating, Spanish', 'mi abuela tiene diabetes y esta sudando y temblando', 'urgent/es'],
    ['a caustic drunk', 'my son drank drain cleaner from the garage', 'overdose/en'],
    ['a caustic drunk, Russian', 'малыш выпил средство для мытья посуды', 'overdose/ru'],
    ['a caustic drunk, Korean', '아이가 락스를 마셨어요', 'overdose/ko'],
    ['a deep burn', 'hot grease splashed on his arm and the skin is white and leathery', 'injury/en'],
    ['a scald, Spanish', 'se le cayo el caldo hirviendo en la pierna', 'injury/es'],
    ['bleeding that will not stop, Chinese', '伤口一直流血止不住', 'bleeding/zh'],
    ['bleeding that will not stop, Korean', '피가 계속 나요 멈추질 않아요', 'bleeding/ko'],
    ['a face drooping, Arabic', 'أبي وجهه مايل فجأة', 'stroke/ar'],
    ['history, then something today, Chinese', '去年中风过，今天又胸口痛', 'cardiac/zh'],
    ['history, then something today, Korean', '작년에 수술했는데 오늘 가슴이 아파요', 'cardiac/ko'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it.each([
    ['Chinese', '前年中风过，现在要复诊'],
    ['Chinese, a year', '我妈妈2018年中风过'],
    ['Korean', '작년에 뇌졸중이 있었어요'],
    ['Bengali', 'গত বছর স্ট্রোক হয়েছিল'],
    ['Arabic, the marker after', 'والدي أصيب بجلطة قلبية السنة الماضية ويحتاج متابعة'],
  ])('when history is told in running text (%s: %p), then the mention is reviewed, not flagged', (_language, text) => {
    const result = screenText(text);
    expect(result.flagged).toBe(false);
    expect(result.hedged.length).toBeGreaterThan(0);
  });

  it.each([
    'had a low of 65 yesterday, fixed it with juice, should we lower my insulin',
    'mi bebé tiene tos desde hace 3 días pero come bien y juega',
    'back pain bugging me for a week, any appts next week',
    'we donated at the blood drive, can i get my iron checked',
  ])(ORDINARY_INQUIRY_TITLE, (text) => {
    expect(screenText(text).flagged).toBe(false);
  });
});
