import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { compileInquiryMatcher, enrichInquiryText } from './inquiry-text.enrichment';
import { compileServiceLineIndex, enrichServiceLine } from './service-line.enrichment';
import { PhraseMatcher } from './phrase-matcher';
import { NormalizedText } from './text-normalize';

const criteria = buildDefaultCriteria();
const matcher = compileInquiryMatcher(criteria);
const lines = compileServiceLineIndex(criteria);

describe('enrichInquiryText', () => {
  it.each([
    ['Can I book a consultation for knee pain this week?', { bookingRequest: true, urgency: true, serviceLineIndex: 2 }],
    ['Do you accept my insurance?', { bookingRequest: false, insuranceQuestion: true, priceQuestion: false }],
    ['How much does a hip replacement cost?', { priceQuestion: true, serviceLineIndex: 0 }],
    ['My back pain is getting worse, need to be seen asap', { urgency: true, serviceLineIndex: 1 }],
    ['We offer SEO services to rank your website, visit https://spam.example', { spam: true }],
    ['Buy crypto now', { spam: true }],
    ['Check out https://deals.example/offer', { spam: true }],
    ['I read https://practice.example/knee about ACL surgery, can I schedule?', { spam: false, bookingRequest: true }],
    ['My doctor referred me for my shoulder pain', { physicianReferral: true, serviceLineIndex: 2 }],
    ['I use facebook a lot', { bookingRequest: false }],
  ])('when the message is %p, then the text facts include %p', (text, expected) => {
    expect(enrichInquiryText(new NormalizedText(text), matcher)).toMatchObject({ present: true, ...expected });
  });

  it('when there is no message, then nothing is present and nothing is flagged', () => {
    expect(enrichInquiryText(null, matcher)).toMatchObject({ present: false, bookingRequest: false, spam: false, serviceLineIndex: -1 });
  });
});

describe('enrichServiceLine', () => {
  it.each([
    ['Joint replacement', -1, { status: 'offered', id: 'joint-replacement', valueTier: 'premium' }],
    ['sports-medicine', -1, { status: 'offered', id: 'sports-medicine' }],
    ['Torn ACL', -1, { status: 'offered', id: 'sports-medicine' }],
    ['Cosmetic dermatology', -1, { status: 'not_offered', id: null }],
    ['Other', 1, { status: 'offered', id: 'spine' }],
    ['Not sure', -1, { status: 'unknown', id: null }],
    [null, 4, { status: 'offered', id: 'physical-therapy', valueTier: 'basic' }],
    [null, -1, { status: 'unknown', id: null, valueTier: 'unknown' }],
  ])('when the service field is %p and the message points at line %p, then the service line is %p', (field, fromMessage, expected) => {
    expect(enrichServiceLine(field, fromMessage, lines, matcher)).toMatchObject(expected);
  });
});

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher([{ phrase: 'knee pain', tag: 0 }, { phrase: 'consult*', tag: 1 }, { phrase: 'pain', tag: 2 }, { phrase: "can't wait", tag: 3 }]);
  it('when phrases overlap, then every one is counted', () => {
    expect(Array.from(m.count(['my', 'knee', 'pain', 'consultation', 'pain']))).toEqual([1, 1, 2, 0]);
  });
  it('when a phrase has an apostrophe, then it matches the normalized words', () => {
    expect(m.count(['i', 'can', 't', 'wait'])[3]).toBe(1);
  });
  it('when a word only contains a phrase, then it does not match', () => {
    expect(Array.from(m.count(['painful', 'preconsult']))).toEqual([0, 0, 0, 0]);
  });
});

describe('text normalisation', () => {
  it('when the text has accents or fullwidth letters, then they match their plain-letter phrases', () => {
    expect(enrichInquiryText(new NormalizedText('Quisiera una cita — café, ＢＯＯＫ please'), matcher).bookingRequest).toBe(true);
    expect(enrichInquiryText(new NormalizedText('Necesito ver al médico: Sciática'), matcher).serviceLineIndex).toBe(1);
  });
});

describe('long inquiries', () => {
  it('when a message is longer than the scan limit, then phrases past the limit are not read', () => {
    const long = `${'word '.repeat(1_100)} please book me`;
    expect(long.length).toBeGreaterThan(5_000);
    expect(enrichInquiryText(new NormalizedText(long), matcher).bookingRequest).toBe(false);
    expect(enrichInquiryText(new NormalizedText('please book me'), matcher).bookingRequest).toBe(true);
  });
});
