import type { TenantId } from '../../src/app/ports/ids';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { buildContact } from '../../src/core/testing/contact.factory';
import { BackfillRunRepository } from '../../src/adapters/db/backfill-run.repository';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { createRedisConnection } from '../../src/adapters/queue/redis';
import { startBackfill } from '../../src/app/backfill';
import { appServicesOf } from '../../src/main/app-services';
import { queuesOf } from '../../src/main/queues.wiring';
import type { HubSpotSandbox, RecordSnapshot } from '../../sandbox/hubspot-sandbox';
import { eventually, type SandboxedApp } from './sandbox-app';
import { waitFor } from './wait';

/**
 * What the pipeline's fault tests and benchmark look at from the outside: contacts and tasks
 * in the sandbox, job counts in Redis.
 */

let serial = 0;

/**
 * A patient inquiry as a web form sets it (the factory's nulls are "not filled in"). Every
 * contact gets a distinct email (HubSpot refuses duplicates). The default is a care-ready lead.
 */
export function inquiryValues(overrides: Record<string, string | null> = {}): Record<string, string> {
  const email = `patient.${++serial}.${process.pid}.${Date.now()}@example-mail.com`;
  return Object.fromEntries(Object.entries(buildContact({ email, ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

/**
 * A realistic mix of inquiries: mostly care-ready leads, some nurture-type (long timeline,
 * no appointment request) and some out of the service area. `i` picks the kind.
 */
export function mixedInquiry(i: number): Record<string, string> {
  switch (i % 5) {
    case 3:
      return inquiryValues({ treatment_timeline: 'In 6+ months', message: 'Just researching options for now.', recent_conversion_event_name: 'Newsletter signup' });
    case 4:
      return inquiryValues({ zip: '99501', state: 'AK' });
    default:
      return inquiryValues();
  }
}

/** Waits until every contact has CareQual's outcome written, and returns their snapshots. */
export async function waitForWriteBack(sandbox: HubSpotSandbox, portalId: TenantId, ids: readonly string[], timeoutMs = 60_000): Promise<RecordSnapshot[]> {
  return eventually(() => {
    const contacts = ids.map((id) => sandbox.getContact(portalId, id));
    return contacts.every((c) => c?.properties.carequal_outcome) ? (contacts as RecordSnapshot[]) : undefined;
  }, timeoutMs, `write-back of ${ids.length} contacts`);
}

/** How many times CareQual wrote each contact: the history length of carequal_scored_at (new on every write). */
export function writesPerContact(contacts: readonly RecordSnapshot[]): Map<string, number> {
  return new Map(contacts.map((c) => [c.id, (c.history.carequal_scored_at ?? []).filter((h) => h.sourceType === 'INTEGRATION').length]));
}

/** Follow-up tasks per associated contact id. */
export function tasksPerContact(sandbox: HubSpotSandbox, portalId: TenantId): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of sandbox.listTasks(portalId)) for (const contactId of task.associations.contacts ?? []) counts.set(contactId, (counts.get(contactId) ?? 0) + 1);
  return counts;
}

/** A route's request count in the sandbox, e.g. `POST /crm/objects/2026-03/contacts/batch/update`. */
export function routeCount(sandbox: HubSpotSandbox, portalId: TenantId, route: string): number {
  return sandbox.counters(portalId).byRoute[route] ?? 0;
}

export const ROUTES = {
  batchRead: 'POST /crm/objects/2026-03/contacts/batch/read',
  batchUpdate: 'POST /crm/objects/2026-03/contacts/batch/update',
  taskCreate: 'POST /crm/objects/2026-03/tasks/batch/create',
  list: 'GET /crm/objects/2026-03/contacts',
} as const;

export type JobCounts = Record<'active' | 'wait' | 'prioritized' | 'delayed' | 'failed' | 'completed', number>;

/** Reads the job counts (and the first failed reasons) of the qualify and backfill queues under a prefix. */
export async function readJobCounts(redisUrl: string, prefix: string): Promise<{ qualify: JobCounts; backfill: JobCounts; failedReasons: string[]; delayedRetries: number }> {
  const connection = createRedisConnection(redisUrl, 'producer');
  const queues = [QUEUE_NAMES.qualify, QUEUE_NAMES.backfill].map((name) => new Queue(name, { connection, prefix }));
  try {
    const [qualify, backfill] = (await Promise.all(queues.map((q) => q.getJobCounts('active', 'wait', 'prioritized', 'delayed', 'failed', 'completed')))) as JobCounts[];
    const failed = (await Promise.all(queues.map((q) => q.getFailed(0, 20)))).flat();
    // Delayed jobs are scheduled re-checks (days ahead) or jobs waiting out a back-off / rate limit.
    const delayed = (await Promise.all(queues.map((q) => q.getDelayed(0, 10_000)))).flat();
    const delayedRetries = delayed.filter((j) => !String(j.id).startsWith('recheck-')).length;
    return { qualify: qualify!, backfill: backfill!, failedReasons: failed.map((j) => `${j.id}: ${j.failedReason}`), delayedRetries };
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

/** Waits until no qualify or backfill job is active, waiting or waiting out a back-off (scheduled re-checks may remain). */
export async function waitForQueuesIdle(redisUrl: string, prefix: string, timeoutMs = 60_000): Promise<Awaited<ReturnType<typeof readJobCounts>>> {
  let last: Awaited<ReturnType<typeof readJobCounts>> | undefined;
  let idleSince: number | undefined;
  return waitFor(async () => {
    const counts = await readJobCounts(redisUrl, prefix);
    last = counts;
    const idle = counts.delayedRetries === 0 && ![counts.qualify, counts.backfill].some((c) => c.active + c.wait + c.prioritized > 0);
    // Counts are read one state at a time, so a job moving delayed → wait can be missed by one
    // read: idle only counts once it is seen on reads at least a second apart.
    idleSince = idle ? (idleSince ?? Date.now()) : undefined;
    return idleSince !== undefined && Date.now() - idleSince >= 1000 ? counts : undefined;
  }, { timeoutMs, intervalMs: 200, what: () => `idle queues (last counts ${JSON.stringify(last)})` });
}

/**
 * "Re-score all" for one portal, as the console starts it: the backfill use case enqueues pages
 * of 100 contacts, each one qualify job. Resolves with the finished run.
 */
export async function rescoreAll(app: Pick<SandboxedApp, 'runtime' | 'config' | 'queuePrefix'>, portalId: TenantId, timeoutMs = 30_000) {
  const runId = randomUUID();
  const runs = new BackfillRunRepository(app.runtime.services.db);
  const deps = { runs, audit: appServicesOf(app.runtime.services).audit, enqueueNextPage: queuesOf(app.runtime.services, { prefix: app.queuePrefix }).enqueueNextPage };
  await startBackfill({ portalId, reason: 'rescore', requestedBy: { kind: 'system', role: 'cli' }, runId }, deps);
  return await eventually(async () => {
    const run = await runs.get(runId);
    return run?.status === 'finished' ? run : undefined;
  }, timeoutMs, 'finished re-score');
}
