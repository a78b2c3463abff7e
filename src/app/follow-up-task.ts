import { compileCriteria, isWithinBusinessHours, type Criteria, type QualificationResult } from '../core';

/** Who a new follow-up task goes to, and its due time when that differs from the respond-by. */
export interface FollowUpAssignment {
  /** Owners to assign in turn (empty: unassigned). */
  ownerPool: readonly string[];
  /** Set when the task is due earlier than the contact's respond-by (after-hours safety review). */
  dueAt?: Date;
}

/**
 * Who gets a new task. A safety-flagged inquiry goes to the clinical reviewers — or, outside
 * business hours, to the after-hours owner, due within the safety SLA on the calendar clock, so a
 * flag at 22:10 on Saturday does not wait for Monday. Everything else goes to the intake owners.
 */
export function assignFollowUp(result: QualificationResult, criteria: Criteria, now: Date): FollowUpAssignment {
  const followUp = criteria.followUp;
  const intakeOwners = followUp?.ownerIds ?? [];
  if (!result.safetyFlag) return { ownerPool: intakeOwners };
  const afterHoursOwner = followUp?.afterHoursOwnerId;
  if (afterHoursOwner !== undefined && !isWithinBusinessHours(now, compileCriteria(criteria).clock)) {
    return { ownerPool: [afterHoursOwner], dueAt: new Date(now.getTime() + criteria.safety.slaMinutes * 60_000) };
  }
  return { ownerPool: followUp?.clinicalReviewerIds?.length ? followUp.clinicalReviewerIds : intakeOwners };
}
