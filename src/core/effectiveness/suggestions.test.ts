import type { LeadObservation } from './outcome-signals';
import { separationAt, suggestChanges, type CriteriaOutline } from './suggestions';

function lead(score: number, booked: boolean, ruleIds: string[] = []): LeadObservation {
  return {
    criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', score, stopReasons: [],
    arrivedAt: new Date('2026-11-02T15:00:00Z'), respondBy: null, firstOutreachAt: null, booked, ruleIds,
  };
}
const OUTLINE: CriteriaOutline = { bands: [{ band: 'high', minScore: 70 }, { band: 'medium', minScore: 40 }, { band: 'low', minScore: 0 }], rules: [] };

describe('suggestChanges', () => {
  it('when bookers score 55–65, the rest 30–49 and the high band starts at 70, then the high threshold is suggested at 50 (the lowest score that separates them)', () => {
    const leads = [...Array.from({ length: 20 }, (_, i) => lead(55 + (i % 11), true)), ...Array.from({ length: 20 }, (_, i) => lead(30 + i, false))];
    // at 70: no one above → J = 0; from 50 up to 55: all bookers, none of the rest → J = 1 (the scan keeps the first best)
    expect(separationAt(70, leads.filter((l) => l.booked).map((l) => l.score), leads.filter((l) => !l.booked).map((l) => l.score))).toBe(0);
    expect(suggestChanges(leads, OUTLINE)).toEqual([{ kind: 'threshold', band: 'high', from: 70, to: 50, separationFrom: 0, separationTo: 1 }]);
  });

  it('when the current threshold already separates best, then nothing is suggested', () => {
    const leads = [...Array.from({ length: 15 }, () => lead(80, true)), ...Array.from({ length: 15 }, () => lead(50, false))];
    expect(suggestChanges(leads, { ...OUTLINE, bands: [{ band: 'high', minScore: 51 }, { band: 'medium', minScore: 40 }] })).toEqual([]);
  });

  it('when fewer than 11 leads booked, then nothing is suggested (small cells)', () => {
    const leads = [...Array.from({ length: 10 }, () => lead(55, true)), ...Array.from({ length: 30 }, () => lead(20, false))];
    expect(suggestChanges(leads, OUTLINE)).toEqual([]);
  });

  it('when a rule with points clearly predicts NOT booking, then its points are suggested with the opposite sign, and so are the negative points of a clear predictor', () => {
    const leads = [
      ...Array.from({ length: 20 }, (_, i) => lead(60, i < 2, ['pricing_question'])),
      ...Array.from({ length: 20 }, (_, i) => lead(60, i < 16, ['referral'])),
    ];
    const rules = [{ id: 'pricing_question', points: 10 }, { id: 'referral', points: -5 }];
    expect(suggestChanges(leads, { bands: [{ band: 'high', minScore: 60 }, { band: 'low', minScore: 0 }], rules })).toEqual([
      { kind: 'points', ruleId: 'pricing_question', from: 10, to: -10, rateWith: 0.1, rateWithout: 0.8 },
      { kind: 'points', ruleId: 'referral', from: -5, to: 5, rateWith: 0.8, rateWithout: 0.1 },
    ]);
  });
});
