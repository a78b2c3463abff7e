import { codeWords as label, type Band, type DisqualificationReason, type MissingInfoCode, type Outcome, type Route } from '../criteria/vocabulary';
import type { Contribution } from './scoring';

/** What decided an outcome: a safety phrase, a hard stop, a minor without a guardian, missing inputs, the readiness gate, or the band. */
export type DecisionBasis = 'safety' | 'stop' | 'guardian' | 'missing_info' | 'not_ready' | 'band';

/** The parts of a result its explanation reads, and what decided it. */
export interface OutcomeFacts extends DecidedOutcome {
  readonly basis: DecisionBasis;
}

/** The decision part of a qualification result (QualificationResult extends it). */
export interface DecidedOutcome {
  /** Combined score, 0–100. */
  readonly score: number;
  readonly band: Band;
  readonly outcome: Outcome;
  readonly route: Route;
  /** Reason codes of every hard stop that matched (empty unless disqualified). */
  readonly disqualificationReasons: readonly DisqualificationReason[];
  /** What intake must still ask, limited to what the criteria track. */
  readonly missingInfo: readonly MissingInfoCode[];
  /** Ordered by |points|, largest first. */
  readonly contributions: readonly Contribution[];
}

/** "a, b and c" */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * One line a coordinator can read aloud: why this outcome, from CareQual's own codes and the
 * criteria's reason texts — never the contact's own words. The wording lives here and only here
 * (a neutral data mode can replace this one function).
 */
export function explainOutcome(f: OutcomeFacts): string {
  const best = f.contributions.find((c) => c.points > 0)?.reason;
  const worst = f.contributions.find((c) => c.points < 0 && c.dimension === 'readiness')?.reason;
  switch (f.basis) {
    case 'safety':
      return 'Needs review: a person reviews this inquiry before any outreach.';
    case 'stop':
      return `Disqualified: ${listWords(f.disqualificationReasons.map(label))}.`;
    case 'guardian':
      return 'Needs review: the patient may be under 18 — ask for a parent or guardian\'s consent first.';
    case 'missing_info':
      return `Needs review: ask for ${listWords(f.missingInfo.map(label))} first.`;
    case 'not_ready':
      return `Nurture: a good fit but not ready yet (${worst ?? 'no timing or request yet'}); re-check later.`;
    default:
      if (f.outcome === 'care_ready') return `Care-ready: score ${f.score}, ${f.band} band${best ? ` — ${best}` : ''}.`;
      return `Nurture: score ${f.score} is in the ${f.band} band${worst ? ` (${worst})` : ''}; re-check later.`;
  }
}
