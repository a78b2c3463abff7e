import type { LeadObservation } from './outcome-signals';
import { ratio, wilsonInterval } from './statistics';

/** What suggestions need of a criteria version: band thresholds and rule points. */
export interface CriteriaOutline {
  /** Highest band first, as in the criteria. */
  readonly bands: readonly { band: string; minScore: number }[];
  readonly rules: readonly { id: string; points: number }[];
}

/** A change that would have separated booked from not-booked inquiries better. */
export type Suggestion =
  | { readonly kind: 'threshold'; readonly band: string; readonly from: number; readonly to: number; readonly separationFrom: number; readonly separationTo: number }
  | { readonly kind: 'points'; readonly ruleId: string; readonly from: number; readonly to: number; readonly rateWith: number; readonly rateWithout: number };

/** How many inquiries had each value (a score, a number of minutes), keyed by the value's text. */
export type ValueCounts = Record<string, number>;

/**
 * What lift and suggestions need of one criteria version's inquiries, as counts only: how many
 * scored each score among the booked and the rest, and per rule how many it fired for ([with,
 * booked with]). Counts add up, so a run can fold its leads a week at a time (and resume).
 */
export interface OutcomeSplit {
  leads: number;
  booked: number;
  bookedScores: ValueCounts;
  notBookedScores: ValueCounts;
  rules: Record<string, [number, number]>;
}

/** Fewer than this many booked or not-booked inquiries: no suggestion (the small-cell rule). */
export const MIN_GROUP = 11;
/** A threshold is only worth moving when separation improves by at least this much. */
export const MIN_SEPARATION_GAIN = 0.05;

/** An empty split, to add leads to. */
export function emptyOutcomeSplit(): OutcomeSplit {
  return { leads: 0, booked: 0, bookedScores: {}, notBookedScores: {}, rules: {} };
}

/** Adds one inquiry to a split (in place). */
export function addToSplit(split: OutcomeSplit, lead: LeadObservation): void {
  split.leads += 1;
  if (lead.booked) split.booked += 1;
  const scores = lead.booked ? split.bookedScores : split.notBookedScores;
  scores[String(lead.score)] = (scores[String(lead.score)] ?? 0) + 1;
  for (const ruleId of new Set(lead.ruleIds)) {
    const counts = split.rules[ruleId] ?? [0, 0];
    split.rules[ruleId] = [counts[0] + 1, counts[1] + (lead.booked ? 1 : 0)];
  }
}

/** The split of a list of inquiries. */
export function splitOutcomes(leads: readonly LeadObservation[]): OutcomeSplit {
  const split = emptyOutcomeSplit();
  for (const lead of leads) addToSplit(split, lead);
  return split;
}

/** Suggestions from a list of inquiries (see {@link suggestFromSplit}). */
export function suggestChanges(leads: readonly LeadObservation[], criteria: CriteriaOutline): Suggestion[] {
  return suggestFromSplit(splitOutcomes(leads), criteria);
}

/**
 * Suggests band-threshold and rule-point changes from observed outcomes. A threshold's separation
 * is Youden's J: share of booked inquiries at or above it minus share of not-booked ones at or
 * above it; the top band's threshold moves to the score that maximises J when that gains at least
 * MIN_SEPARATION_GAIN and stays above the next band's. A rule whose 95% Wilson intervals with and
 * without it do not overlap, in the direction opposite to its points, is suggested the opposite
 * sign (criteria refuse 0 points; the practice can soften it in Simulate).
 */
export function suggestFromSplit(split: OutcomeSplit, criteria: CriteriaOutline): Suggestion[] {
  if (split.booked < MIN_GROUP || split.leads - split.booked < MIN_GROUP) return [];
  return [...thresholdSuggestions(split, criteria), ...pointSuggestions(split, criteria)];
}

/** Youden's J of "score ≥ threshold" as a test for booked. */
export function separationAt(threshold: number, booked: readonly number[], notBooked: readonly number[]): number {
  return separationOfCounts(threshold, countValues(booked), countValues(notBooked));
}

/** How many times each value occurs. */
export function countValues(values: readonly number[]): ValueCounts {
  const counts: ValueCounts = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

function separationOfCounts(threshold: number, booked: ValueCounts, notBooked: ValueCounts): number {
  const share = (scores: ValueCounts) => {
    const entries = Object.entries(scores);
    const total = entries.reduce((n, [, count]) => n + count, 0);
    return entries.reduce((n, [score, count]) => n + (Number(score) >= threshold ? count : 0), 0) / total;
  };
  return share(booked) - share(notBooked);
}

function thresholdSuggestions(split: OutcomeSplit, criteria: CriteriaOutline): Suggestion[] {
  const [top, next] = criteria.bands;
  if (!top || !next) return [];
  const current = separationOfCounts(top.minScore, split.bookedScores, split.notBookedScores);
  let best = { to: top.minScore, separation: current };
  for (let t = next.minScore + 1; t <= 100; t += 1) {
    const separation = separationOfCounts(t, split.bookedScores, split.notBookedScores);
    if (separation > best.separation + 1e-12) best = { to: t, separation };
  }
  if (best.separation - current < MIN_SEPARATION_GAIN) return [];
  return [{ kind: 'threshold', band: top.band, from: top.minScore, to: best.to, separationFrom: round(current), separationTo: round(best.separation) }];
}

function pointSuggestions(split: OutcomeSplit, criteria: CriteriaOutline): Suggestion[] {
  return criteria.rules.flatMap((rule): Suggestion[] => {
    const [withCount, withBooked] = split.rules[rule.id] ?? [0, 0];
    const withoutCount = split.leads - withCount;
    const withoutBooked = split.booked - withBooked;
    if (withCount < MIN_GROUP || withoutCount < MIN_GROUP) return [];
    const a = wilsonInterval(withBooked, withCount);
    const b = wilsonInterval(withoutBooked, withoutCount);
    const rateWith = round(ratio(withBooked, withCount) ?? 0);
    const rateWithout = round(ratio(withoutBooked, withoutCount) ?? 0);
    const predictsBooking = a.low > b.high;
    const predictsNotBooking = a.high < b.low;
    if ((predictsBooking && rule.points < 0) || (predictsNotBooking && rule.points > 0)) return [{ kind: 'points', ruleId: rule.id, from: rule.points, to: -rule.points, rateWith, rateWithout }];
    return [];
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
