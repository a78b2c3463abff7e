import type { QualificationResult } from '../qualification/qualify';
import { qualifyContact } from '../qualification/qualify';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildContact } from '../testing/contact.factory';
import { CAREQUAL_PROPERTY_NAMES } from './carequal-properties';
import { formatContribution, toCarequalPropertyValues } from './carequal-values';

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
    respondBy: new Date('2026-03-11T18:00:00Z'), recheckAt: null, criteriaVersion: 'v3', criteriaHash: 'f'.repeat(64), safetyFlag: false,
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
      carequal_reasons: '+25 consultation requested · +20 within 12 mi of Midtown · \u221210 timeline over 6 months',
      carequal_respond_by: '2026-03-11T18:00:00.000Z', carequal_recheck_at: '', carequal_rules_version: 'v3', carequal_scored_at: '2026-03-11T14:00:00.000Z',
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

  it('when there are more than five contributions, then only the five largest are shown', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ dimension: 'fit' as const, signal: 's', ruleId: `r${i}`, points: 10 - i, reason: `reason ${i}` }));
    expect(toCarequalPropertyValues(result({ contributions: many }), NOW).carequal_reasons?.split(' · ')).toHaveLength(5);
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
});
