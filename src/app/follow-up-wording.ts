import { describeSafetyCategory, type QualificationResult, type Route } from '../core';
import type { FollowUpPriority } from './ports/hubspot-crm.port';

/**
 * Every word CareQual puts on a HubSpot follow-up task, in one place. Neutral on purpose: a task
 * says what to do and by when, never the patient's words or a condition (no clinical words, so
 * the same text is right in standard data mode).
 */

/** Every follow-up task CareQual creates has a subject starting with this (to find it again). */
export const FOLLOW_UP_SUBJECT_PREFIX = 'CareQual:';

/** What intake does next, per route, in task wording. */
const TASK_ACTIONS: Readonly<Record<Route, string>> = {
  intake_call_now: 'Call now',
  schedule_consult: 'Call to schedule a consult',
  clinical_review: 'Review first, before any outreach',
  nurture_sequence: 'No call needed now (nurture)',
  refer_out: 'Refer out',
  no_outreach: 'No outreach',
  request_missing_info: 'Call to ask for the missing information',
};

const PRIORITY_WORDS: Readonly<Record<FollowUpPriority, string>> = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' };

/** Task priority from the result: reviewed-first inquiries and the high band are HIGH. */
export function followUpPriority(result: QualificationResult): FollowUpPriority {
  if (result.route === 'clinical_review' || result.safetyFlag) return 'HIGH';
  return result.band === 'high' ? 'HIGH' : result.band === 'medium' ? 'MEDIUM' : 'LOW';
}

/** Subject and body of the open task for a result due at `dueAt` (practice time zone). */
export function describeFollowUpTask(result: QualificationResult, dueAt: Date, timeZone: string): { subject: string; body: string } {
  if (result.safetyFlag) return describeSafetyTask(result);
  const priority = followUpPriority(result);
  const subject = `${FOLLOW_UP_SUBJECT_PREFIX} ${TASK_ACTIONS[result.route]} — ${PRIORITY_WORDS[priority]} priority — respond by ${formatDue(dueAt, timeZone)}`;
  return { subject, body: `Next step: ${TASK_ACTIONS[result.route]}. ${whyLine(result)}` };
}

/** Subject of a task completed because the lead no longer needs a call for this inquiry. */
export function describeClosedFollowUp(result: QualificationResult): string {
  return `${FOLLOW_UP_SUBJECT_PREFIX} closed — re-scored, now ${TASK_ACTIONS[result.route].toLowerCase()}`;
}

function whyLine(result: QualificationResult): string {
  const reasons = result.contributions.slice(0, 3).map((c) => c.reason);
  return reasons.length ? `Top reasons: ${reasons.join('; ')}.` : '';
}

function formatDue(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}

/**
 * A safety-flagged inquiry's task names the category (worded by `describeSafetyCategory`, the one
 * place that words it) and quotes nothing the patient wrote.
 */
function describeSafetyTask(result: QualificationResult): { subject: string; body: string } {
  const categories = result.safety.matches.map((m) => describeSafetyCategory(m.category)).join(', ');
  return {
    subject: `${FOLLOW_UP_SUBJECT_PREFIX} urgent — possible emergency (${categories}) — review now`,
    body: 'CareQual found words that may describe an emergency in this inquiry. CareQual makes no clinical judgement: a clinician should read the inquiry and contact the patient now.',
  };
}
