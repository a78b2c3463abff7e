import { qualifyContact, requiredContactProperties, toCarequalPropertyValues, wordingFor, type Criteria, type QualificationResult, type Wording } from '../core';
import { AppError, isAppError } from './errors';
import type { AuditActor, AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { Clock } from './ports/clock.port';
import type { ContactSnapshot, ContactUpdate, HubSpotCrm } from './ports/hubspot-crm.port';
import type { CallBudget, FollowUpTaskStore, RecheckScheduler } from './ports/pipeline.port';
import type { InstallationDirectory, PublishedCriteria, PublishedCriteriaReader } from './ports/tenancy.port';

/**
 * Properties whose value follows from the moment of scoring rather than from the contact: a
 * re-qualification that changes none of the *other* carequal_* values writes nothing, so the
 * respond-by clock an intake coordinator sees does not move under them.
 */
const TIME_DERIVED = new Set(['carequal_scored_at', 'carequal_respond_by', 'carequal_recheck_at']);

/**
 * A follow-up claim without a recorded task this old belongs to a worker that died between
 * claiming and recording (kill -9, lost host): longer than any live claim→create→record takes
 * (the task call is sent once, with a 10 s timeout), and longer than the 10 s job lock after
 * which the dead worker's job runs again elsewhere.
 */
export const FOLLOW_UP_CLAIM_LEASE_MS = 20_000;

/** Every follow-up task CareQual creates has a subject starting with this (to find it again). */
export const FOLLOW_UP_SUBJECT_PREFIX = 'CareQual:';

/** Outcomes that get a follow-up task in the intake queue. */
const TASK_OUTCOMES = new Set<QualificationResult['outcome']>(['care_ready']);

export interface QualifyDeps {
  installations: InstallationDirectory;
  criteria: PublishedCriteriaReader;
  crm: HubSpotCrm;
  budget: CallBudget;
  followUps: FollowUpTaskStore;
  rechecks: RecheckScheduler;
  audit: AuditLog;
  clock: Clock;
}

export interface QualifyRequest {
  portalId: number;
  contactIds: readonly string[];
  jobId: string;
}

/** What one job did, in counts and ids (never values): returned to the worker for logs and metrics. */
export interface QualifyOutcome {
  skipped?: 'portal_not_active' | 'no_published_criteria';
  read: number;
  missing: string[];
  unchanged: number;
  written: string[];
  failed: { id: string; code: string }[];
  tasksCreated: number;
  outcomes: Partial<Record<QualificationResult['outcome'], number>>;
  criteriaVersion?: number;
}

/**
 * Qualifies ≤100 contacts of one portal: one batch read of the minimum properties, pure
 * scoring, one batch update of only the contacts whose CareQual values changed, follow-up
 * tasks for care-ready leads, re-checks for not-now leads, and audit entries for each step.
 * Re-running it for the same contacts is safe (a crashed job is retried by the queue): the
 * re-read sees what was written, so nothing is written twice and no second task is created.
 */
export async function qualifyContacts(req: QualifyRequest, deps: QualifyDeps): Promise<QualifyOutcome> {
  const outcome: QualifyOutcome = { read: 0, missing: [], unchanged: 0, written: [], failed: [], tasksCreated: 0, outcomes: {} };
  if ((await deps.installations.tryGetStatus(req.portalId)) !== 'active') return { ...outcome, skipped: 'portal_not_active' };
  const found = await deps.criteria.tryGetPublished(req.portalId);
  if (!found) return { ...outcome, skipped: 'no_published_criteria' };
  // Standard unless the installation says otherwise: never reveal more than the portal protects.
  const published: WordedCriteria = { ...found, wording: wordingFor((await deps.installations.tryGetDataMode?.(req.portalId)) ?? 'standard') };
  outcome.criteriaVersion = published.version;

  // The whole run's calls are reserved up front and the unused ones given back at the end: a job
  // that ran out of budget half-way would be delayed and re-run, paying its batch read twice.
  await deps.budget.reserve(req.portalId, JOB_CALLS);
  const calls: CallsLeft = { left: JOB_CALLS };
  try {
    return await runQualification(req, published, outcome, calls, deps);
  } finally {
    await deps.budget.refund(req.portalId, calls.left);
  }
}

/** The calls one job makes at most: the batch read, the batch update, the follow-up task batch. */
const JOB_CALLS = 3;

/** The published criteria and the wording of the portal's data mode. */
type WordedCriteria = PublishedCriteria & { wording: Wording };

/** Reserved calls not made yet; spent just before each call. */
interface CallsLeft { left: number }

async function runQualification(req: QualifyRequest, published: WordedCriteria, outcome: QualifyOutcome, calls: CallsLeft, deps: QualifyDeps): Promise<QualifyOutcome> {
  const actor: AuditActor = { kind: 'system', role: 'worker', jobId: req.jobId };
  const readNames = propertiesToRead(published.criteria);
  calls.left--;
  const { found, missingIds } = await deps.crm.batchReadContacts(req.portalId, dedupe(req.contactIds), readNames);
  outcome.read = found.length;
  outcome.missing = missingIds;
  await deps.audit.append(found.map((c) => entry(req, actor, 'contact.read', c.id, { propertyNames: readNames })));

  const now = deps.clock.now();
  const scored = found.map((contact) => ({ contact, result: qualifyContact(contact.properties, published.criteria, now) }));
  const updates: ContactUpdate[] = [];
  for (const { contact, result } of scored) {
    outcome.outcomes[result.outcome] = (outcome.outcomes[result.outcome] ?? 0) + 1;
    const values = toCarequalPropertyValues(result, now, published.wording);
    if (isUnchanged(contact, values)) outcome.unchanged++;
    else updates.push({ id: contact.id, properties: values });
  }
  await deps.audit.append(scored.map(({ contact }) => entry(req, actor, 'contact.qualified', contact.id, { criteriaVersion: published.hash })));

  if (updates.length) {
    calls.left--;
    const write = await deps.crm.batchUpdateContacts(req.portalId, updates);
    outcome.written = write.writtenIds;
    outcome.failed = write.failed.map((f) => ({ id: f.id, code: f.code }));
    const names = Object.keys(updates[0]!.properties).sort();
    await deps.audit.append([
      ...write.writtenIds.map((id) => entry(req, actor, 'contact.written', id, { propertyNames: names, criteriaVersion: published.hash })),
      ...write.failed.map((f) =>
        entry(req, actor, 'contact.written', f.id, { propertyNames: names, criteriaVersion: published.hash, outcome: 'failure', errorCode: f.code }),
      ),
    ]);
  }

  const written = new Set(outcome.written);
  const current = scored.filter(({ contact }) => written.has(contact.id) || !updates.some((u) => u.id === contact.id));
  outcome.tasksCreated = await createFollowUps(req, published, current, actor, calls, deps);
  await scheduleRechecks(req.portalId, current, deps);
  return outcome;
}

/** The criteria's inputs plus CareQual's own outputs (to tell whether anything changed). */
function propertiesToRead(criteria: Criteria): string[] {
  return [...new Set([...requiredContactProperties(criteria), ...CAREQUAL_OUTPUT_NAMES])].sort();
}

const CAREQUAL_OUTPUT_NAMES = [
  'carequal_score', 'carequal_fit_score', 'carequal_intent_score', 'carequal_readiness_score', 'carequal_band',
  'carequal_outcome', 'carequal_route', 'carequal_disqualification_reasons', 'carequal_reasons', 'carequal_missing_info',
  'carequal_respond_by', 'carequal_recheck_at', 'carequal_rules_version', 'carequal_scored_at',
];

function isUnchanged(contact: ContactSnapshot, values: Record<string, string>): boolean {
  return Object.entries(values).every(([name, value]) => TIME_DERIVED.has(name) || (contact.properties[name] ?? '') === value);
}

async function createFollowUps(
  req: QualifyRequest,
  published: WordedCriteria,
  scored: { contact: ContactSnapshot; result: QualificationResult }[],
  actor: AuditActor,
  calls: CallsLeft,
  deps: QualifyDeps,
): Promise<number> {
  const due = scored.filter(({ result }) => TASK_OUTCOMES.has(result.outcome));
  const claimed: typeof due = [];
  const reclaimed: typeof due = [];
  let pendingForMs = 0;
  for (const item of due) {
    if (await deps.followUps.claim(req.portalId, item.contact.id, published.hash)) claimed.push(item);
    else {
      const state = await deps.followUps.reclaimIfStale(req.portalId, item.contact.id, published.hash, FOLLOW_UP_CLAIM_LEASE_MS);
      if (state === 'reclaimed') reclaimed.push(item);
      else if (state !== 'done') pendingForMs = Math.max(pendingForMs, state.pendingForMs);
    }
  }
  const unresolved = await recoverInterruptedTasks(req, published, reclaimed, deps);
  const created = await createTasks(req, published, [...claimed, ...unresolved], actor, calls, deps);
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
async function recoverInterruptedTasks<T extends { contact: ContactSnapshot }>(req: QualifyRequest, published: PublishedCriteria, reclaimed: T[], deps: QualifyDeps): Promise<T[]> {
  if (!reclaimed.length) return [];
  for (let calls = reclaimed.length + 1; calls > 0; calls -= 50) await deps.budget.reserve(req.portalId, Math.min(calls, 50));
  const existing = await deps.crm.findFollowUpTasks(req.portalId, reclaimed.map((r) => r.contact.id), FOLLOW_UP_SUBJECT_PREFIX);
  for (const [contactId, taskId] of existing) await deps.followUps.recordCreated(req.portalId, contactId, published.hash, taskId, undefined);
  return reclaimed.filter((r) => !existing.has(r.contact.id));
}

async function createTasks(
  req: QualifyRequest,
  published: WordedCriteria,
  claimed: { contact: ContactSnapshot; result: QualificationResult }[],
  actor: AuditActor,
  calls: CallsLeft,
  deps: QualifyDeps,
): Promise<number> {
  if (!claimed.length) return 0;
  const ownerIds = published.criteria.followUp?.ownerIds ?? [];
  const tasks = [];
  for (const { contact, result } of claimed) {
    tasks.push({
      contactId: contact.id,
      subject: published.wording.taskSubject(FOLLOW_UP_SUBJECT_PREFIX, result, formatDue(result.respondBy, published.criteria.businessHours.timeZone)),
      body: published.wording.taskBody(result),
      dueAt: result.respondBy ?? deps.clock.now(),
      ownerId: await deps.followUps.nextOwner(req.portalId, ownerIds),
    });
  }
  try {
    if (calls.left > 0) calls.left--;
    else await deps.budget.reserve(req.portalId, 1);
    const created = await deps.crm.createFollowUpTasks(req.portalId, tasks);
    for (const task of tasks) {
      const taskId = created.get(task.contactId);
      if (taskId) await deps.followUps.recordCreated(req.portalId, task.contactId, published.hash, taskId, task.ownerId);
    }
    await deps.audit.append(tasks.filter((t) => created.has(t.contactId)).map((t) => entry(req, actor, 'task.created', t.contactId, { criteriaVersion: published.hash })));
    return created.size;
  } catch (error) {
    // HubSpot answered with a refusal: nothing was created, so the claims go back for the retry.
    // No answer (timeout, dropped connection) or a 5xx: the tasks may exist, so the claims stay
    // and, once their lease runs out, a retry asks HubSpot before creating anything.
    if (!isOutcomeUnknown(error)) for (const task of tasks) await deps.followUps.release(req.portalId, task.contactId, published.hash);
    throw error;
  }
}

/** Errors after which a create call may or may not have taken effect (no answer, or a 5xx). */
const OUTCOME_UNKNOWN_CODES = new Set(['hubspot.unavailable']);

function isOutcomeUnknown(error: unknown): boolean {
  return isAppError(error) && OUTCOME_UNKNOWN_CODES.has(error.code);
}

async function scheduleRechecks(portalId: number, scored: { contact: ContactSnapshot; result: QualificationResult }[], deps: QualifyDeps): Promise<void> {
  for (const { contact, result } of scored) if (result.recheckAt) await deps.rechecks.scheduleRecheck(portalId, contact.id, result.recheckAt);
}

function formatDue(at: Date | null, timeZone: string): string {
  if (!at) return 'today';
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function entry(
  req: QualifyRequest,
  actor: AuditActor,
  action: AuditEntryInput['action'],
  contactId: string,
  extra: Partial<AuditEntryInput>,
): AuditEntryInput {
  return { portalId: req.portalId, action, actor, objectType: 'contact', objectId: contactId, outcome: 'success', jobId: req.jobId, ...extra };
}
