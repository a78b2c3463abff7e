import { classifyConsent, classifyDecisionMaker, classifyDocuments, classifyReferral, classifySource, readCount, readYesNo } from './answers.enrichment';

describe('classifyReferral', () => {
  it.each([
    ['Dr. Patel', false, 'physician'], ['My primary care physician', false, 'physician'], ['Referred by my PCP', false, 'physician'],
    ['A friend', false, 'word_of_mouth'], ['family member', false, 'word_of_mouth'],
    ['Google search', false, 'other'], ['Google search', true, 'physician'], [null, false, 'none'], [null, true, 'physician'], ['  ', false, 'none'],
  ])('when the referral source is %p (physician mentioned in text: %p), then the type is %p', (raw, inText, type) => {
    expect(classifyReferral(raw, inText)).toBe(type);
  });
});

describe('classifyDecisionMaker', () => {
  it.each([
    ['Yes, for myself', 'self'], ['I am the patient', 'self'], ['For my mother', 'on_behalf'], ['Parent/guardian', 'on_behalf'],
    ['No', 'not_decision_maker'], ['Someone else decides', 'not_decision_maker'], ['maybe', 'unknown'], [null, 'unknown'],
  ])('when the decision-maker answer is %p, then the status is %p', (raw, status) => expect(classifyDecisionMaker(raw)).toBe(status));
});

describe('classifyDocuments', () => {
  it.each([['Yes', 'provided'], ['uploaded', 'provided'], ['true', 'provided'], ['No', 'not_provided'], ['not yet', 'not_provided'], ['perhaps', 'unknown'], [null, 'unknown']])(
    'when the documents answer is %p, then the status is %p', (raw, status) => expect(classifyDocuments(raw)).toBe(status),
  );
});

describe('classifyConsent', () => {
  it.each([
    [['Freely given consent from contact'], false, 'granted'],
    [['Legitimate interest – prospect/lead;Performance of a contract'], false, 'granted'],
    [['true'], false, 'granted'],
    [['Not applicable'], false, 'unknown'],
    [['false'], false, 'denied'],
    [['Legitimate interest – prospect/lead', 'false'], false, 'denied'],
    [['true'], true, 'denied'],
    [[], false, 'unknown'],
  ])('when the consent answers are %p and do-not-contact is %p, then consent is %p', (answers, dnc, status) => {
    expect(classifyConsent(answers, dnc)).toBe(status);
  });
});

describe('small readers', () => {
  it.each([['ORGANIC_SEARCH', 'organic_search'], ['PAID_SOCIAL', 'paid_social'], ['SOMETHING_NEW', 'unknown'], [null, 'unknown']])(
    'when hs_analytics_source is %p, then the source is %p', (raw, source) => expect(classifySource(raw)).toBe(source),
  );
  it.each([['12', 12], ['0', 0], ['3.0', 3], ['-1', null], ['many', null], [null, null]])(
    'when a count property is %p, then it reads as %p', (raw, n) => expect(readCount(raw)).toBe(n),
  );
  it.each([['true', true], ['Yes', true], ['false', false], ['no', false], ['yes and no', null], [null, null]])(
    'when a yes/no property is %p, then it reads as %p', (raw, v) => expect(readYesNo(raw)).toBe(v),
  );
});
