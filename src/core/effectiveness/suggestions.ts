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

/** Fewer than this many booked or not-booked inquiries: no suggestion (the small-cell rule). */
export const MIN_GROUP = 11;
/** A threshold is only worth moving when separation improves by at least this much. */
export const MIN_SEPARATION_GAIN = 0.05;

/**
 * Suggests band-threshold and rule-point changes from observed outcomes. A threshold's separation
 * is Youden's J: share of booked inquiries at or above it minus share of not-booked ones at or
 * above it; the top band's threshold moves to the score that maximises J when that gains at least
 * MIN_SEPARATION_GAIN and stays above the next band's. A rule whose 95% Wilson intervals with and
 * without it do not overlap, in the direction opposite to its points, is suggested the opposite
 * sign (criteria refuse 0 points; the practice can soften it in Simulate).
 */
export function suggestChanges(leads: readonly LeadObservation[], criteria: CriteriaOutline): Suggestion[] {
  const booked = leads.filter((l) => l.booked).map((l) => l.score);
  const notBooked = leads.filter((l) => !l.booked).map((l) => l.score);
  if (booked.length < MIN_GROUP || notBooked.length < MIN_GROUP) return [];
  return [...thresholdSuggestions(booked, notBooked, criteria), ...pointSuggestions(leads, criteria)];
}

/** Youden's J of "score ≥ threshold" as a test for booked. */
export function separationAt(threshold: number, booked: readonly number[], notBooked: readonly number[]): number {
  const share = (scores: readonly number[]) => scores.filter((s) => s >= threshold).length / scores.length;
  return share(booked) - share(notBooked);
}

function thresholdSuggestions(booked: readonly number[], notBooked: readonly number[], criteria: CriteriaOutline): Suggestion[] {
  const [top, next] = criteria.bands;
  if (!top || !next) return [];
  const current = separationAt(top.minScore, booked, notBooked);
  let best = { to: top.minScore, separation: current };
  for (let t = next.minScore + 1; t <= 100; t += 1) {
    const separation = separationAt(t, booked, notBooked);
    if (separation > best.separation + 1e-12) best = { to: t, separation };
  }
  if (best.separation - current < MIN_SEPARATION_GAIN) return [];
  return [{ kind: 'threshold', band: top.band, from: top.minScore, to: best.to, separationFrom: round(current), separationTo: round(best.separation) }];
}

function pointSuggestions(leads: readonly LeadObservation[], criteria: CriteriaOutline): Suggestion[] {
  return criteria.rules.flatMap((rule): Suggestion[] => {
    const withRule = leads.filter((l) => l.ruleIds.includes(rule.id));
    const without = leads.filter((l) => !l.ruleIds.includes(rule.id));
    if (withRule.length < MIN_GROUP || without.length < MIN_GROUP) return [];
    const withBooked = withRule.filter((l) => l.booked).length;
    const withoutBooked = without.filter((l) => l.booked).length;
    const a = wilsonInterval(withBooked, withRule.length);
    const b = wilsonInterval(withoutBooked, without.length);
    const rateWith = round(ratio(withBooked, withRule.length) ?? 0);
    const rateWithout = round(ratio(withoutBooked, without.length) ?? 0);
    const predictsBooking = a.low > b.high;
    const predictsNotBooking = a.high < b.low;
    if ((predictsBooking && rule.points < 0) || (predictsNotBooking && rule.points > 0)) return [{ kind: 'points', ruleId: rule.id, from: rule.points, to: -rule.points, rateWith, rateWithout }];
    return [];
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
