import type { ContactId, TenantId } from './ports/ids';
import { FOLLOW_UP_SUBJECT_PREFIX, isInquiryTooOld, type Inquiry, type QualificationResult, type Wording } from '../core';
import { AppError, isAppError } from './errors';
import { assignFollowUp } from './follow-up-task';
import type { AuditActor, AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { ContactSnapshot, FollowUpPriority, FollowUpTaskChange, FollowUpTaskInput, CrmGateway } from './ports/crm-gateway.port';
import type { CallBudget, FollowUpTaskState, FollowUpTaskStore, RecordedFollowUp } from './ports/pipeline.port';
import type { PublishedCriteria } from './ports/tenancy.port';

/**
 * A follow-up claim without a recorded task this old belongs to a worker that died between
 * claiming and recording (kill -9, lost host): longer than any live claim→create→record takes
 * (the task call is sent once, with a 10 s timeout), and longer than the 10 s job lock after
 * which the dead worker's job runs again elsewhere. The default of the FOLLOW_UP_CLAIM_LEASE_MS
 * setting, which the worker passes in (tests shorten it).
 */
export const FOLLOW_UP_CLAIM_LEASE_MS = 20_000;

/** Re-scores of inquiries older than this create no task (criteria `followUp.maxInquiryAgeDays`). */
export const DEFAULT_FOLLOW_UP_MAX_AGE_DAYS = 14;

/** One scored contact as the follow-up step sees it: the respond-by is the one HubSpot now holds. */
export interface FollowUpCandidate {
  contact: ContactSnapshot;
  result: QualificationResult;
  inquiry: Inquiry;
  respondBy: Date | null;
}

/** Reserved HubSpot calls not made yet; spent just before each call. */
export interface CallsLeft { left: number }

/** The published criteria and the wording of the portal's data mode. */
export type WordedCriteria = PublishedCriteria & { wording: Wording };

export interface FollowUpRun {
  portalId: TenantId;
  jobId: string;
  published: WordedCriteria;
  actor: AuditActor;
  calls: CallsLeft;
  now: Date;
  deps: { crm: CrmGateway; budget: CallBudget; followUps: FollowUpTaskStore; audit: AuditLog; followUpClaimLeaseMs?: number };
}

export interface FollowUpCounts { created: number; updated: number; completed: number }

/** Task priority from the result: reviewed-first inquiries and the high band are HIGH. */
export function followUpPriority(result: QualificationResult): FollowUpPriority {
  if (result.route === 'clinical_review' || result.safetyFlag) return 'HIGH';
  return result.band === 'high' ? 'HIGH' : result.band === 'medium' ? 'MEDIUM' : 'LOW';
}

/** Care-ready leads and inquiries a person must review first get a task in the intake queue. */
export function needsFollowUpTask(result: QualificationResult): boolean {
  return result.outcome === 'care_ready' || result.route === 'clinical_review';
}

/**
 * Keeps HubSpot's follow-up tasks true to the latest scoring, one open task per contact and
 * inquiry (DESIGN.md §4): a contact with an open CareQual task gets that task updated (subject,
 * priority, due; moved to the newer inquiry on a re-submission) or completed when it no longer
 * needs a call; one without gets a task created, unless its inquiry is older than the follow-up
 * age (a re-score of old leads must not flood the queue). A task is never deleted and its owner
 * never changed.
 */
export async function syncFollowUps(run: FollowUpRun, items: readonly FollowUpCandidate[], latest: ReadonlyMap<string, RecordedFollowUp>): Promise<FollowUpCounts> {
  const maxAgeDays = run.published.criteria.followUp?.maxInquiryAgeDays ?? DEFAULT_FOLLOW_UP_MAX_AGE_DAYS;
  const changes: PlannedChange[] = [];
  const toCreate: FollowUpCandidate[] = [];
  for (const item of items) {
    const wanted = needsFollowUpTask(item.result);
    const recorded = latest.get(item.contact.id);
    const usable = recorded && (recorded.open || recorded.inquiryKey === item.inquiry.key) ? recorded : undefined;
    if (usable) {
      const change = planChange(run, item, usable, wanted);
      if (change) changes.push(change);
    } else if (wanted && (item.result.route === 'clinical_review' || !isInquiryTooOld(item.inquiry, run.now, maxAgeDays))) {
      toCreate.push(item);
    }
  }
  const created = await createFollowUps(run, toCreate);
  const { updated, completed } = await applyChanges(run, changes);
  return { created, updated, completed };
}

interface PlannedChange { item: FollowUpCandidate; recorded: RecordedFollowUp; change: FollowUpTaskChange; state: FollowUpTaskState }

function stateOf(run: FollowUpRun, item: FollowUpCandidate, open: boolean): FollowUpTaskState {
  return { band: item.result.band, route: item.result.route, priority: followUpPriority(item.result), dueAt: item.respondBy ?? run.now, open };
}

function sameState(a: FollowUpTaskState, b: FollowUpTaskState): boolean {
  return a.band === b.band && a.route === b.route && a.priority === b.priority && a.dueAt.getTime() === b.dueAt.getTime() && a.open === b.open;
}

/** What to send to an existing task, or nothing when it already says what the result says. */
function planChange(run: FollowUpRun, item: FollowUpCandidate, recorded: RecordedFollowUp, wanted: boolean): PlannedChange | undefined {
  if (!wanted) {
    if (!recorded.open) return undefined;
    const state = { ...recorded, open: false };
    return { item, recorded, state, change: { taskId: recorded.taskId, subject: run.published.wording.closedTaskSubject(item.result), priority: recorded.priority, dueAt: recorded.dueAt, status: 'COMPLETED' } };
  }
  const state = stateOf(run, item, true);
  if (sameState(recorded, state) && recorded.inquiryKey === item.inquiry.key) return undefined;
  const { subject } = run.published.wording.task(item.result, state.priority, state.dueAt, run.published.criteria.businessHours.timeZone);
  return { item, recorded, state, change: { taskId: recorded.taskId, subject, priority: state.priority, dueAt: state.dueAt, ...(recorded.open ? {} : { status: 'NOT_STARTED' as const }) } };
}

async function applyChanges(run: FollowUpRun, planned: PlannedChange[]): Promise<{ updated: number; completed: number }> {
  if (!planned.length) return { updated: 0, completed: 0 };
  await spendCall(run);
  const done = await run.deps.crm.updateFollowUpTasks(run.portalId, planned.map((p) => p.change));
  let updated = 0;
  let completed = 0;
  const entries: AuditEntryInput[] = [];
  for (const p of planned) {
    if (!done.has(p.change.taskId)) continue;
    await run.deps.followUps.recordUpdated(run.portalId, p.item.contact.id, p.recorded.inquiryKey, p.item.inquiry.key, p.state);
    if (p.state.open) updated++;
    else completed++;
    entries.push(taskEntry(run, p.state.open ? 'task.updated' : 'task.completed', p.item.contact.id));
  }
  await run.deps.audit.append(entries);
  return { updated, completed };
}

async function spendCall(run: FollowUpRun): Promise<void> {
  if (run.calls.left > 0) run.calls.left--;
  else await run.deps.budget.reserve(run.portalId, 1);
}

async function createFollowUps(run: FollowUpRun, due: FollowUpCandidate[]): Promise<number> {
  const claimed: FollowUpCandidate[] = [];
  const reclaimed: FollowUpCandidate[] = [];
  let pendingForMs = 0;
  for (const item of due) {
    if (await run.deps.followUps.claim(run.portalId, item.contact.id, item.inquiry.key)) claimed.push(item);
    else {
      const state = await run.deps.followUps.reclaimIfStale(run.portalId, item.contact.id, item.inquiry.key, run.deps.followUpClaimLeaseMs ?? FOLLOW_UP_CLAIM_LEASE_MS);
      if (state === 'reclaimed') reclaimed.push(item);
      else if (state !== 'done') pendingForMs = Math.max(pendingForMs, state.pendingForMs);
    }
  }
  const unresolved = await recoverInterruptedTasks(run, reclaimed);
  const created = await createTasks(run, [...claimed, ...unresolved]);
  // Another run holds a claim and has not recorded its task: if that run died, its claim
  // becomes stale after the lease, so this job comes back then (delayed, not failed) to take it over.
  if (pendingForMs > 0) {
    throw new AppError('followup.claim_pending', 'a follow-up task of this job is being created by another run', { retryable: true, retryAfterMs: pendingForMs });
  }
  return created;
}

/**
 * Claims taken over from a run that died after claiming: its task may exist in HubSpot (the
 * answer was lost) or not (the call never went out). HubSpot is asked; a task found is recorded,
 * the others are returned, to be created as usual.
 */
async function recoverInterruptedTasks(run: FollowUpRun, reclaimed: FollowUpCandidate[]): Promise<FollowUpCandidate[]> {
  if (!reclaimed.length) return [];
  for (let calls = reclaimed.length + 1; calls > 0; calls -= 50) await run.deps.budget.reserve(run.portalId, Math.min(calls, 50));
  const existing = await run.deps.crm.findFollowUpTasks(run.portalId, reclaimed.map((r) => r.contact.id), FOLLOW_UP_SUBJECT_PREFIX);
  for (const item of reclaimed) {
    const taskId = existing.get(item.contact.id);
    if (taskId) await run.deps.followUps.recordCreated(run.portalId, item.contact.id, item.inquiry.key, taskId, undefined, stateOf(run, item, true));
  }
  return reclaimed.filter((r) => !existing.has(r.contact.id));
}

async function createTasks(run: FollowUpRun, claimed: FollowUpCandidate[]): Promise<number> {
  if (!claimed.length) return 0;
  const timeZone = run.published.criteria.businessHours.timeZone;
  const tasks: (FollowUpTaskInput & { item: FollowUpCandidate; state: FollowUpTaskState })[] = [];
  for (const item of claimed) {
    const assignment = assignFollowUp(item.result, run.published.criteria, run.now);
    const state = { ...stateOf(run, item, true), ...(assignment.dueAt ? { dueAt: assignment.dueAt } : {}) };
    const wording = run.published.wording.task(item.result, state.priority, state.dueAt, timeZone);
    tasks.push({ item, state, contactId: item.contact.id, ...wording, dueAt: state.dueAt, priority: state.priority, ownerId: await run.deps.followUps.nextOwner(run.portalId, assignment.ownerPool) });
  }
  try {
    await spendCall(run);
    const created = await run.deps.crm.createFollowUpTasks(run.portalId, tasks.map(({ item: _item, state: _state, ...task }) => task));
    for (const task of tasks) {
      const taskId = created.get(task.contactId);
      if (taskId) await run.deps.followUps.recordCreated(run.portalId, task.contactId, task.item.inquiry.key, taskId, task.ownerId, task.state);
    }
    await run.deps.audit.append(tasks.filter((t) => created.has(t.contactId)).map((t) => taskEntry(run, 'task.created', t.contactId)));
    return created.size;
  } catch (error) {
    // HubSpot answered with a refusal: nothing was created, so the claims go back for the retry.
    // No answer (timeout, dropped connection) or a 5xx: the tasks may exist, so the claims stay
    // and, once their lease runs out, a retry asks HubSpot before creating anything.
    if (!isOutcomeUnknown(error)) for (const task of tasks) await run.deps.followUps.release(run.portalId, task.contactId, task.item.inquiry.key);
    throw error;
  }
}

/** Errors after which a create call may or may not have taken effect (no answer, or a 5xx). */
const OUTCOME_UNKNOWN_CODES = new Set(['hubspot.unavailable']);

function isOutcomeUnknown(error: unknown): boolean {
  return isAppError(error) && OUTCOME_UNKNOWN_CODES.has(error.code);
}

function taskEntry(run: FollowUpRun, action: AuditEntryInput['action'], contactId: ContactId): AuditEntryInput {
  return { portalId: run.portalId, action, actor: run.actor, objectType: 'contact', objectId: contactId, outcome: 'success', jobId: run.jobId, criteriaVersion: run.published.hash };
}
