import type { Condition } from '../criteria/condition.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import { compileCondition } from './condition.compile';

/** Signals of a typical contact; tests override what they need. */
function signals(overrides: Partial<SignalValues> = {}): SignalValues {
  return {
    'serviceLine.status': 'offered', 'serviceLine.id': 'spine', 'serviceLine.valueTier': 'premium',
    'location.status': 'within_area', 'location.distanceMiles': 8, 'location.nearestId': 'midtown',
    'payer.status': 'accepted', 'payer.id': 'aetna', 'payer.provided': true, 'payer.program': 'commercial',
    'phone.status': 'valid', 'phone.type': 'mobile_or_landline', 'phone.region': 'US',
    'email.status': 'valid', 'email.disposable': false, 'email.role': false, 'email.test': false,
    'contact.reachability': 'reachable', 'inquiry.present': true, 'inquiry.bookingRequest': true,
    'inquiry.priceQuestion': false, 'inquiry.insuranceQuestion': false, 'inquiry.urgency': false, 'inquiry.spam': false, 'inquiry.notPatient': false,
    'safety.flag': false, 'timeline.bucket': 'within_2_weeks', 'decisionMaker.status': 'self', 'documents.status': 'unknown',
    'referral.type': 'none', 'engagement.pageViews': 4, 'engagement.visits': 2, 'engagement.conversions': 1,
    'engagement.source': 'organic_search', 'engagement.appointmentForm': true, 'engagement.guideDownload': false,
    'consent.status': 'granted', 'consent.emailOptedOut': false,
    ...overrides,
  };
}

const cases: [string, Condition, Partial<SignalValues>, boolean][] = [
  ['is (boolean) matches', { signal: 'inquiry.bookingRequest', op: 'is', value: true }, {}, true],
  ['is (boolean) does not match', { signal: 'inquiry.urgency', op: 'is', value: true }, {}, false],
  ['is (enum) matches', { signal: 'payer.status', op: 'is', value: 'accepted' }, {}, true],
  ['isNot (enum) matches another value', { signal: 'payer.status', op: 'isNot', value: 'self_pay' }, {}, true],
  ['isNot (ref) is false when the value is unknown', { signal: 'payer.id', op: 'isNot', value: 'aetna' }, { 'payer.id': null }, false],
  ['in matches a listed value', { signal: 'timeline.bucket', op: 'in', value: ['asap', 'within_2_weeks'] }, {}, true],
  ['in misses an unlisted value', { signal: 'timeline.bucket', op: 'in', value: ['asap'] }, {}, false],
  ['notIn matches an unlisted value', { signal: 'serviceLine.id', op: 'notIn', value: ['joint-replacement'] }, {}, true],
  ['notIn is false when the value is unknown', { signal: 'serviceLine.id', op: 'notIn', value: ['spine'] }, { 'serviceLine.id': null }, false],
  ['gt', { signal: 'engagement.pageViews', op: 'gt', value: 3 }, {}, true],
  ['gt at the limit', { signal: 'engagement.pageViews', op: 'gt', value: 4 }, {}, false],
  ['gte at the limit', { signal: 'engagement.pageViews', op: 'gte', value: 4 }, {}, true],
  ['lt', { signal: 'location.distanceMiles', op: 'lt', value: 8 }, {}, false],
  ['lte at the limit', { signal: 'location.distanceMiles', op: 'lte', value: 8 }, {}, true],
  ['between inside', { signal: 'engagement.visits', op: 'between', value: [1, 3] }, {}, true],
  ['between outside', { signal: 'engagement.visits', op: 'between', value: [3, 9] }, {}, false],
  ['a comparison on an unknown number is false', { signal: 'engagement.pageViews', op: 'lte', value: 100 }, { 'engagement.pageViews': null }, false],
  ['known on a known number', { signal: 'engagement.visits', op: 'known' }, {}, true],
  ['unknown on an unknown number', { signal: 'engagement.visits', op: 'unknown' }, { 'engagement.visits': null }, true],
  ['is on a code', { signal: 'phone.region', op: 'is', value: 'US' }, {}, true],
  ['all needs every part', { all: [{ signal: 'inquiry.bookingRequest', op: 'is', value: true }, { signal: 'inquiry.urgency', op: 'is', value: true }] }, {}, false],
  ['all holds when every part holds', { all: [{ signal: 'inquiry.bookingRequest', op: 'is', value: true }, { signal: 'payer.provided', op: 'is', value: true }] }, {}, true],
  ['any needs one part', { any: [{ signal: 'inquiry.urgency', op: 'is', value: true }, { signal: 'payer.provided', op: 'is', value: true }] }, {}, true],
  ['any fails when no part holds', { any: [{ signal: 'inquiry.urgency', op: 'is', value: true }, { signal: 'inquiry.spam', op: 'is', value: true }] }, {}, false],
  ['not inverts', { not: { signal: 'inquiry.spam', op: 'is', value: true } }, {}, true],
  ['nesting composes', { not: { any: [{ all: [{ signal: 'payer.status', op: 'is', value: 'accepted' }, { signal: 'safety.flag', op: 'is', value: true }] }] } }, {}, true],
];

describe('compileCondition', () => {
  it.each(cases)('when the condition is "%s", then it evaluates as expected', (_name, condition, overrides, expected) => {
    expect(compileCondition(condition)(signals(overrides))).toBe(expected);
  });
});

