import { buildEffectivenessReport, type LeadObservation } from '../../core';
import { formatMinutes, summarizeReport } from './effectiveness-summary';

const ARRIVED = new Date('2026-11-02T15:00:00Z');
function leads(n: number, overrides: Partial<LeadObservation>): LeadObservation[] {
  return Array.from({ length: n }, () => ({
    criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', score: 80, stopReasons: [],
    arrivedAt: ARRIVED, respondBy: new Date(ARRIVED.getTime() + 5 * 60_000), firstOutreachAt: new Date(ARRIVED.getTime() + 4 * 60_000), booked: false, ruleIds: [], ...overrides,
  }));
}

describe('summarizeReport', () => {
  it('when a band has fewer than 11 inquiries or bookings, then its numbers print as "<11"; larger cells print as counted', () => {
    const report = buildEffectivenessReport([
      ...leads(30, { booked: true }), ...leads(20, {}),
      ...leads(4, { band: 'low', outcome: 'nurture', route: 'nurture_sequence', booked: true, firstOutreachAt: null, respondBy: null }),
    ], { asOf: new Date('2026-11-30T00:00:00Z'), timeZone: 'UTC' });
    expect(summarizeReport(report)).toEqual([
      'inquiries scored: 54, booked: 34 (63%)',
      '  band high: 30 booked of 50 (60%)',
      '  band low: <11 booked of <11 (<11)',
      'speed to lead: median 4 min, p90 4 min',
      'respond-by met: 100% of 50 due',
      '  stopped as nurture: <11 of <11 booked later',
    ]);
  });

  it.each([[4, '4 min'], [59.6, '60 min'], [90, '1.5 h'], [60 * 24 * 3, '3.0 d']])('when %d minutes, then "%s"', (m, shown) => {
    expect(formatMinutes(m)).toBe(shown);
  });
});
