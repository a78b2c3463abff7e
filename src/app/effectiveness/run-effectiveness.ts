import type { ContactId, TenantId } from '../ports/ids';
import {
  compileCriteria, DEFAULT_OUTCOME_SIGNALS, emptyTally, mergeTallies, observeLead, outcomeSignalProperties, outlineCriteria, parseHubSpotDateTime, qualifyContact,
  reportFromTally, requiredContactProperties, tallyLeads, type Criteria, type EffectivenessReport, type LeadObservation,
} from '../../core';
import { isAppError } from '../errors';
import type { AuditActor, AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import type { ContactSnapshot } from '../ports/crm-gateway.port';
import type { PublishedCriteriaReader } from '../ports/tenancy.port';
import type { EffectivenessCheckpoint, EffectivenessCrm, EffectivenessStore, TaskSnapshot } from './effectiveness.ports';
import { notInstalledError, ScoredContactReader, type ReaderDeps } from './scored-contact-reader';

/** The window the figures cover by default: "the last N months" of the issue, 90 days. */
export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
/** The window is read a week at a time, so one search query rarely meets the 10,000-result cap. */
const SLICE_MS = 7 * DAY_MS;

export interface EffectivenessDeps extends ReaderDeps {
  crm: EffectivenessCrm;
  store: EffectivenessStore;
  criteria: PublishedCriteriaReader;
  audit: AuditLog;
  newRunId(): string;
}

export interface EffectivenessRequest {
  portalId: TenantId;
  /** Who asked: 'nightly', 'cli' or a console user id (shown with the run). */
  requestedBy: string;
  actor: AuditActor;
  windowDays?: number;
  jobId?: string;
}

export interface EffectivenessRunResult {
  runId: string;
  contactsRead: number;
  hubspotCalls: number;
  report: EffectivenessReport;
}

/**
 * Computes a portal's effectiveness figures (issue 20): reads the contacts CareQual scored in the
 * window from HubSpot (search API, within the call budget) a week at a time, observes each in
 * memory — its result, outcome signals and, for the live criteria version, which rules fired —
 * and folds each week into counts, stored as that week's checkpoint. A retry of the same queue
 * job resumes: finished weeks are not read again. Only aggregates are stored; the audit log
 * records which properties were read for which contact (names and ids, as for every PHI read).
 */
export async function runEffectiveness(req: EffectivenessRequest, deps: EffectivenessDeps): Promise<EffectivenessRunResult> {
  const published = await deps.criteria.tryGetPublished(req.portalId);
  if (!published) throw notInstalledError(req.portalId);
  const signals = (await deps.store.tryGetSignals(req.portalId)) ?? DEFAULT_OUTCOME_SIGNALS;
  const properties = [...new Set([...outcomeSignalProperties(signals), ...requiredContactProperties(published.criteria)])].sort();
  const liveVersion = compileCriteria(published.criteria).version;
  const run = await openRun(req, JSON.stringify({ liveVersion, signals, windowDays: req.windowDays ?? DEFAULT_WINDOW_DAYS }), deps);
  const ctx = { asOf: run.windowEnd, timeZone: published.criteria.businessHours.timeZone, liftVersion: liveVersion };
  const reader = new ScoredContactReader(req.portalId, (portalId, r) => deps.crm.searchScoredContacts(portalId, { ...r, properties }), deps);
  const taskReader = new ScoredContactReader(req.portalId, (portalId, r) => deps.crm.searchCompletedTasks(portalId, r), deps);
  let tally = run.done.reduce((sum, c) => mergeTallies(sum, c.tally), emptyTally());
  let contactsRead = run.done.reduce((n, c) => n + c.contactsRead, 0);
  const calls = () => run.priorCalls + reader.calls + taskReader.calls;
  try {
    const finished = new Set(run.done.map((c) => c.sliceStart.getTime()));
    const slices = weekSlices(run.windowStart, run.windowEnd).filter(([from]) => !finished.has(from.getTime()));
    const taskCompletions = signals.countTaskCompletion && slices.length > 0 ? await readTaskCompletions(req.portalId, taskReader, run.windowStart, run.windowEnd, deps) : new Map<ContactId, Date>();
    for (const [from, to] of slices) {
      const leads: LeadObservation[] = [];
      let sliceContacts = 0;
      await reader.readWindow(from, to, async (contacts) => {
        sliceContacts += contacts.length;
        await deps.audit.append(contacts.map((c) => readEntry(req, c, properties)));
        for (const contact of contacts) {
          const lead = observe(contact, published.criteria, liveVersion, signals, taskCompletions.get(contact.id) ?? null);
          if (lead) leads.push(lead);
        }
      });
      const sliceTally = tallyLeads(leads, ctx);
      tally = mergeTallies(tally, sliceTally);
      contactsRead += sliceContacts;
      await deps.store.saveCheckpoint(run.id, { sliceStart: from, tally: sliceTally, contactsRead: sliceContacts }, { contactsRead, hubspotCalls: calls() });
    }
    const report = reportFromTally(tally, outlineCriteria(published.criteria));
    await deps.store.finishRun(run.id, report, { contactsRead, hubspotCalls: calls() });
    return { runId: run.id, contactsRead, hubspotCalls: calls(), report };
  } catch (error) {
    await deps.store.failRun(run.id, isAppError(error) ? error.code : 'internal_error', { contactsRead, hubspotCalls: calls() });
    throw error;
  }
}

interface OpenRun { id: string; windowStart: Date; windowEnd: Date; priorCalls: number; done: EffectivenessCheckpoint[] }

/**
 * The run this request continues — the unfinished run of the same queue job on the same basis
 * (criteria version, signals, window), with its window and finished weeks — or a new one.
 */
async function openRun(req: EffectivenessRequest, basis: string, deps: EffectivenessDeps): Promise<OpenRun> {
  const resumed = req.jobId === undefined ? undefined : await deps.store.resumeRun(req.portalId, req.jobId, basis);
  if (resumed) {
    return { id: resumed.id, windowStart: resumed.windowStart, windowEnd: resumed.windowEnd, priorCalls: resumed.hubspotCalls, done: await deps.store.checkpoints(resumed.id) };
  }
  const windowEnd = deps.clock.now();
  const windowStart = new Date(windowEnd.getTime() - (req.windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS);
  const id = deps.newRunId();
  await deps.store.startRun({ id, portalId: req.portalId, requestedBy: req.requestedBy, windowStart, windowEnd, basis, ...(req.jobId ? { jobId: req.jobId } : {}) });
  return { id, windowStart, windowEnd, priorCalls: 0, done: [] };
}

/** The window cut into weeks from its start: [from, to) pairs, the last one shorter. */
function weekSlices(start: Date, end: Date): [Date, Date][] {
  const slices: [Date, Date][] = [];
  for (let from = start.getTime(); from < end.getTime(); from += SLICE_MS) slices.push([new Date(from), new Date(Math.min(from + SLICE_MS, end.getTime()))]);
  return slices;
}

async function forEachSlice(start: Date, end: Date, read: (from: Date, to: Date) => Promise<void>): Promise<void> {
  for (const [from, to] of weekSlices(start, end)) await read(from, to);
}

/**
 * When CareQual's own follow-up task of each contact was first completed in the window (a first
 * outreach signal): completed tasks from HubSpot, matched to contacts through CareQual's task
 * bookkeeping (a task search returns no associations). No call at all when CareQual made no task.
 */
async function readTaskCompletions(portalId: TenantId, reader: ScoredContactReader<TaskSnapshot>, start: Date, end: Date, deps: EffectivenessDeps): Promise<Map<ContactId, Date>> {
  const contactOf = await deps.store.followUpTaskContacts(portalId);
  const completions = new Map<ContactId, Date>();
  if (contactOf.size === 0) return completions;
  await forEachSlice(start, end, (from, to) => reader.readWindow(from, to, async (tasks) => {
    for (const task of tasks) {
      const contactId = contactOf.get(task.id);
      const at = parseHubSpotDateTime(task.properties.hs_task_completion_date);
      const earlier = contactId === undefined ? undefined : completions.get(contactId);
      if (contactId !== undefined && at && (!earlier || at < earlier)) completions.set(contactId, at);
    }
  }));
  return completions;
}

/** Observes one contact; the live version's leads are re-scored in memory to learn which rules fired. */
function observe(contact: ContactSnapshot, criteria: Criteria, liveVersion: string, signals: typeof DEFAULT_OUTCOME_SIGNALS, taskCompletedAt: Date | null): LeadObservation | undefined {
  const lead = observeLead(contact.properties, signals, { taskCompletedAt });
  if (!lead || lead.criteriaVersion !== liveVersion) return lead;
  const ruleIds = qualifyContact(contact.properties, criteria, lead.arrivedAt).contributions.map((c) => c.ruleId);
  return { ...lead, ruleIds: [...new Set(ruleIds)] };
}

function readEntry(req: EffectivenessRequest, contact: ContactSnapshot, properties: readonly string[]): AuditEntryInput {
  return {
    portalId: req.portalId, action: 'contact.read', actor: req.actor, objectType: 'contact', objectId: contact.id,
    propertyNames: properties, outcome: 'success', ...(req.jobId ? { jobId: req.jobId } : {}),
  };
}
