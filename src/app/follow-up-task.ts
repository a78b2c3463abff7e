import { compileCriteria, describeSafetyCategory, isWithinBusinessHours, type Criteria, type QualificationResult } from '../core';

/** HubSpot's task priorities; HIGH is the highest it has. */
export type TaskPriority = 'LOW' | 'MEDIUM' | 'HIGH';

/** Outcomes that get a follow-up task in the intake queue (a safety flag always does). */
const TASK_OUTCOMES = new Set<QualificationResult['outcome']>(['care_ready']);

/** True when the inquiry gets a task: a care-ready lead, or any safety-flagged inquiry whatever its outcome. */
export function needsFollowUpTask(result: QualificationResult): boolean {
  return result.safetyFlag || TASK_OUTCOMES.has(result.outcome);
}

/** The parts of a task that depend on why it exists; the caller adds the contact and the owner's turn. */
export interface FollowUpTaskPlan {
  subject: string;
  body: string;
  priority: TaskPriority;
  dueAt: Date;
  /** Owners to assign in turn (empty: unassigned). */
  ownerPool: readonly string[];
}

/**
 * What a task says, how urgent it is and who may get it. A safety-flagged inquiry's task names the
 * category (worded by `describeSafetyCategory`, the one place that words it) and quotes nothing
 * the patient wrote, is HIGH priority, goes to the clinical reviewers — or, outside business
 * hours, to the after-hours owner, due within the safety SLA on the calendar clock.
 */
export function planFollowUpTask(result: QualificationResult, criteria: Criteria, now: Date, prefix: string): FollowUpTaskPlan {
  const followUp = criteria.followUp;
  const intakeOwners = followUp?.ownerIds ?? [];
  if (result.safetyFlag) {
    const categories = result.safety.matches.map((m) => describeSafetyCategory(m.category)).join(', ');
    const afterHours = followUp?.afterHoursOwnerId !== undefined && !isWithinBusinessHours(now, compileCriteria(criteria).clock);
    return {
      subject: `${prefix} urgent — possible emergency (${categories}) — review now`,
      body: 'CareQual found words that may describe an emergency in this inquiry. CareQual makes no clinical judgement: a clinician should read the inquiry and contact the patient now.',
      priority: 'HIGH',
      dueAt: afterHours ? new Date(now.getTime() + criteria.safety.slaMinutes * 60_000) : (result.respondBy ?? now),
      ownerPool: afterHours ? [followUp.afterHoursOwnerId as string] : (followUp?.clinicalReviewerIds?.length ? followUp.clinicalReviewerIds : intakeOwners),
    };
  }
  return {
    subject: `${prefix} ${result.band}-priority inquiry — respond by ${formatDue(result.respondBy, criteria.businessHours.timeZone)}`,
    body: `Score ${result.score} (${result.band}), ${result.outcome.replace('_', '-')}. ${topReasons(result)}`,
    priority: 'HIGH',
    dueAt: result.respondBy ?? now,
    ownerPool: intakeOwners,
  };
}

function topReasons(result: QualificationResult): string {
  const reasons = result.contributions.slice(0, 3).map((c) => c.reason);
  return reasons.length ? `Top reasons: ${reasons.join('; ')}.` : '';
}

function formatDue(at: Date | null, timeZone: string): string {
  if (!at) return 'today';
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}
