import { buildDefaultCriteria, formatContribution, qualifyContact, wordingFor, type QualificationResult } from '../../core';
import { buildContact } from '../../core/testing/contact.factory';
import { CAREQUAL_PROPERTY_NAMES, toCarequalPropertyValues } from './carequal-values';

const NOW = new Date('2026-03-11T14:00:00Z');

function result(overrides: Partial<QualificationResult> = {}): QualificationResult {
  return {
    fitScore: 80, intentScore: 40, readinessScore: 60, score: 62, band: 'medium', outcome: 'care_ready', route: 'schedule_consult',
    disqualificationReasons: [], missingInfo: ['insurance', 'timeline'],
    contributions: [
      { dimension: 'intent', signal: 'inquiry.bookingRequest', ruleId: 'a', points: 25, reason: 'consultation requested' },
      { dimension: 'fit', signal: 'location.status', ruleId: 'b', points: 20, reason: 'within 12 mi of Midtown' },
      { dimension: 'readiness', signal: 'timeline.bucket', ruleId: 'c', points: -10, reason: 'timeline over 6 months' },
    ],
    respondBy: new Date('2026-03-11T18:00:00Z'), recheckAt: null, criteriaVersion: 'v3', criteriaHash: 'f'.repeat(64), safetyFlag: false, why: 'Care-ready: score 62, medium band — consultation requested.',
    safety: { flagged: false, matches: [], hedged: [], detectedLanguage: null, lexiconVersion: 'safety-test' },
    ...overrides,
  };
}

describe('toCarequalPropertyValues', () => {
  it('when a result is converted, then every DESIGN.md §4 property gets a HubSpot-ready string', () => {
    expect(toCarequalPropertyValues(result(), NOW)).toEqual({
      carequal_score: '62', carequal_fit_score: '80', carequal_intent_score: '40', carequal_readiness_score: '60',
      carequal_band: 'medium', carequal_outcome: 'care_ready', carequal_route: 'schedule_consult',
      carequal_disqualification_reasons: '', carequal_missing_info: 'insurance;timeline',
      carequal_reasons: '\u221210 timeline over 6 months · +25 consultation requested · +20 within 12 mi of Midtown',
      carequal_why: 'Care-ready: score 62, medium band — consultation requested.',
      carequal_respond_by: '2026-03-11T18:00:00.000Z', carequal_recheck_at: '', carequal_rules_version: 'v3', carequal_safety_version: 'safety-test', carequal_scored_at: '2026-03-11T14:00:00.000Z',
    });
  });

  it('when the result is a disqualified nurture-less lead, then reasons are ;-joined and empty dates are cleared with ""', () => {
    const values = toCarequalPropertyValues(result({ outcome: 'disqualified', disqualificationReasons: ['out_of_service_area', 'spam_or_test'], respondBy: null }), NOW);
    expect(values.carequal_disqualification_reasons).toBe('out_of_service_area;spam_or_test');
    expect(values.carequal_respond_by).toBe('');
  });

  it('when a re-check date is set, then it is written as YYYY-MM-DD', () => {
    expect(toCarequalPropertyValues(result({ recheckAt: new Date('2026-04-10T00:00:00Z') }), NOW).carequal_recheck_at).toBe('2026-04-10');
  });

  it('when reasons hide the deciding facts (insurance not in network, timeline over 6 months, physician referral, decides on behalf), then every negative and every positive is kept, negatives first', () => {
    const contributions = [
      { dimension: 'readiness' as const, signal: 'timeline.bucket', ruleId: 'a', points: 40, reason: 'wants care as soon as possible' },
      { dimension: 'fit' as const, signal: 'location.status', ruleId: 'b', points: 30, reason: 'within 1 mi of Midtown' },
      { dimension: 'fit' as const, signal: 'serviceLine.valueTier', ruleId: 'c', points: 30, reason: 'requested a premium service we offer' },
      { dimension: 'intent' as const, signal: 'inquiry.bookingRequest', ruleId: 'd', points: 25, reason: 'consultation requested' },
      { dimension: 'intent' as const, signal: 'referral.type', ruleId: 'e', points: 15, reason: 'referred by a physician' },
      { dimension: 'readiness' as const, signal: 'decisionMaker.status', ruleId: 'f', points: 10, reason: 'decides on behalf of the patient' },
      { dimension: 'fit' as const, signal: 'payer.status', ruleId: 'g', points: -10, reason: 'insurance not in network' },
      { dimension: 'readiness' as const, signal: 'timeline.bucket', ruleId: 'h', points: -10, reason: 'timeline over 6 months' },
    ];
    const reasons = toCarequalPropertyValues(result({ contributions }), NOW).carequal_reasons!.split(' · ');
    expect(reasons).toHaveLength(8);
    expect(reasons.slice(0, 2)).toEqual(['\u221210 insurance not in network', '\u221210 timeline over 6 months']);
    expect(reasons).toEqual(expect.arrayContaining(['+15 referred by a physician', '+10 decides on behalf of the patient']));
  });

  it('when a disqualified lead is explained, then the stop reason comes first, before any point', () => {
    const values = toCarequalPropertyValues(result({ outcome: 'disqualified', route: 'no_outreach', disqualificationReasons: ['no_contact_consent'] }), NOW);
    expect(values.carequal_reasons!.split(' · ')[0]).toBe('stopped: no consent to contact');
  });

  it('when the reasons would overflow a HubSpot text property, then whole reasons are dropped from the end', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ dimension: 'fit' as const, signal: 's', ruleId: `r${i}`, points: 5, reason: `a reason text that is fairly long, number ${i}` }));
    const text = toCarequalPropertyValues(result({ contributions: many }), NOW).carequal_reasons!;
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text.endsWith(`number ${text.split(' · ').length - 1}`)).toBe(true);
  });

  it('when the safety flag is set, then the reasons lead with the category and language that matched', () => {
    const safety = { flagged: true, matches: [{ category: 'breathing' as const, language: 'es', languageName: 'Spanish' }], hedged: [], detectedLanguage: 'es', lexiconVersion: 'safety-test' };
    expect(toCarequalPropertyValues(result({ safetyFlag: true, safety }), NOW).carequal_reasons?.startsWith('possible emergency: breathing (Spanish) · ')).toBe(true);
  });

  it('when a real contact is qualified, then the values cover exactly the defined property names', () => {
    const values = toCarequalPropertyValues(qualifyContact(buildContact(), buildDefaultCriteria(), NOW), NOW);
    expect(Object.keys(values).sort()).toEqual([...CAREQUAL_PROPERTY_NAMES].sort());
  });

  it.each([[25, '+25 x'], [-10, '\u221210 x']])('when points are %p, then the contribution reads %p', (points, text) => {
    expect(formatContribution(points, 'x')).toBe(text);
  });

  it('when values are built for HubSpot, then carequal_reasons follows the wording given', () => {
    const knee = qualifyContact(buildContact({ message: 'I would like a consultation for a knee replacement, I have Aetna.', service_interest: 'Joint replacement', treatment_timeline: 'ASAP' }), buildDefaultCriteria(), NOW);
    expect(toCarequalPropertyValues(knee, NOW, wordingFor('standard')).carequal_reasons).toBe(wordingFor('standard').reasons(knee).join(' · '));
    expect(toCarequalPropertyValues(knee, NOW).carequal_reasons).toBe(wordingFor('sensitive').reasons(knee).join(' · '));
  });
});
