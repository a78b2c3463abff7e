import type { DataMode } from '../hubspot/data-mode';
import type { QualificationResult } from '../qualification/qualify';
import type { Contribution } from '../qualification/scoring';

/** How many contributions carequal_reasons shows: enough to explain, short enough to read. */
export const MAX_REASONS_SHOWN = 5;
const MINUS = '\u2212';

/** "+25 consultation requested" / "−10 timeline over 6 months" (a real minus sign). */
export function formatContribution(points: number, reason: string): string {
  return `${points < 0 ? MINUS : '+'}${Math.abs(points)} ${reason}`;
}

/**
 * Every text CareQual writes into HubSpot about a result, in one place per data mode: the
 * entries of `carequal_reasons` and the follow-up task's subject and body. New wording (safety
 * categories, decision reasons) is added here, once for each mode, so that standard mode can
 * never leak a word the sensitive wording uses.
 */
export interface Wording {
  readonly mode: DataMode;
  /** The entries of `carequal_reasons` (joined with " · " by the caller). */
  reasons(result: QualificationResult): string[];
  /** A follow-up task's subject; `due` is the respond-by time already formatted for the practice. */
  taskSubject(prefix: string, result: QualificationResult, due: string): string;
  /** A follow-up task's body. */
  taskBody(result: QualificationResult): string;
}

/**
 * A reason's neutral code: the dimension's initial and a short FNV-1a hash of the rule id (rule
 * ids are the practice's own names, e.g. `offers_dermatology`, so they are not shown either).
 * The console lists each code beside the rule's own words.
 */
export function reasonCode(c: Pick<Contribution, 'dimension' | 'ruleId'>): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < c.ruleId.length; i++) hash = Math.imul(hash ^ c.ruleId.charCodeAt(i), 0x01000193);
  return `${c.dimension.charAt(0).toUpperCase()}-${(hash >>> 0).toString(16).padStart(8, '0').slice(0, 4)}`;
}

const outcomeWords = (result: QualificationResult): string => `Score ${result.score} (${result.band}), ${result.outcome.replace('_', '-')}.`;
const subject = (prefix: string, result: QualificationResult, due: string): string => `${prefix} ${result.band}-priority inquiry — respond by ${due}`;

/** Sensitive mode: the practice's own reason texts (filled from practice data, never the contact's text). */
export const SENSITIVE_WORDING: Wording = {
  mode: 'sensitive',
  reasons(result) {
    const reasons = result.contributions.slice(0, MAX_REASONS_SHOWN).map((c) => formatContribution(c.points, c.reason));
    if (result.safetyFlag) reasons.unshift('flagged for clinical review');
    return reasons;
  },
  taskSubject: subject,
  taskBody(result) {
    const reasons = result.contributions.slice(0, 3).map((c) => c.reason);
    return `${outcomeWords(result)}${reasons.length ? ` Top reasons: ${reasons.join('; ')}.` : ''}`;
  },
};

/**
 * Standard mode: points, dimensions and neutral codes only — no service line, condition,
 * location or payer word, since the portal's HubSpot holds no Sensitive Data protections (and
 * HubSpot's BAA covers Sensitive Data only).
 */
export const STANDARD_WORDING: Wording = {
  mode: 'standard',
  reasons(result) {
    const reasons = result.contributions.slice(0, MAX_REASONS_SHOWN).map((c) => formatContribution(c.points, `${c.dimension} ${reasonCode(c)}`));
    if (result.safetyFlag) reasons.unshift('flagged for priority review');
    return reasons;
  },
  taskSubject: subject,
  taskBody(result) {
    const codes = result.contributions.slice(0, 3).map(reasonCode);
    return `${outcomeWords(result)}${codes.length ? ` Reason codes: ${codes.join(', ')} (see the CareQual console).` : ''}`;
  },
};

/** The wording of a data mode. */
export function wordingFor(mode: DataMode): Wording {
  return mode === 'sensitive' ? SENSITIVE_WORDING : STANDARD_WORDING;
}
