import type { LeadObservation } from '../../src/core';

/**
 * Hand-counted inquiries of November 2026 at a practice in New York, and two that arrived on the
 * evening of 31 October there (already 1 November in UTC: they belong to October).
 * November: high 25 (14 booked; 20 answered after 10 min, 5 after 45; respond-by 30 min → 20 of 25 met),
 * medium 12 (3 booked), low 5 nurtured (none booked). All: 17 of 42 booked.
 */
export function novemberLeads(): LeadObservation[] {
  const lead = (i: number, band: 'high' | 'medium' | 'low', booked: boolean, answerAfterMin: number, arrivedAt = new Date(Date.UTC(2026, 10, 2 + (i % 27), 15))): LeadObservation => ({
    criteriaVersion: 'v1', band, outcome: band === 'low' ? 'nurture' : 'care_ready', route: band === 'low' ? 'nurture_sequence' : 'intake_call_now', score: 50,
    stopReasons: [], arrivedAt, respondBy: new Date(arrivedAt.getTime() + 30 * 60_000), firstOutreachAt: new Date(arrivedAt.getTime() + answerAfterMin * 60_000), booked, ruleIds: [],
  });
  return [
    ...Array.from({ length: 25 }, (_, i) => lead(i, 'high', i < 14, i < 20 ? 10 : 45)),
    ...Array.from({ length: 12 }, (_, i) => lead(i, 'medium', i < 3, 10)),
    ...Array.from({ length: 5 }, (_, i) => lead(i, 'low', false, 10)),
    ...[0, 1].map((i) => lead(i, 'high', true, 10, new Date('2026-11-01T03:00:00Z'))),
  ];
}
