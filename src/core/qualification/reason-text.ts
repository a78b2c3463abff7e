/**
 * A rule's reason text, prepared once per criteria version. Its own module because compiling the
 * criteria and scoring a contact both need it, and neither owns it.
 */

/** Practice-side labels a reason text may name (never a contact's own value). */
export interface ReasonFacts {
  readonly distanceMiles: number | null;
  readonly locationName: string | null;
  readonly serviceLine: string | null;
  readonly payer: string | null;
}

const PLACEHOLDER = /\{(distanceMiles|locationName|serviceLine|payer)\}/g;

/** Renders a reason for one contact's practice-side facts. */
export type ReasonRenderer = (facts: ReasonFacts) => string;

function showFact(facts: ReasonFacts, key: keyof ReasonFacts): string {
  const value = facts[key];
  if (value === null) return 'unknown';
  // The only number is a distance: it rounds to at least 1 mile ("within 0 mi" reads as an error).
  return typeof value === 'number' ? String(Math.max(1, Math.round(value))) : value;
}

/**
 * Prepares a reason text once per criteria version: fixed text is returned as is, placeholders
 * are filled from practice-side facts (a rounded number, or a label from the criteria) — never
 * from the contact's own text.
 */
export function compileReason(template: string): ReasonRenderer {
  const keys = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as keyof ReasonFacts);
  if (keys.length === 0) return () => template;
  const pieces = template.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
  return (facts) => {
    let out = pieces[0] ?? '';
    for (let i = 0; i < keys.length; i++) out += showFact(facts, keys[i] as keyof ReasonFacts) + (pieces[i + 1] ?? '');
    return out;
  };
}
