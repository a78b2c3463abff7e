import { BANDS } from '../criteria/vocabulary';
import { tallyLeads, WEEKDAYS, type EffectivenessTally, type MonthTally, type SpeedTally, type TallyContext } from './effectiveness-tally';
import type { LeadObservation } from './outcome-signals';
import { quantileOfCounts, ratio, wilsonInterval } from './statistics';
import { suggestFromSplit, type CriteriaOutline, type OutcomeSplit, type Suggestion } from './suggestions';

export { weekStartOf } from './effectiveness-tally';

/** Booked of qualified (scored) inquiries in one cell. */
export interface ConversionCell { readonly key: string; readonly qualified: number; readonly booked: number }
/** Speed-to-lead in one cell: minutes from arrival to first outreach, and respond-by met of due. */
export interface SpeedCell {
  readonly key: string;
  readonly responded: number;
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
  readonly due: number;
  readonly met: number;
}
/** Stopped (disqualified or nurtured) inquiries that booked anyway, per stop reason. */
export interface FalseNegativeCell { readonly reason: string; readonly stopped: number; readonly laterBooked: number }
/** Booking rate with and without one criteria rule, each with a 95% Wilson interval. */
export interface LiftRow {
  readonly ruleId: string;
  readonly withCount: number; readonly withBooked: number;
  readonly withoutCount: number; readonly withoutBooked: number;
  readonly withInterval: { low: number; high: number };
  readonly withoutInterval: { low: number; high: number };
  /** rate with ÷ rate without (null when the rate without is 0). */
  readonly lift: number | null;
  /** The two intervals do not overlap: the rule separates bookers from the rest. */
  readonly clear: boolean;
}
/** Aggregate cell as stored: counts per criteria version × band × outcome × route × week. */
export interface StoredCell {
  readonly criteriaVersion: string; readonly band: string; readonly outcome: string; readonly route: string;
  /** Monday (UTC) of the arrival week, YYYY-MM-DD. */
  readonly weekStart: string;
  readonly leads: number; readonly booked: number; readonly due: number; readonly met: number;
}

/** One calendar month of arrivals (the monthly printable report and its CSV). */
export interface MonthFigures {
  /** YYYY-MM, in the practice's time zone. */
  readonly month: string;
  readonly leads: number;
  readonly booked: number;
  readonly conversion: { readonly byBand: ConversionCell[]; readonly byOutcome: ConversionCell[]; readonly byRoute: ConversionCell[] };
  readonly speed: { readonly overall: SpeedCell; readonly byBand: SpeedCell[] };
  readonly falseNegatives: FalseNegativeCell[];
}

/** Every figure of the effectiveness page. Counts and summary statistics only, never a contact. */
export interface EffectivenessReport {
  readonly leads: number;
  readonly booked: number;
  readonly conversion: { readonly byBand: ConversionCell[]; readonly byOutcome: ConversionCell[]; readonly byRoute: ConversionCell[]; readonly byVersion: ConversionCell[] };
  readonly speed: { readonly overall: SpeedCell; readonly byBand: SpeedCell[]; readonly byWeekday: SpeedCell[]; readonly byHour: SpeedCell[]; readonly byWeek: SpeedCell[] };
  readonly falseNegatives: FalseNegativeCell[];
  readonly lift: LiftRow[];
  readonly suggestions: Suggestion[];
  readonly cells: StoredCell[];
  /** Per month of arrival, oldest first (absent in reports stored before monthly reports existed). */
  readonly byMonth?: MonthFigures[];
}

/**
 * Folds observations into the effectiveness figures (issue 20). `asOf` decides which respond-by
 * times have passed: one not yet passed and not yet answered is not counted as due. Hour and
 * weekday of arrival are in the practice's time zone. With `liftVersion`, lift and suggestions use
 * only the leads that version scored.
 */
export function buildEffectivenessReport(leads: readonly LeadObservation[], opts: TallyContext & { criteria?: CriteriaOutline }): EffectivenessReport {
  return reportFromTally(tallyLeads(leads, opts), opts.criteria);
}

/** The figures of a tally (one run's, possibly summed from checkpoints). Pure. */
export function reportFromTally(t: EffectivenessTally, criteria?: CriteriaOutline): EffectivenessReport {
  return {
    leads: t.leads,
    booked: t.booked,
    conversion: {
      byBand: inOrder(conversionOf(t.conversion.band), BANDS),
      byOutcome: conversionOf(t.conversion.outcome),
      byRoute: conversionOf(t.conversion.route),
      byVersion: conversionOf(t.conversion.version),
    },
    speed: {
      overall: speedOf('all', t.speed.overall),
      byBand: inOrder(speedsOf(t.speed.band), BANDS),
      byWeekday: inOrder(speedsOf(t.speed.weekday), [...WEEKDAYS.slice(1), WEEKDAYS[0]!]),
      byHour: speedsOf(t.speed.hour),
      byWeek: speedsOf(t.speed.week),
    },
    falseNegatives: falseNegativesOf(t.falseNegatives),
    lift: liftPerRule(t.lift),
    suggestions: criteria ? suggestFromSplit(t.lift, criteria) : [],
    cells: storedCells(t.cells),
    byMonth: sortedEntries(t.months).map(([month, m]) => monthFigures(month, m)),
  };
}

function monthFigures(month: string, m: MonthTally): MonthFigures {
  return {
    month, leads: m.leads, booked: m.booked,
    conversion: { byBand: inOrder(conversionOf(m.conversion.band), BANDS), byOutcome: conversionOf(m.conversion.outcome), byRoute: conversionOf(m.conversion.route) },
    speed: { overall: speedOf('all', m.speed.overall), byBand: inOrder(speedsOf(m.speed.band), BANDS) },
    falseNegatives: falseNegativesOf(m.falseNegatives),
  };
}

function falseNegativesOf(group: Readonly<Record<string, [number, number]>>): FalseNegativeCell[] {
  return sortedEntries(group).map(([reason, [stopped, laterBooked]]) => ({ reason, stopped, laterBooked }));
}

function sortedEntries<T>(group: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(group).sort(([a], [b]) => a.localeCompare(b));
}

/** Cells in a natural order (bands best first, weekdays from Monday) instead of alphabetical. */
function inOrder<T extends { key: string }>(cells: T[], order: readonly string[]): T[] {
  return [...cells].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

function conversionOf(group: Readonly<Record<string, [number, number]>>): ConversionCell[] {
  return sortedEntries(group).map(([key, [qualified, booked]]) => ({ key, qualified, booked }));
}

function speedOf(key: string, s: SpeedTally): SpeedCell {
  const responded = Object.values(s.minutes).reduce((n, count) => n + count, 0);
  return { key, responded, medianMinutes: quantileOfCounts(s.minutes, 0.5), p90Minutes: quantileOfCounts(s.minutes, 0.9), due: s.due, met: s.met };
}

function speedsOf(group: Readonly<Record<string, SpeedTally>>): SpeedCell[] {
  return sortedEntries(group).map(([key, s]) => speedOf(key, s));
}

function liftPerRule(split: OutcomeSplit): LiftRow[] {
  return Object.keys(split.rules).sort().map((ruleId) => {
    const [withCount, withBooked] = split.rules[ruleId]!;
    const withoutCount = split.leads - withCount;
    const withoutBooked = split.booked - withBooked;
    const withInterval = wilsonInterval(withBooked, withCount);
    const withoutInterval = wilsonInterval(withoutBooked, withoutCount);
    const rateWith = ratio(withBooked, withCount);
    const rateWithout = ratio(withoutBooked, withoutCount);
    return {
      ruleId, withCount, withBooked, withoutCount, withoutBooked, withInterval, withoutInterval,
      lift: rateWith === null || rateWithout === null || rateWithout === 0 ? null : rateWith / rateWithout,
      clear: withInterval.low > withoutInterval.high || withInterval.high < withoutInterval.low,
    };
  });
}

function storedCells(cells: EffectivenessTally['cells']): StoredCell[] {
  const keyed = Object.entries(cells).map(([json, counts]) => [JSON.parse(json) as [string, string, string, string, string], counts] as const);
  // the order of the key parts joined by NUL, as the cells were always listed
  keyed.sort(([a], [b]) => a.join('\u0000').localeCompare(b.join('\u0000')));
  return keyed.map(([[criteriaVersion, band, outcome, route, weekStart], [leads, booked, due, met]]) => ({ criteriaVersion, band, outcome, route, weekStart, leads, booked, due, met }));
}
