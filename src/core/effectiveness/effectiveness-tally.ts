import type { LeadObservation } from './outcome-signals';
import { addToSplit, emptyOutcomeSplit, type OutcomeSplit, type ValueCounts } from './suggestions';

/** Speed-to-lead of one group as counts: minutes to first outreach (value → how many), due and met. */
export interface SpeedTally { minutes: ValueCounts; due: number; met: number }

/** One calendar month's figures as counts (the monthly report): conversion, speed and stopped leads. */
export interface MonthTally {
  leads: number;
  booked: number;
  conversion: { band: Record<string, [number, number]>; outcome: Record<string, [number, number]>; route: Record<string, [number, number]> };
  speed: { overall: SpeedTally; band: Record<string, SpeedTally> };
  falseNegatives: Record<string, [number, number]>;
}

/**
 * Every effectiveness figure as counts that add up (issue 20): a run folds its leads into a tally
 * one week-slice at a time, stores each slice's tally as its checkpoint and, after a crash,
 * resumes from them instead of reading those weeks again. Counts per group only, never a contact:
 * no id, no property value, no arrival time.
 */
export interface EffectivenessTally {
  leads: number;
  booked: number;
  /** [qualified, booked] per band, outcome, route and criteria version. */
  conversion: { band: Record<string, [number, number]>; outcome: Record<string, [number, number]>; route: Record<string, [number, number]>; version: Record<string, [number, number]> };
  speed: { overall: SpeedTally; band: Record<string, SpeedTally>; weekday: Record<string, SpeedTally>; hour: Record<string, SpeedTally>; week: Record<string, SpeedTally> };
  /** [stopped, later booked] per stop reason. */
  falseNegatives: Record<string, [number, number]>;
  /** The lift version's leads (all leads without one), for lift and suggestions. */
  lift: OutcomeSplit;
  /** [leads, booked, due, met] per JSON [criteria version, band, outcome, route, week start]. */
  cells: Record<string, [number, number, number, number]>;
  /** Per month of arrival (YYYY-MM in the practice's time zone). */
  months: Record<string, MonthTally>;
}

/** What folding needs besides the lead: when figures are taken, the practice's time zone, the lift version. */
export interface TallyContext { asOf: Date; timeZone: string; liftVersion?: string }

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTE_MS = 60_000;

/** A tally with nothing in it. */
export function emptyTally(): EffectivenessTally {
  return {
    leads: 0, booked: 0,
    conversion: { band: {}, outcome: {}, route: {}, version: {} },
    speed: { overall: emptySpeed(), band: {}, weekday: {}, hour: {}, week: {} },
    falseNegatives: {}, lift: emptyOutcomeSplit(), cells: {}, months: {},
  };
}

function emptyMonth(): MonthTally {
  return { leads: 0, booked: 0, conversion: { band: {}, outcome: {}, route: {} }, speed: { overall: emptySpeed(), band: {} }, falseNegatives: {} };
}

/** Folds leads into a new tally. Pure. */
export function tallyLeads(leads: readonly LeadObservation[], ctx: TallyContext): EffectivenessTally {
  const tally = emptyTally();
  const local = localClock(ctx.timeZone);
  for (const lead of leads) addLead(tally, lead, ctx, local);
  return tally;
}

/** The sum of two tallies (of disjoint leads): the same as one tally of all their leads. Pure. */
export function mergeTallies(a: EffectivenessTally, b: EffectivenessTally): EffectivenessTally {
  return addDeep(a, b) as EffectivenessTally;
}

type LocalClock = (at: Date) => { weekday: number; hour: number; month: string };

function addLead(t: EffectivenessTally, l: LeadObservation, ctx: TallyContext, local: LocalClock): void {
  const state = respondByState(l, ctx.asOf);
  const minutes = l.firstOutreachAt ? (l.firstOutreachAt.getTime() - l.arrivedAt.getTime()) / MINUTE_MS : null;
  const { weekday, hour, month } = local(l.arrivedAt);
  const week = weekStartOf(l.arrivedAt);
  addBasics(t, l, state, minutes);
  addBasics((t.months[month] ??= emptyMonth()), l, state, minutes);
  bump(t.conversion.version, l.criteriaVersion, l.booked);
  for (const [group, key] of [[t.speed.weekday, WEEKDAYS[weekday]!], [t.speed.hour, String(hour).padStart(2, '0')], [t.speed.week, week]] as const) {
    group[key] ??= emptySpeed();
    addSpeed(group[key], minutes, state);
  }
  if (ctx.liftVersion === undefined || l.criteriaVersion === ctx.liftVersion) addToSplit(t.lift, l);
  const cellKey = JSON.stringify([l.criteriaVersion, l.band, l.outcome, l.route, week]);
  const [leads, booked, due, met] = t.cells[cellKey] ?? [0, 0, 0, 0];
  t.cells[cellKey] = [leads + 1, booked + (l.booked ? 1 : 0), due + (state === 'not_due' ? 0 : 1), met + (state === 'met' ? 1 : 0)];
}

/** What the whole window and each month count alike: leads, conversion, speed overall and by band, stopped leads. */
function addBasics(t: MonthTally, l: LeadObservation, state: RespondByState, minutes: number | null): void {
  t.leads += 1;
  if (l.booked) t.booked += 1;
  bump(t.conversion.band, l.band, l.booked);
  bump(t.conversion.outcome, l.outcome, l.booked);
  bump(t.conversion.route, l.route, l.booked);
  addSpeed(t.speed.overall, minutes, state);
  const band = (t.speed.band[l.band] ??= emptySpeed());
  addSpeed(band, minutes, state);
  const stops = l.outcome === 'disqualified' ? (l.stopReasons.length > 0 ? l.stopReasons : ['unspecified']) : l.outcome === 'nurture' ? ['nurture'] : [];
  for (const reason of stops) bump(t.falseNegatives, reason, l.booked);
}

/** One more [count, booked] in a group. */
function bump(group: Record<string, [number, number]>, key: string, booked: boolean): void {
  const [count, b] = group[key] ?? [0, 0];
  group[key] = [count + 1, b + (booked ? 1 : 0)];
}

function emptySpeed(): SpeedTally {
  return { minutes: {}, due: 0, met: 0 };
}

type RespondByState = 'met' | 'missed' | 'not_due';

function addSpeed(s: SpeedTally, minutes: number | null, state: RespondByState): void {
  if (minutes !== null) s.minutes[String(minutes)] = (s.minutes[String(minutes)] ?? 0) + 1;
  if (state !== 'not_due') s.due += 1;
  if (state === 'met') s.met += 1;
}

/** Respond-by is due once it has passed or intake answered; met when the first outreach came in time. */
function respondByState(l: LeadObservation, asOf: Date): RespondByState {
  if (!l.respondBy) return 'not_due';
  if (l.firstOutreachAt) return l.firstOutreachAt.getTime() <= l.respondBy.getTime() ? 'met' : 'missed';
  return asOf.getTime() > l.respondBy.getTime() ? 'missed' : 'not_due';
}

/** Adds numbers, arrays of numbers element-wise and records key-wise (a key on one side only is copied). */
function addDeep(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => addDeep(x, b[i]));
  if (a === undefined) return b;
  if (b === undefined) return a;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return Object.fromEntries([...new Set([...Object.keys(left), ...Object.keys(right)])].map((key) => [key, addDeep(left[key], right[key])]));
}

/** Monday (UTC) of the week holding `at`, as YYYY-MM-DD. */
export function weekStartOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

function localClock(timeZone: string): LocalClock {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit' });
  return (at) => {
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    return { weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'), hour: Number(parts.hour) % 24, month: `${parts.year}-${parts.month}` };
  };
}
