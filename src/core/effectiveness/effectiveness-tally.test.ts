import { buildEffectivenessReport, reportFromTally } from './effectiveness-report';
import { emptyTally, mergeTallies, tallyLeads } from './effectiveness-tally';
import type { LeadObservation } from './outcome-signals';
import { novemberLeads } from '../../../test/support/effectiveness-month-fixture';

const AS_OF = new Date('2026-11-30T12:00:00Z');
const BANDS = ['high', 'medium', 'low'] as const;
const OUTLINE = { bands: [{ band: 'high', minScore: 70 }, { band: 'medium', minScore: 40 }, { band: 'low', minScore: 0 }], rules: [{ id: 'a', points: 10 }, { id: 'b', points: -5 }] };

/** 60 varied leads over several weeks: bands, outcomes, stop reasons, rules, outreach and respond-by. */
function leads(): LeadObservation[] {
  return Array.from({ length: 60 }, (_, i) => {
    const arrivedAt = new Date(AS_OF.getTime() - (i * 37 + 5) * 3_600_000);
    return {
      criteriaVersion: i % 5 === 0 ? 'v0' : 'v1', band: BANDS[i % 3]!, outcome: i % 4 === 0 ? 'disqualified' : i % 4 === 1 ? 'nurture' : 'care_ready',
      route: i % 2 === 0 ? 'intake_call_now' : 'nurture_sequence', score: 20 + ((i * 13) % 80), stopReasons: i % 8 === 0 ? ['out_of_area'] : [],
      arrivedAt, respondBy: i % 3 === 0 ? null : new Date(arrivedAt.getTime() + 30 * 60_000),
      firstOutreachAt: i % 7 === 0 ? null : new Date(arrivedAt.getTime() + ((i * 11) % 90) * 60_000),
      booked: i % 3 !== 2 && i % 5 !== 1, ruleIds: i % 2 === 0 ? ['a'] : i % 3 === 0 ? ['a', 'b'] : ['b'],
    };
  });
}

describe('effectiveness tally', () => {
  const ctx = { asOf: AS_OF, timeZone: 'America/Chicago', liftVersion: 'v1' };

  it('when leads are tallied in three parts and the tallies summed, then every figure equals the report of all leads at once', () => {
    const all = leads();
    const parts = [all.slice(0, 17), all.slice(17, 40), all.slice(40)].map((part) => tallyLeads(part, ctx));
    const summed = parts.reduce(mergeTallies, emptyTally());
    expect(reportFromTally(summed, OUTLINE)).toEqual(buildEffectivenessReport(all, { ...ctx, criteria: OUTLINE }));
  });

  it('when a tally goes through JSON (a stored checkpoint), then its figures do not change', () => {
    const tally = tallyLeads(leads(), ctx);
    expect(reportFromTally(JSON.parse(JSON.stringify(tally)), OUTLINE)).toEqual(reportFromTally(tally, OUTLINE));
  });

  it('when a tally is stored, then it holds counts per group and no arrival time of any lead', () => {
    const text = JSON.stringify(tallyLeads(leads(), ctx));
    for (const lead of leads()) expect(text).not.toContain(lead.arrivedAt.toISOString().slice(0, 16));
  });
});

describe('monthly figures', () => {
  it('when leads arrive across a month end, then each counts in its month of arrival in the practice\'s time zone, with the hand-counted figures', () => {
    const report = buildEffectivenessReport(novemberLeads(), { asOf: new Date('2026-12-01T12:00:00Z'), timeZone: 'America/New_York' });
    expect(report.byMonth?.map((m) => [m.month, m.leads, m.booked])).toEqual([['2026-10', 2, 2], ['2026-11', 42, 17]]);
    const november = report.byMonth![1]!;
    expect(november.conversion.byBand).toEqual([{ key: 'high', qualified: 25, booked: 14 }, { key: 'medium', qualified: 12, booked: 3 }, { key: 'low', qualified: 5, booked: 0 }]);
    expect(november.speed.byBand[0]).toEqual({ key: 'high', responded: 25, medianMinutes: 10, p90Minutes: 45, due: 25, met: 20 });
    expect(november.falseNegatives).toEqual([{ reason: 'nurture', stopped: 5, laterBooked: 0 }]);
  });
});
