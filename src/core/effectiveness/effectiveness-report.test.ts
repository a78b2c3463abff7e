import { buildEffectivenessReport, weekStartOf } from './effectiveness-report';
import type { LeadObservation } from './outcome-signals';

const AS_OF = new Date('2026-11-30T12:00:00Z');
const MIN = 60_000;

function lead(overrides: Partial<LeadObservation> = {}): LeadObservation {
  return {
    criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', score: 80, stopReasons: [],
    arrivedAt: new Date('2026-11-02T15:00:00Z'), respondBy: null, firstOutreachAt: null, booked: false, ruleIds: [], ...overrides,
  };
}
const at = (iso: string, plusMinutes = 0) => new Date(new Date(iso).getTime() + plusMinutes * MIN);

describe('buildEffectivenessReport', () => {
  it('when leads book in some bands, then conversion counts booked of qualified per band, outcome, route and version', () => {
    const leads = [
      lead({ booked: true }), lead({ booked: true }), lead({ booked: false }),
      lead({ band: 'low', outcome: 'nurture', route: 'nurture_sequence', booked: true, criteriaVersion: 'v2' }),
      lead({ band: 'low', outcome: 'nurture', route: 'nurture_sequence', criteriaVersion: 'v2' }),
    ];
    const report = buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' });
    expect(report.leads).toBe(5);
    expect(report.booked).toBe(3);
    expect(report.conversion.byBand).toEqual([{ key: 'high', qualified: 3, booked: 2 }, { key: 'low', qualified: 2, booked: 1 }]);
    expect(report.conversion.byOutcome).toEqual([{ key: 'care_ready', qualified: 3, booked: 2 }, { key: 'nurture', qualified: 2, booked: 1 }]);
    expect(report.conversion.byRoute).toEqual([{ key: 'intake_call_now', qualified: 3, booked: 2 }, { key: 'nurture_sequence', qualified: 2, booked: 1 }]);
    expect(report.conversion.byVersion).toEqual([{ key: 'v1', qualified: 3, booked: 2 }, { key: 'v2', qualified: 2, booked: 1 }]);
  });

  it('when intake answers after 5, 10, 20 and 60 minutes, then median and p90 are the nearest ranks and respond-by met counts answers in time', () => {
    const arrived = '2026-11-02T15:00:00Z';
    const leads = [5, 10, 20, 60].map((m) => lead({ arrivedAt: at(arrived), firstOutreachAt: at(arrived, m), respondBy: at(arrived, 15) }));
    const report = buildEffectivenessReport([...leads, lead({ arrivedAt: at(arrived) })], { asOf: AS_OF, timeZone: 'UTC' });
    expect(report.speed.overall).toEqual({ key: 'all', responded: 4, medianMinutes: 10, p90Minutes: 60, due: 4, met: 2 });
  });

  it('when a respond-by has passed without an answer, then it is due and missed; one still ahead is not due', () => {
    const leads = [
      lead({ respondBy: at('2026-11-30T11:00:00Z') }),
      lead({ respondBy: at('2026-11-30T13:00:00Z') }),
    ];
    expect(buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' }).speed.overall).toMatchObject({ due: 1, met: 0, responded: 0, medianMinutes: null });
  });

  it('when bands and weekdays are listed, then bands go best first and weekdays from Monday', () => {
    const leads = [lead({ band: 'low', arrivedAt: at('2026-11-08T15:00:00Z') }), lead({ band: 'medium', arrivedAt: at('2026-11-03T15:00:00Z') }), lead({ band: 'high', arrivedAt: at('2026-11-02T15:00:00Z') })];
    const report = buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' });
    expect(report.conversion.byBand.map((c) => c.key)).toEqual(['high', 'medium', 'low']);
    expect(report.speed.byWeekday.map((c) => c.key)).toEqual(['Mon', 'Tue', 'Sun']);
  });

  it('when leads arrive on a Saturday evening in New York, then weekday and hour are local to the practice', () => {
    const report = buildEffectivenessReport([lead({ arrivedAt: at('2026-11-08T01:30:00Z') })], { asOf: AS_OF, timeZone: 'America/New_York' });
    expect(report.speed.byWeekday.map((c) => c.key)).toEqual(['Sat']);
    expect(report.speed.byHour.map((c) => c.key)).toEqual(['20']);
  });

  it('when disqualified and nurtured leads book later, then false negatives count them per stop reason', () => {
    const leads = [
      lead({ outcome: 'disqualified', route: 'refer_out', stopReasons: ['out_of_service_area', 'payer_not_accepted'], booked: true }),
      lead({ outcome: 'disqualified', route: 'refer_out', stopReasons: ['out_of_service_area'] }),
      lead({ outcome: 'disqualified', route: 'no_outreach', stopReasons: [], booked: true }),
      lead({ outcome: 'nurture', route: 'nurture_sequence', booked: true }),
      lead({ outcome: 'care_ready', booked: true }),
    ];
    expect(buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' }).falseNegatives).toEqual([
      { reason: 'nurture', stopped: 1, laterBooked: 1 },
      { reason: 'out_of_service_area', stopped: 2, laterBooked: 1 },
      { reason: 'payer_not_accepted', stopped: 1, laterBooked: 1 },
      { reason: 'unspecified', stopped: 1, laterBooked: 1 },
    ]);
  });

  it('when a rule fires on 20 leads of which 16 book and is absent on 20 of which 2 book, then its lift is 8 and the intervals are clearly apart', () => {
    const leads = [
      ...Array.from({ length: 20 }, (_, i) => lead({ ruleIds: ['consult'], booked: i < 16 })),
      ...Array.from({ length: 20 }, (_, i) => lead({ ruleIds: [], booked: i < 2 })),
    ];
    const [row] = buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' }).lift;
    expect(row).toMatchObject({ ruleId: 'consult', withCount: 20, withBooked: 16, withoutCount: 20, withoutBooked: 2, lift: 8, clear: true });
    expect(row!.withInterval.low).toBeCloseTo(0.584, 3);
    expect(row!.withoutInterval.high).toBeCloseTo(0.301, 3);
  });

  it('when a lift version is named, then leads of other versions do not count for or against its rules', () => {
    const leads = [lead({ ruleIds: ['r'], booked: true }), lead({ criteriaVersion: 'v0', booked: true }), lead({ booked: false })];
    expect(buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC', liftVersion: 'v1' }).lift[0]).toMatchObject({ withCount: 1, withoutCount: 1, withoutBooked: 0 });
  });

  it('when a rule makes no difference, then its intervals overlap and it is not clear', () => {
    const leads = Array.from({ length: 40 }, (_, i) => lead({ ruleIds: i % 2 === 0 ? ['r'] : [], booked: i % 4 < 2 }));
    expect(buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' }).lift[0]).toMatchObject({ withCount: 20, withBooked: 10, withoutBooked: 10, lift: 1, clear: false });
  });

  it('when leads are stored, then one cell per version × band × outcome × route × week holds counts only', () => {
    const leads = [
      lead({ arrivedAt: at('2026-11-02T10:00:00Z'), booked: true, respondBy: at('2026-11-02T10:05:00Z'), firstOutreachAt: at('2026-11-02T10:03:00Z') }),
      lead({ arrivedAt: at('2026-11-08T23:00:00Z') }),
      lead({ arrivedAt: at('2026-11-09T01:00:00Z') }),
    ];
    const cells = buildEffectivenessReport(leads, { asOf: AS_OF, timeZone: 'UTC' }).cells;
    expect(cells).toEqual([
      { criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', weekStart: '2026-11-02', leads: 2, booked: 1, due: 1, met: 1 },
      { criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', weekStart: '2026-11-09', leads: 1, booked: 0, due: 0, met: 0 },
    ]);
    expect(Object.keys(cells[0]!).sort()).toEqual(['band', 'booked', 'criteriaVersion', 'due', 'leads', 'met', 'outcome', 'route', 'weekStart']);
  });

  it.each([
    ['2026-11-02T00:00:00Z', '2026-11-02'], ['2026-11-08T23:59:59Z', '2026-11-02'], ['2026-11-09T00:00:00Z', '2026-11-09'], ['2027-01-01T12:00:00Z', '2026-12-28'],
  ])('when a lead arrives at %s, then its week starts on %s', (iso, week) => {
    expect(weekStartOf(new Date(iso))).toBe(week);
  });

  it('when there are no leads, then every figure is empty and nothing is due', () => {
    const report = buildEffectivenessReport([], { asOf: AS_OF, timeZone: 'UTC' });
    expect(report).toMatchObject({ leads: 0, booked: 0, lift: [], falseNegatives: [], cells: [], suggestions: [] });
    expect(report.speed.overall).toEqual({ key: 'all', responded: 0, medianMinutes: null, p90Minutes: null, due: 0, met: 0 });
  });
});
