import type { ContactId, TenantId } from '../ports/ids';
import type { Band, Outcome, Route } from '../../core';
import { qualifyContacts, type QualifyDeps } from '../qualify-contacts';

/**
 * The two CareQual workflow actions. Both read the contact's current properties and qualify it
 * with the portal's published criteria; they differ in what a practice uses them for (and in the
 * job id the audit entries carry): "Qualify with CareQual" at enrolment, "Re-check now" later in
 * a workflow — after a delay or an intake update — when the practice wants a fresh decision.
 */
export const WORKFLOW_ACTION_KINDS = ['qualify', 'recheck'] as const;
export type WorkflowActionKind = (typeof WORKFLOW_ACTION_KINDS)[number];

/** One execution of an action for one enrolled contact, as HubSpot identifies it. */
export interface WorkflowActionRequest {
  kind: WorkflowActionKind;
  portalId: TenantId;
  contactId: ContactId;
  /** HubSpot's id of this execution: it names the audit entries' job, so they can be traced back. */
  callbackId: string;
}

/** What a workflow can branch on: codes, a number, a time and a flag — never contact values. */
export interface WorkflowActionOutputs {
  outcome: Outcome;
  band: Band;
  score: number;
  route: Route;
  respondBy: Date | null;
  safetyFlag: boolean;
}

/** Why an execution produced no decision (the workflow continues down its failure path). */
export type NotDecidedReason = 'portal_not_active' | 'no_published_criteria' | 'contact_not_found' | 'write_refused';

export type WorkflowActionResult =
  | { decided: true; outputs: WorkflowActionOutputs; written: boolean }
  | { decided: false; reason: NotDecidedReason };

/**
 * Qualifies the enrolled contact through the same use case the qualify worker runs — one batch
 * read, the core, one write if anything changed, follow-ups, re-checks, the same audit entries
 * and the same per-portal HubSpot budget — and returns the decision as workflow outputs.
 *
 * The budget is not waited for: when the portal's window is spent, `qualifyContacts` throws
 * AppError `hubspot.budget_exhausted` (retryable, `retryAfterMs`) before touching HubSpot, and
 * the caller answers HubSpot so that it retries later. A retried execution is safe: the re-read
 * sees what an earlier attempt wrote, so nothing is written twice.
 */
export async function runWorkflowAction(req: WorkflowActionRequest, deps: QualifyDeps): Promise<WorkflowActionResult> {
  const outcome = await qualifyContacts({ portalId: req.portalId, contactIds: [req.contactId], jobId: `workflow-${req.kind}:${req.callbackId}` }, deps);
  if (outcome.skipped) return { decided: false, reason: outcome.skipped };
  if (outcome.read === 0) return { decided: false, reason: 'contact_not_found' };
  const decided = outcome.decided.find((d) => d.contactId === req.contactId);
  // A merged contact resolves to its survivor: the one result read is this enrolment's.
  const only = decided ?? (outcome.decided.length === 1 && outcome.failed.length === 0 ? outcome.decided[0] : undefined);
  if (!only) return { decided: false, reason: 'write_refused' };
  const { result, respondBy } = only;
  return {
    decided: true,
    written: outcome.written.length > 0,
    outputs: { outcome: result.outcome, band: result.band, score: result.score, route: result.route, respondBy, safetyFlag: result.safetyFlag },
  };
}
