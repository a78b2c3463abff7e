import type { Dimension } from '../criteria/vocabulary';
import type { Enrichment } from '../enrichment/enricher';
import type { CompiledCriteria, CompiledRule } from './compile-criteria';

/** One rule's effect on a result, in words an intake coordinator reads. */
export interface Contribution {
  readonly dimension: Dimension;
  /** The signal the rule tests (its first one when it tests several). */
  readonly signal: string;
  readonly ruleId: string;
  readonly points: number;
  /** The rule's reason text with placeholders filled from practice data; never the contact's text. */
  readonly reason: string;
}

/** Dimension scores, combined score and the contributions that made them. */
export interface Scores {
  readonly fitScore: number;
  readonly intentScore: number;
  readonly readinessScore: number;
  readonly score: number;
  readonly contributions: readonly Contribution[];
}

function clamp(n: number, min: number, max: number): number {
  return n < min ? min : n > max ? max : n;
}

/** Sums one dimension; in a group slot only the best matching rule counts (slots are pre-sorted). */
function scoreDimension(slots: readonly (readonly CompiledRule[])[], e: Enrichment, counted: CompiledRule[]): number {
  let sum = 0;
  for (const slot of slots) {
    for (const r of slot) {
      if (!r.test(e.signals)) continue;
      sum += r.rule.points;
      counted.push(r);
      break;
    }
  }
  return sum;
}

/** A dimension's points over the most it can earn, 0–100 (a module function: no closure per contact). */
function dimensionScore(points: number, maxPoints: number): number {
  return maxPoints > 0 ? Math.round((100 * clamp(points, 0, maxPoints)) / maxPoints) : 0;
}

/**
 * Scores the three dimensions (0–100: the dimension's points over the most it can earn) and the
 * combined score: a weighted mean of the dimensions, or — for simple point models — the plain sum
 * of points, clamped to 0–100. Both only rise when a matching rule with positive points is added.
 */
export function scoreContact(e: Enrichment, c: CompiledCriteria): Scores {
  const counted: CompiledRule[] = [];
  const fit = scoreDimension(c.rules.fit, e, counted);
  const intent = scoreDimension(c.rules.intent, e, counted);
  const readiness = scoreDimension(c.rules.readiness, e, counted);
  const fitScore = dimensionScore(fit, c.maxPoints.fit);
  const intentScore = dimensionScore(intent, c.maxPoints.intent);
  const readinessScore = dimensionScore(readiness, c.maxPoints.readiness);
  const { combine, weights } = c.criteria.scoring;
  const score = combine === 'sum_of_points'
    ? clamp(fit + intent + readiness, 0, 100)
    : clamp(Math.round(weights.fit * fitScore + weights.intent * intentScore + weights.readiness * readinessScore), 0, 100);
  return { fitScore, intentScore, readinessScore, score, contributions: contributionsOf(counted, e) };
}

/**
 * The counted rules as contributions, largest |points| first; equal |points| keep rule order (what
 * a stable sort gives). An insertion sort as they are built: a contact counts a handful of rules,
 * and this spares the comparator calls and the second pass of Array#sort.
 */
function contributionsOf(counted: readonly CompiledRule[], e: Enrichment): Contribution[] {
  const out: Contribution[] = [];
  for (const r of counted) {
    const points = r.rule.points;
    const size = Math.abs(points);
    let at = out.length;
    while (at > 0 && Math.abs((out[at - 1] as Contribution).points) < size) at--;
    const contribution: Contribution = { dimension: r.dimension, signal: r.signal, ruleId: r.rule.id, points, reason: r.render(e.facts) };
    if (at === out.length) out.push(contribution);
    else out.splice(at, 0, contribution);
  }
  return out;
}
