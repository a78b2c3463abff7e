import { BANDS } from '../criteria/vocabulary';
import type { LeadObservation } from './outcome-signals';
import { quantile, ratio, wilsonInterval } from './statistics';
import { suggestChanges, type CriteriaOutline, type Suggestion } from './suggestions';

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
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTE_MS = 60_000;

/**
 * Folds observations into the effectiveness figures (issue 20). `asOf` decides which respond-by
 * times have passed: one not yet passed and not yet answered is not counted as due. Hour and
 * weekday of arrival are in the practice's time zone. With `liftVersion`, lift and suggestions use
 * only the leads that version scored.
 */
export function buildEffectivenessReport(
  leads: readonly LeadObservation[],
  opts: { asOf: Date; timeZone: string; criteria?: CriteriaOutline; liftVersion?: string },
): EffectivenessReport {
  const local = localClock(opts.timeZone);
  // Rules belong to one criteria version: lift and suggestions compare leads scored by it only.
  const ofVersion = opts.liftVersion === undefined ? leads : leads.filter((l) => l.criteriaVersion === opts.liftVersion);
  return {
    leads: leads.length,
    booked: leads.filter((l) => l.booked).length,
    conversion: {
      byBand: inOrder(conversionBy(leads, (l) => l.band), BANDS),
      byOutcome: conversionBy(leads, (l) => l.outcome),
      byRoute: conversionBy(leads, (l) => l.route),
      byVersion: conversionBy(leads, (l) => l.criteriaVersion),
    },
    speed: {
      overall: speedOf('all', leads, opts.asOf),
      byBand: inOrder(speedBy(leads, (l) => l.band, opts.asOf), BANDS),
      byWeekday: inOrder(speedBy(leads, (l) => WEEKDAYS[local(l.arrivedAt).weekday]!, opts.asOf), [...WEEKDAYS.slice(1), WEEKDAYS[0]!]),
      byHour: speedBy(leads, (l) => String(local(l.arrivedAt).hour).padStart(2, '0'), opts.asOf),
      byWeek: speedBy(leads, (l) => weekStartOf(l.arrivedAt), opts.asOf),
    },
    falseNegatives: falseNegatives(leads),
    lift: liftPerRule(ofVersion),
    suggestions: opts.criteria ? suggestChanges(ofVersion, opts.criteria) : [],
    cells: storedCells(leads, opts.asOf),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Cells in a natural order (bands best first, weekdays from Monday) instead of alphabetical. */
function inOrder<T extends { key: string }>(cells: T[], order: readonly string[]): T[] {
  return [...cells].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

function conversionBy(leads: readonly LeadObservation[], keyOf: (l: LeadObservation) => string): ConversionCell[] {
  return [...groupBy(leads, keyOf)].map(([key, group]) => ({ key, qualified: group.length, booked: group.filter((l) => l.booked).length }));
}

/** Respond-by is due once it has passed or intake answered; met when the first outreach came in time. */
function respondByState(l: LeadObservation, asOf: Date): 'met' | 'missed' | 'not_due' {
  if (!l.respondBy) return 'not_due';
  if (l.firstOutreachAt) return l.firstOutreachAt.getTime() <= l.respondBy.getTime() ? 'met' : 'missed';
  return asOf.getTime() > l.respondBy.getTime() ? 'missed' : 'not_due';
}

function speedOf(key: string, group: readonly LeadObservation[], asOf: Date): SpeedCell {
  const minutes = group.flatMap((l) => (l.firstOutreachAt ? [(l.firstOutreachAt.getTime() - l.arrivedAt.getTime()) / MINUTE_MS] : []));
  const states = group.map((l) => respondByState(l, asOf));
  return {
    key, responded: minutes.length, medianMinutes: quantile(minutes, 0.5), p90Minutes: quantile(minutes, 0.9),
    due: states.filter((s) => s !== 'not_due').length, met: states.filter((s) => s === 'met').length,
  };
}

function speedBy(leads: readonly LeadObservation[], keyOf: (l: LeadObservation) => string, asOf: Date): SpeedCell[] {
  return [...groupBy(leads, keyOf)].map(([key, group]) => speedOf(key, group, asOf));
}

function falseNegatives(leads: readonly LeadObservation[]): FalseNegativeCell[] {
  const stopped = leads.flatMap((l) => {
    if (l.outcome === 'disqualified') return (l.stopReasons.length > 0 ? l.stopReasons : ['unspecified']).map((reason) => ({ reason, booked: l.booked }));
    return l.outcome === 'nurture' ? [{ reason: 'nurture', booked: l.booked }] : [];
  });
  return [...groupBy(stopped, (s) => s.reason)].map(([reason, group]) => ({ reason, stopped: group.length, laterBooked: group.filter((s) => s.booked).length }));
}

function liftPerRule(leads: readonly LeadObservation[]): LiftRow[] {
  const ruleIds = [...new Set(leads.flatMap((l) => l.ruleIds))].sort();
  return ruleIds.map((ruleId) => {
    const withRule = leads.filter((l) => l.ruleIds.includes(ruleId));
    const without = leads.filter((l) => !l.ruleIds.includes(ruleId));
    const withBooked = withRule.filter((l) => l.booked).length;
    const withoutBooked = without.filter((l) => l.booked).length;
    const withInterval = wilsonInterval(withBooked, withRule.length);
    const withoutInterval = wilsonInterval(withoutBooked, without.length);
    const rateWith = ratio(withBooked, withRule.length);
    const rateWithout = ratio(withoutBooked, without.length);
    return {
      ruleId, withCount: withRule.length, withBooked, withoutCount: without.length, withoutBooked, withInterval, withoutInterval,
      lift: rateWith === null || rateWithout === null || rateWithout === 0 ? null : rateWith / rateWithout,
      clear: withInterval.low > withoutInterval.high || withInterval.high < withoutInterval.low,
    };
  });
}

function storedCells(leads: readonly LeadObservation[], asOf: Date): StoredCell[] {
  const groups = groupBy(leads, (l) => [l.criteriaVersion, l.band, l.outcome, l.route, weekStartOf(l.arrivedAt)].join('\u0000'));
  return [...groups].map(([key, group]) => {
    const [criteriaVersion, band, outcome, route, weekStart] = key.split('\u0000') as [string, string, string, string, string];
    const states = group.map((l) => respondByState(l, asOf));
    return {
      criteriaVersion, band, outcome, route, weekStart, leads: group.length, booked: group.filter((l) => l.booked).length,
      due: states.filter((s) => s !== 'not_due').length, met: states.filter((s) => s === 'met').length,
    };
  });
}

/** Monday (UTC) of the week holding `at`, as YYYY-MM-DD. */
export function weekStartOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

function localClock(timeZone: string): (at: Date) => { weekday: number; hour: number } {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  return (at) => {
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    return { weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'), hour: Number(parts.hour) % 24 };
  };
}
