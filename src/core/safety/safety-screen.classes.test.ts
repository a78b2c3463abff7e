import { FLAGGED_CLASS_TITLE, ORDINARY_INQUIRY_TITLE, flaggedCategoriesOf, screenText } from '../testing/safety-classes';

/**
 * The classes of wording the third held-out corpus showed the screen missing, each tried with
 * wording of its own (not the corpus's): a fix must hold for the class, not the one sentence.
 */
describe('SafetyScreen: classes of wording', () => {
  it.each([
    ['a cardiac symptom with a warning sign', 'my heart keeps fluttering and i feel lightheaded', 'cardiac/en'],
    ['pain referred to the jaw with the chest', 'ache spreading from my chest up into my jaw', 'cardiac/en'],
    ['a child working to breathe', 'her ribs pull in with every breath she takes', 'breathing/en'],
    ['a low oxygen reading', 'pulse ox says sats 85 and dropping', 'breathing/en'],
    ['a face that does not move', 'the left side of his face is not moving', 'stroke/en'],
    ['an adjective made from a lexicon word', 'her speech sounds all slurry since lunch', 'stroke/en'],
    ['sudden double vision', 'out of nowhere im seeing double', 'stroke/en'],
    ['bleeding with signs of shock', 'been bleeding from my rectum and now im really pale and lightheaded', 'bleeding/en'],
    ['an infant hard to wake', 'my newborn is really floppy and hard to wake', 'unconscious/en'],
    ['a child swallowing a household poison', 'my toddler got into the dishwasher pods and chewed one', 'overdose/en'],
    ['narcan given, not asked about', 'we gave him narcan twice and he is barely awake', 'overdose/en'],
    ['means of suicide with intent', 'bought a rope today, i am done', 'suicide/en'],
    ['pills saved up', 'been stockpiling my pills for weeks', 'suicide/en'],
    ['a farewell', 'i gave away my cat and wrote letters to my family', 'suicide/en'],
    ['a wound torn open', 'the dog ripped his cheek open', 'injury/en'],
    ['a fall from a height', 'my son fell off the balcony', 'injury/en'],
    ['a late-pregnancy warning sign', 'at 34 wks and leaking fluid', 'pregnancy/en'],
    ['a warning sign after birth', 'delivered last week and now soaking pads with clots', 'pregnancy/en'],
    ['Spanish: chest with a warning sign', 'mi papa tiene el pecho raro y esta sudando frio', 'cardiac/es'],
    ['Spanish: a face that fell', 'a mi tio se le cayo la boca de un lado', 'stroke/es'],
    ['Spanish: a child swallowing a poison', 'mi hijo se trago el detergente', 'overdose/es'],
    ['Spanish: wanting to die, said another way', 'ya no quiero despertar nunca', 'suicide/es'],
    ['Chinese: heart-mouth pain', '我妈妈心口痛得厉害', 'cardiac/zh'],
    ['Russian: not wanting to live, words between', 'я не хочу так больше жить', 'suicide/ru'],
    ['Arabic: a verb form the phrase list lacks', 'يريد يقتل نفسه', 'suicide/ar'],
    ['two letters swapped', 'my chset feels so tight', 'cardiac/en'],
    ['two letters swapped in a long word', 'my son is bleednig a lot', 'bleeding/en'],
    ['a vital function negated', 'grandma isnt breathing', 'breathing/en'],
    ['an infant with a fever', 'our newborn is 10 days old with a fever', 'pediatric/en'],
    ['Spanglish: a Spanish verb with the English word', 'mi esposo no puede breathe', 'breathing/es'],
    ['a weight on the chest', 'like a car is parked on my chest', 'cardiac/en'],
    ['vomit like coffee grounds', 'vomited stuff like coffee grounds twice', 'bleeding/en'],
    ['a means of suicide in traffic', 'i keep wanting to swerve into oncoming traffic', 'suicide/en'],
    ['a crash with a vehicle named', 'scooter crash just now, his leg looks mangled', 'injury/en'],
    ['an infant with a fever, by age', 'my 5 week old has a fever', 'pediatric/en'],
  ])(FLAGGED_CLASS_TITLE, (_kind, text, expected) => {
    expect(flaggedCategoriesOf(text)).toContain(expected);
  });

  it.each([
    'do you prescribe naloxone kits for family members',
    'need a refill of my epipen before camp',
    'my back pain is bad for 3 weeks, need an appointment',
    'i take blood thinners, need my INR checked',
    'had a nosebleed as a kid, nothing now, need a physical',
    'want to get my bone density checked',
    'need a refill on my 20 mg pills',
    'i stopped breathing treatments in may, should i restart',
    'sign my son up for the jump rope class',
    'tired of living with this hip pain, want a replacement consult',
    'my nose bleeds a bit when the air is dry',
    'nobody responded to my email about billing',
    'my 6 month old has a runny nose',
    'thinking about getting the shingles vaccine',
  ])(ORDINARY_INQUIRY_TITLE, (text) => {
    expect(screenText(text).flagged).toBe(false);
  });

  it('when an excluded phrase stands between the two words of a proximity match, then the match still counts', () => {
    expect(flaggedCategoriesOf('my little one swallowed several of his blood thinner pills')).toContain('overdose/en');
  });

  it('when an excluded phrase covers a word of the proximity match itself, then the match does not count', () => {
    expect(screenText('please send my blood work results').flagged).toBe(false);
  });

  it('when a "… ago" is followed by a recent time ("hace una hora"), then the mention stays flagged', () => {
    expect(flaggedCategoriesOf('me duele el pecho desde hace una hora')).toContain('cardiac/es');
  });

  it('when a history word stands a few words after the mention ("… at a party in july"), then it is kept for review', () => {
    const result = screenText('she fainted at a party in july, all fine since, need a school form');
    expect(result.flagged).toBe(false);
    expect(result.hedged.map((m) => m.category)).toContain('unconscious');
  });
});
