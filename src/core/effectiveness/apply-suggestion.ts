import type { Criteria } from '../criteria/criteria.schema';
import type { Suggestion } from './suggestions';

/** Why a suggestion no longer fits the criteria it would change. */
export type SuggestionMismatch = 'band_missing' | 'rule_missing' | 'criteria_changed';

/**
 * The criteria with one effectiveness suggestion applied (issue 20: "each openable as a draft in
 * Simulate"): a band's threshold or a rule's points set to the suggested value. The suggestion was
 * computed against the live version of its run; when the criteria no longer hold its `from` value
 * (edited and published since), it is refused rather than applied to something it did not measure.
 * Pure: the caller validates and saves the result as a new draft version.
 */
export function applySuggestion(criteria: Criteria, s: Suggestion): { ok: true; criteria: Criteria } | { ok: false; reason: SuggestionMismatch } {
  if (s.kind === 'threshold') {
    const band = criteria.bands.find((b) => b.band === s.band);
    if (!band) return { ok: false, reason: 'band_missing' };
    if (band.minScore !== s.from) return { ok: false, reason: 'criteria_changed' };
    return { ok: true, criteria: { ...criteria, bands: criteria.bands.map((b) => (b.band === s.band ? { ...b, minScore: s.to } : b)) } };
  }
  const groups = ['fit', 'intent', 'readiness'] as const;
  const rule = groups.flatMap((g) => criteria.rules[g]).find((r) => r.id === s.ruleId);
  if (!rule) return { ok: false, reason: 'rule_missing' };
  if (rule.points !== s.from) return { ok: false, reason: 'criteria_changed' };
  const rules = Object.fromEntries(groups.map((g) => [g, criteria.rules[g].map((r) => (r.id === s.ruleId ? { ...r, points: s.to } : r))])) as Criteria['rules'];
  return { ok: true, criteria: { ...criteria, rules: { ...criteria.rules, ...rules } } };
}

/** A short note for the saved draft, naming the change (no contact data). */
export function suggestionNote(s: Suggestion): string {
  return s.kind === 'threshold'
    ? `Effectiveness suggestion: ${s.band} band from ${s.from} to ${s.to}`
    : `Effectiveness suggestion: rule ${s.ruleId} points from ${s.from} to ${s.to}`;
}
