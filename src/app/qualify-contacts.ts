import type { ContactId, TenantId } from './ports/ids';
import {
  holdPassedRespondBy, INQUIRY_DATE_PROPERTIES, qualifyContact, readInquiry, requiredContactProperties, wordingFor,
  type Criteria, type QualificationResult,
} from '../core';
import { syncFollowUps, type CallsLeft, type FollowUpCandidate, type WordedCriteria } from './follow-ups';
import type { AuditActor, AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { Clock } from './ports/clock.port';
import type { QualifyRequest } from './ports/job-queue.port';
import type { ContactSnapshot, ContactUpdate, CrmGateway, ResultEncoding } from './ports/crm-gateway.port';
import type { CallBudget, FollowUpTaskStore, RecheckScheduler } from './ports/pipeline.port';
import type { InstallationDirectory, PublishedCriteriaReader } from './ports/tenancy.port';
import { uniqueById, writeContactUpdates } from './write-contact-updates';

export { FOLLOW_UP_CLAIM_LEASE_MS } from './follow-ups';
export { FOLLOW_UP_SUBJECT_PREFIX } from '../core';

export interface QualifyDeps {
  installations: Pick<InstallationDirectory, 'tryGetStatus' | 'tryGetDataMode'>;
  criteria: PublishedCriteriaReader;
  crm: CrmGateway;
  budget: CallBudget;
  followUps: FollowUpTaskStore;
  /** How long a follow-up claim without a task is held for its run (default FOLLOW_UP_CLAIM_LEASE_MS). */
  followUpClaimLeaseMs?: number;
  rechecks: RecheckScheduler;
  audit: AuditLog;
  clock: Clock;
}

/** A qualify job as the use case runs it: the request's contacts and the job's id (for the audit). */
export type QualifyJobRun = Pick<QualifyRequest, 'portalId' | 'contactIds'> & { jobId: string };

/** One run of the use case: the portal and the job (for the audit). */
export type QualifyRun = Pick<QualifyJobRun, 'portalId' | 'jobId'>;

/** What one job did, in counts and ids (never values): returned to the worker for logs and metrics. */
export interface QualifyOutcome {
  skipped?: 'portal_not_active' | 'no_published_criteria';
  read: number;
  missing: ContactId[];
  unchanged: number;
  written: ContactId[];
  /** Contacts HubSpot refused to write, with our code and the property names it named. */
  failed: { id: ContactId; code: string; propertyNames?: readonly string[] }[];
  tasksCreated: number;
  /** Open tasks whose subject, priority or due changed, and tasks completed (no call needed any more). */
  tasksUpdated: number;
  tasksCompleted: number;
  outcomes: Partial<Record<QualificationResult['outcome'], number>>;
  criteriaVersion?: number;
  /**
   * Per contact whose CareQual values are now current in HubSpot (written, or unchanged), the
   * result and the respond-by HubSpot holds: what a workflow action answers with. Not for logs.
   */
  decided: { contactId: ContactId; result: QualificationResult; respondBy: Date | null }[];
}

/** Contacts loaded for one run: what HubSpot returned and the ids it no longer has. */
export interface LoadedContacts {
  found: ContactSnapshot[];
  missingIds: ContactId[];
}

/** Fetches a run's contacts with exactly `propertyNames` (one HubSpot call, already reserved). */
export type ContactLoader = (propertyNames: readonly string[]) => Promise<LoadedContacts>;

/**
 * Qualifies ≤100 contacts of one portal: one batch read of the minimum properties, pure
 * scoring, one batch update of only the contacts whose CareQual values changed, follow-up
 * tasks for care-ready leads and every safety-flagged inquiry, re-checks for not-now leads, and audit entries for each step.
 * Re-running it for the same contacts is safe (a crashed job is retried by the queue): the
 * re-read sees what was written, so nothing is written twice and no second task is created.
 */
export async function qualifyContacts(req: QualifyJobRun, deps: QualifyDeps): Promise<QualifyOutcome> {
  return qualifyLoadedContacts(req, deps, async (names) => {
    const read = await deps.crm.batchReadContacts(req.portalId, dedupe(req.contactIds), names);
    return { found: read.found, missingIds: read.missingIds };
  });
}

/**
 * The same run over contacts that `load` fetches with the properties the criteria need — a
 * backfill page lists them with those properties, so it pays no batch read (issue 22: ≤ 2.2
 * HubSpot calls per 100 contacts re-scored). `load` is not called when the portal is not active
 * or has no published criteria. `upFront` calls are reserved before the load (default: all a job
 * can make); any further call is reserved when it is made.
 */
export async function qualifyLoadedContacts(req: QualifyRun, deps: QualifyDeps, load: ContactLoader, upFront = JOB_CALLS): Promise<QualifyOutcome> {
  const outcome: QualifyOutcome = { read: 0, missing: [], unchanged: 0, written: [], failed: [], tasksCreated: 0, tasksUpdated: 0, tasksCompleted: 0, outcomes: {}, decided: [] };
  if ((await deps.installations.tryGetStatus(req.portalId)) !== 'active') return { ...outcome, skipped: 'portal_not_active' };
  const found = await deps.criteria.tryGetPublished(req.portalId);
  if (!found) return { ...outcome, skipped: 'no_published_criteria' };
  // Standard unless the installation says otherwise: never reveal more than the portal protects.
  const published: WordedCriteria = { ...found, wording: wordingFor((await deps.installations.tryGetDataMode?.(req.portalId)) ?? 'standard') };
  outcome.criteriaVersion = published.version;

  // The whole run's calls are reserved up front and the unused ones given back at the end: a job
  // that ran out of budget half-way would be delayed and re-run, paying its read twice.
  await deps.budget.reserve(req.portalId, upFront);
  const calls: CallsLeft = { left: upFront };
  try {
    return await runQualification(req, published, outcome, calls, deps, load);
  } finally {
    await deps.budget.refund(req.portalId, calls.left);
  }
}

/** The calls one job makes at most: the read (or list), the batch update, the task create and task update batches. */
const JOB_CALLS = 4;

async function runQualification(req: QualifyRun, published: WordedCriteria, outcome: QualifyOutcome, calls: CallsLeft, deps: QualifyDeps, load: ContactLoader): Promise<QualifyOutcome> {
  const actor: AuditActor = { kind: 'system', role: 'worker', jobId: req.jobId };
  const readNames = propertiesToRead(published.criteria, deps.crm.results);
  calls.left--;
  const read = await load(readNames);
  // A merge between listing and reading: both ids resolve to the surviving contact, returned twice.
  const found = uniqueById(read.found);
  const missingIds = read.missingIds;
  outcome.read = found.length;
  outcome.missing = missingIds;
  await deps.audit.append(found.map((c) => entry(req, actor, 'contact.read', c.id, { propertyNames: readNames })));

  const now = deps.clock.now();
  const latestTasks = await deps.followUps.listLatestTasks(req.portalId, found.map((c) => c.id));
  const scored = found.map((contact) => {
    const inquiry = readInquiry(contact.properties);
    const previous = deps.crm.results.readRespondBy(contact.properties);
    const fresh = qualifyContact(contact.properties, published.criteria, now);
    const result = holdPassedRespondBy(fresh, previous, inquiry, latestTasks.get(contact.id)?.open === true, now);
    return { contact, result, inquiry, previous };
  });
  const updates: ContactUpdate[] = [];
  const candidates: FollowUpCandidate[] = [];
  for (const { contact, result, inquiry, previous } of scored) {
    outcome.outcomes[result.outcome] = (outcome.outcomes[result.outcome] ?? 0) + 1;
    const values = deps.crm.results.encode(result, now, published.wording);
    // Unchanged contacts are not written, so HubSpot keeps its respond-by: the task follows that one.
    if (isUnchanged(contact, values, deps.crm.results)) {
      outcome.unchanged++;
      candidates.push({ contact, result, inquiry, respondBy: result.respondBy === null ? null : previous ?? result.respondBy });
    } else {
      updates.push({ id: contact.id, properties: { ...values } });
      candidates.push({ contact, result, inquiry, respondBy: result.respondBy });
    }
  }
  // The built-in safety lexicon decides too: its version is recorded beside the criteria hash.
  await deps.audit.append(scored.map(({ contact, result }) => entry(req, actor, 'contact.qualified', contact.id, { criteriaVersion: `${published.hash}:${result.safety.lexiconVersion}` })));

  if (updates.length) {
    // One bad record does not hold back the others: a batch HubSpot refuses whole is split until
    // the refused records stand alone (write-contact-updates.ts); each further call is budgeted.
    const spendCall = async () => (calls.left > 0 ? void calls.left-- : deps.budget.reserve(req.portalId, 1));
    const write = await writeContactUpdates(updates, req.portalId, { crm: deps.crm, spendCall });
    outcome.written = write.writtenIds;
    outcome.failed = write.failed.map((f) => ({ id: f.id, code: f.code, ...(f.propertyNames?.length ? { propertyNames: f.propertyNames } : {}) }));
    const names = Object.keys(updates[0]!.properties).sort();
    await deps.audit.append([
      ...write.writtenIds.map((id) => entry(req, actor, 'contact.written', id, { propertyNames: names, criteriaVersion: published.hash })),
      // A refusal names the properties HubSpot named, else every property that was sent.
      ...write.failed.map((f) =>
        entry(req, actor, 'contact.written', f.id, { propertyNames: f.propertyNames?.length ? [...f.propertyNames].sort() : names, criteriaVersion: published.hash, outcome: 'failure', errorCode: f.code }),
      ),
    ]);
  }

  const written = new Set(outcome.written);
  const current = candidates.filter(({ contact }) => written.has(contact.id) || !updates.some((u) => u.id === contact.id));
  const tasks = await syncFollowUps({ portalId: req.portalId, jobId: req.jobId, published, actor, calls, now, deps }, current, latestTasks);
  outcome.tasksCreated = tasks.created;
  outcome.tasksUpdated = tasks.updated;
  outcome.tasksCompleted = tasks.completed;
  outcome.decided = current.map(({ contact, result, respondBy }) => ({ contactId: contact.id, result, respondBy }));
  await scheduleRechecks(req.portalId, current, deps);
  return outcome;
}

/** The criteria's inputs plus CareQual's own outputs (to tell whether anything changed). */
function propertiesToRead(criteria: Criteria, results: ResultEncoding): string[] {
  return [...new Set([...requiredContactProperties(criteria), ...INQUIRY_DATE_PROPERTIES, ...results.propertyNames])].sort();
}

function isUnchanged(contact: ContactSnapshot, values: Readonly<Record<string, string>>, results: ResultEncoding): boolean {
  return Object.entries(values).every(([name, value]) => results.timeDerivedNames.includes(name) || (contact.properties[name] ?? '') === value);
}

async function scheduleRechecks(portalId: TenantId, scored: readonly { contact: ContactSnapshot; result: QualificationResult }[], deps: QualifyDeps): Promise<void> {
  const rechecks = scored.flatMap(({ contact, result }) => (result.recheckAt ? [{ contactId: contact.id, at: result.recheckAt }] : []));
  if (rechecks.length) await deps.rechecks.scheduleRechecks(portalId, rechecks);
}

function dedupe(ids: readonly ContactId[]): ContactId[] {
  return [...new Set(ids)];
}

function entry(
  req: QualifyRun,
  actor: AuditActor,
  action: AuditEntryInput['action'],
  contactId: ContactId,
  extra: Partial<AuditEntryInput>,
): AuditEntryInput {
  return { portalId: req.portalId, action, actor, objectType: 'contact', objectId: contactId, outcome: 'success', jobId: req.jobId, ...extra };
}
