import type { ContactId, TenantId } from './ports/ids';
import { createHash } from 'node:crypto';
import { AppError, isAppError } from './errors';
import type { AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { JobQueue, JobToAdd, PurgeRequest, QualifyRequest, WebhookEventLedger } from './ports/job-queue.port';
import type { PortalIntakeView } from './portal-intake-cache';
import { eventKeyOf, type ClassifiedEvent, type ContactEvent, type EventFate } from './webhook-events';

/** HubSpot batch reads/updates take ≤100 records: one qualify job holds at most that many ids. */
export const MAX_CONTACTS_PER_JOB = 100;

/** Change sources HubSpot reports for a write made by an app through the API. */
const APP_WRITE_SOURCES = new Set(['INTEGRATION', 'APP']);

export interface WebhookDeliveryDeps {
  /** Our HubSpot app id: property changes written by it are our own write-back. */
  appId: number;
  /** Status and watched properties per portal (see createPortalIntakeCache). */
  viewPortal: (portalId: TenantId) => Promise<PortalIntakeView>;
  ledger: WebhookEventLedger;
  qualifyQueue: JobQueue<QualifyRequest>;
  purgeQueue: JobQueue<PurgeRequest>;
  audit: AuditLog;
}

export interface WebhookDelivery {
  events: readonly ClassifiedEvent[];
  /** Request id; doubles as the jobs' trace id. */
  requestId: string;
}

export interface EnqueuedJob {
  queue: 'qualify' | 'purge';
  jobId: string;
  portalId: TenantId;
  contactCount: number;
}

export interface DeliveryOutcome {
  /** One entry per element of the delivery, in order. */
  fates: { type: string; fate: EventFate }[];
  jobs: EnqueuedJob[];
}

/**
 * Takes in one verified webhook delivery: validates and filters events, dedupes them (within the
 * delivery and against the ledger), enqueues one qualify job per portal (≤100 contacts each,
 * deterministic ids), a purge job for deletions, audits `webhook.accepted`, and only then records
 * the events as seen. Skipped events are never an error: HubSpot retries any 4xx forever. Rejects
 * (retryable AppError) only when the work could not be made durable, so HubSpot retries.
 */
export async function handleWebhookDelivery(delivery: WebhookDelivery, deps: WebhookDeliveryDeps): Promise<DeliveryOutcome> {
  const fates: DeliveryOutcome['fates'] = delivery.events.map((c) => ({ type: c.status === 'contact' ? c.event.type : c.type, fate: fateOfNonContact(c) }));
  const byPortal = new Map<TenantId, { index: number; event: ContactEvent }[]>();
  delivery.events.forEach((c, index) => {
    if (c.status !== 'contact') return;
    const list = byPortal.get(c.event.portalId) ?? [];
    list.push({ index, event: c.event });
    byPortal.set(c.event.portalId, list);
  });
  const results = await Promise.all([...byPortal].map(([portalId, events]) => takeInPortal(portalId, events, delivery.requestId, deps)));
  const jobs: EnqueuedJob[] = [];
  for (const result of results) {
    for (const [index, fate] of result.fates) fates[index]!.fate = fate;
    jobs.push(...result.jobs);
  }
  return { fates, jobs };
}

function fateOfNonContact(c: ClassifiedEvent): EventFate {
  return c.status === 'malformed' ? 'malformed' : 'ignored_unsupported';
}

interface PortalResult {
  fates: [number, EventFate][];
  jobs: EnqueuedJob[];
}

async function takeInPortal(portalId: TenantId, events: { index: number; event: ContactEvent }[], requestId: string, deps: WebhookDeliveryDeps): Promise<PortalResult> {
  const view = await withAvailability(() => deps.viewPortal(portalId));
  // Unknown, uninstalled and needs_reauth portals look the same from outside: acknowledged, skipped.
  if (!view.active) return { fates: events.map(({ index }) => [index, 'unknown_portal']), jobs: [] };

  const fates: [number, EventFate][] = [];
  const candidates = new Map<string, { index: number; event: ContactEvent }[]>();
  for (const item of events) {
    const ignored = ignoredFate(item.event, view.watched, deps.appId);
    if (ignored) {
      fates.push([item.index, ignored]);
      continue;
    }
    const key = eventKeyOf(item.event);
    const same = candidates.get(key);
    if (same) fates.push([item.index, 'duplicate']);
    else candidates.set(key, [item]);
  }
  if (candidates.size === 0) return { fates, jobs: [] };

  const recorded = await withAvailability(() => deps.ledger.findRecorded([...candidates.keys()]));
  const fresh: ContactEvent[] = [];
  const freshKeys: string[] = [];
  for (const [key, [item]] of candidates) {
    if (recorded.has(key)) fates.push([item!.index, 'duplicate']);
    else {
      fresh.push(item!.event);
      freshKeys.push(key);
      fates.push([item!.index, 'queued']);
    }
  }
  if (fresh.length === 0) return { fates, jobs: [] };

  const deliveryKey = hashOf([String(portalId), ...[...candidates.keys()].sort()]);
  const plan = planJobs(portalId, fresh, deliveryKey, requestId);
  await withAvailability(() => Promise.all([deps.qualifyQueue.enqueue(plan.qualify), deps.purgeQueue.enqueue(plan.purge)]));
  await withAvailability(() => deps.audit.append([acceptedEntry(portalId, fresh, deliveryKey, requestId)]));
  await withAvailability(() => deps.ledger.record(freshKeys));
  const jobs = [
    ...plan.qualify.map((j): EnqueuedJob => ({ queue: 'qualify', jobId: j.jobId, portalId, contactCount: j.data.contactIds.length })),
    ...plan.purge.map((j): EnqueuedJob => ({ queue: 'purge', jobId: j.jobId, portalId, contactCount: j.data.contactIds.length })),
  ];
  return { fates, jobs };
}

/**
 * Property changes CareQual must not act on: its own write-back (HubSpot reports an app's API
 * write as changeSource INTEGRATION with the app id as sourceId; otherwise scoring would
 * re-trigger itself forever) and properties the portal's live criteria do not read.
 */
function ignoredFate(event: ContactEvent, watched: ReadonlySet<string> | undefined, appId: number): EventFate | undefined {
  if (event.kind !== 'propertyChange') return undefined;
  if (isOwnWrite(event.changeSource, event.sourceId, appId)) return 'ignored_own_write';
  if (watched && !watched.has(event.propertyName)) return 'ignored_unwatched_property';
  return undefined;
}

/** True when HubSpot attributes a change to our app's API writes. */
export function isOwnWrite(changeSource: string | undefined, sourceId: string | undefined, appId: number): boolean {
  return changeSource !== undefined && APP_WRITE_SOURCES.has(changeSource.toUpperCase()) && sourceId?.trim() === String(appId);
}

interface JobPlan {
  qualify: JobToAdd<QualifyRequest>[];
  purge: JobToAdd<PurgeRequest>[];
}

/**
 * Turns a portal's fresh events into jobs: each contact at most once per job kind (a creation
 * and three property changes are one qualification), deleted contacts purged instead of
 * qualified, merges re-qualifying the surviving contact. Job ids derive from the delivery key,
 * so the same delivery enqueued again is the same jobs.
 */
function planJobs(portalId: TenantId, events: readonly ContactEvent[], deliveryKey: string, traceId: string): JobPlan {
  const deleted = new Map<ContactId, boolean>();
  const mergedAway = new Set<ContactId>();
  const toQualify = new Set<ContactId>();
  const survivors = new Set<ContactId>();
  for (const e of events) {
    if (e.kind === 'deletion' || e.kind === 'privacyDeletion') deleted.set(e.objectId, (deleted.get(e.objectId) ?? false) || e.kind === 'privacyDeletion');
    else if (e.kind === 'merge') {
      survivors.add(e.survivingId);
      for (const id of e.mergedIds) if (id !== e.survivingId) mergedAway.add(id);
    } else toQualify.add(e.objectId);
  }
  const gone = (id: ContactId) => deleted.has(id) || mergedAway.has(id);
  const mergeIds = sortIds([...survivors].filter((id) => !gone(id)));
  const webhookIds = sortIds([...toQualify].filter((id) => !gone(id) && !survivors.has(id)));
  const qualify = [
    ...chunk(webhookIds).map((contactIds, i) => ({ jobId: `wh-${deliveryKey}-q${i}`, data: { portalId, contactIds, traceId, reason: 'webhook' as const } })),
    ...chunk(mergeIds).map((contactIds, i) => ({ jobId: `wh-${deliveryKey}-m${i}`, data: { portalId, contactIds, traceId, reason: 'merge' as const } })),
  ];
  const purge: JobToAdd<PurgeRequest>[] = [];
  for (const privacy of [true, false]) {
    const ids = sortIds([...deleted].filter(([, p]) => p === privacy).map(([id]) => id));
    chunk(ids).forEach((contactIds, i) => purge.push({ jobId: `wh-${deliveryKey}-${privacy ? 'pp' : 'p'}${i}`, data: { portalId, contactIds, traceId, privacy } }));
  }
  return { qualify, purge };
}

function acceptedEntry(portalId: TenantId, events: readonly ContactEvent[], deliveryKey: string, requestId: string): AuditEntryInput {
  const propertyNames = [...new Set(events.flatMap((e) => (e.kind === 'propertyChange' ? [e.propertyName] : [])))].sort();
  return {
    portalId, action: 'webhook.accepted', actor: { kind: 'hubspot' }, objectType: 'webhook_delivery', objectId: deliveryKey,
    outcome: 'success', requestId, ...(propertyNames.length ? { propertyNames } : {}),
  };
}

/** Any failure to reach the queue, the ledger or the audit log means "not durable: retry later". */
async function withAvailability<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isAppError(error) && error.retryable) throw error;
    throw new AppError('dependency.unavailable', 'Temporarily unable to take in webhooks; retry later.', { cause: error, retryable: true, expose: true });
  }
}

function hashOf(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);
}

function sortIds(ids: ContactId[]): ContactId[] {
  return ids.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

function chunk(ids: readonly ContactId[]): ContactId[][] {
  const out: ContactId[][] = [];
  for (let i = 0; i < ids.length; i += MAX_CONTACTS_PER_JOB) out.push(ids.slice(i, i + MAX_CONTACTS_PER_JOB));
  return out;
}
