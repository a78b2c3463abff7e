import { codeWords as label, type Route } from '../criteria/vocabulary';
import type { DataMode } from './data-mode';
import type { QualificationResult } from '../qualification/qualify';
import type { Contribution } from '../qualification/scoring';
import { describeSafetyCategory, formatSafetyReason } from '../safety';

const MINUS = '\u2212';

/** "+25 consultation requested" / "−10 timeline over 6 months" (a real minus sign). */
export function formatContribution(points: number, reason: string): string {
  return `${points < 0 ? MINUS : '+'}${Math.abs(points)} ${reason}`;
}

/** Every follow-up task CareQual creates has a subject starting with this (to find it again). */
export const FOLLOW_UP_SUBJECT_PREFIX = 'CareQual:';

/** HubSpot task priorities CareQual sets. */
export type TaskPriority = 'HIGH' | 'MEDIUM' | 'LOW';

/** Leads the reasons of an inquiry whose only emergency mentions were negated or past. */
export const HEDGED_SAFETY_REASON = 'mentions an emergency, negated or past: a person reviews it';

/**
 * Every text CareQual writes into HubSpot about a result, in one place per data mode: the
 * entries of `carequal_reasons`, `carequal_why`, and the follow-up task's subject and body. New
 * wording is added here, once for each mode, so that standard mode can never leak a word the
 * sensitive wording uses.
 */
export interface Wording {
  readonly mode: DataMode;
  /**
   * The entries of `carequal_reasons` in deciding order: a possible emergency first, then stops
   * ("stopped: no consent to contact"), then every negative contribution, then the positives,
   * largest first (joined and cut to HubSpot's property size by the caller).
   */
  reasons(result: QualificationResult): string[];
  /** `carequal_why`: one line a coordinator can read aloud. */
  why(result: QualificationResult): string;
  /** A follow-up task's subject and body; `dueAt` is shown in the practice's time zone. */
  task(result: QualificationResult, priority: TaskPriority, dueAt: Date, timeZone: string): { subject: string; body: string };
  /** Subject of a task completed because the lead no longer needs a call for this inquiry. */
  closedTaskSubject(result: QualificationResult): string;
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

/** What intake does next, per route, in task wording (neutral in both modes). */
const TASK_ACTIONS: Readonly<Record<Route, string>> = {
  intake_call_now: 'Call now',
  schedule_consult: 'Call to schedule a consult',
  clinical_review: 'Review first, before any outreach',
  nurture_sequence: 'No call needed now (nurture)',
  refer_out: 'Refer out',
  no_outreach: 'No outreach',
  request_missing_info: 'Call to ask for the missing information',
};

function isHedgedReview(result: QualificationResult): boolean {
  return !result.safetyFlag && result.route === 'clinical_review' && result.safety.hedged.length > 0;
}

/** Reasons in deciding order, each contribution worded by `describe`. */
function orderedReasons(result: QualificationResult, safetyLine: string | undefined, describe: (c: Contribution) => string): string[] {
  const parts: string[] = safetyLine ? [safetyLine] : [];
  for (const code of result.disqualificationReasons) parts.push(`stopped: ${label(code)}`);
  for (const c of result.contributions) if (c.points < 0) parts.push(formatContribution(c.points, describe(c)));
  for (const c of result.contributions) if (c.points > 0) parts.push(formatContribution(c.points, describe(c)));
  return parts;
}

function formatDue(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}

function routineSubject(result: QualificationResult, priority: TaskPriority, dueAt: Date, timeZone: string): string {
  return `${FOLLOW_UP_SUBJECT_PREFIX} ${TASK_ACTIONS[result.route]} — ${priority.toLowerCase()} priority — respond by ${formatDue(dueAt, timeZone)}`;
}

const closedTaskSubject = (result: QualificationResult): string => `${FOLLOW_UP_SUBJECT_PREFIX} closed — re-scored, now ${TASK_ACTIONS[result.route].toLowerCase()}`;

const SAFETY_TASK_BODY = 'CareQual found words that may describe an emergency in this inquiry. CareQual makes no clinical judgement: a clinician should read the inquiry and contact the patient now.';

/** Sensitive mode: the practice's own reason texts (filled from practice data, never the contact's text) and the safety category. */
export const SENSITIVE_WORDING: Wording = {
  mode: 'sensitive',
  reasons(result) {
    const safetyLine = result.safetyFlag ? formatSafetyReason(result.safety.matches) : isHedgedReview(result) ? HEDGED_SAFETY_REASON : undefined;
    return orderedReasons(result, safetyLine, (c) => c.reason);
  },
  why: (result) => result.why,
  task(result, priority, dueAt, timeZone) {
    if (result.safetyFlag) {
      // Names the category (worded by describeSafetyCategory, the one place that words it) and quotes nothing the patient wrote.
      const categories = result.safety.matches.map((m) => describeSafetyCategory(m.category)).join(', ');
      return { subject: `${FOLLOW_UP_SUBJECT_PREFIX} urgent — possible emergency (${categories}) — review now`, body: SAFETY_TASK_BODY };
    }
    const reasons = result.contributions.slice(0, 3).map((c) => c.reason);
    return {
      subject: routineSubject(result, priority, dueAt, timeZone),
      body: `Next step: ${TASK_ACTIONS[result.route]}. ${reasons.length ? `Top reasons: ${reasons.join('; ')}.` : ''}`.trim(),
    };
  },
  closedTaskSubject,
};

/**
 * Standard mode: points, dimensions and neutral codes only — no service line, condition,
 * location or payer word, since the portal's HubSpot holds no Sensitive Data protections (and
 * HubSpot's BAA covers Sensitive Data only).
 */
export const STANDARD_WORDING: Wording = {
  mode: 'standard',
  reasons(result) {
    const safetyLine = result.safetyFlag || isHedgedReview(result) ? 'flagged for priority review' : undefined;
    return orderedReasons(result, safetyLine, (c) => `${c.dimension} ${reasonCode(c)}`);
  },
  why(result) {
    if (result.outcome === 'disqualified') return `Disqualified: ${result.disqualificationReasons.map(label).join(', ')}.`;
    if (result.route === 'clinical_review') return 'Needs review: a person reviews this inquiry before any outreach.';
    if (result.route === 'request_missing_info') return `Needs review: ask for ${result.missingInfo.map(label).join(', ')} first.`;
    return `${TASK_ACTIONS[result.route]}: score ${result.score}, ${result.band} band.`;
  },
  task(result, priority, dueAt, timeZone) {
    if (result.safetyFlag) return { subject: `${FOLLOW_UP_SUBJECT_PREFIX} urgent — priority review — review now`, body: 'A person should read this inquiry and contact the patient now (see the CareQual console).' };
    const codes = result.contributions.slice(0, 3).map(reasonCode);
    return {
      subject: routineSubject(result, priority, dueAt, timeZone),
      body: `Next step: ${TASK_ACTIONS[result.route]}. Score ${result.score} (${result.band}).${codes.length ? ` Reason codes: ${codes.join(', ')} (see the CareQual console).` : ''}`,
    };
  },
  closedTaskSubject,
};

/** The wording of a data mode. */
export function wordingFor(mode: DataMode): Wording {
  return mode === 'sensitive' ? SENSITIVE_WORDING : STANDARD_WORDING;
}
