import type { TenantId } from '../../src/app/ports/ids';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { createRedisConnection } from '../../src/adapters/queue/redis';
import { appServicesOf } from '../../src/main/app-services';
import { buildContact } from '../../src/core/testing/contact.factory';
import type { RecordSnapshot } from '../../sandbox/hubspot-sandbox';
import { eventually, type SandboxedApp } from './sandbox-app';
import { waitFor } from './wait';

/** What every fault test checks at its end, seen from outside: HubSpot (the sandbox), Redis, the audit log. */

let serial = 0;

/** A care-ready patient inquiry as a web form sets it, with a distinct email. */
export function inquiry(overrides: Record<string, string | null> = {}): Record<string, string> {
  const email = `patient.r${++serial}.${process.pid}.${Date.now()}@example-mail.com`;
  return Object.fromEntries(Object.entries(buildContact({ email, ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

/** Inquiries of three kinds (care-ready, nurture, out of area), by index. */
export function inquiryMix(i: number): Record<string, string> {
  if (i % 4 === 2) return inquiry({ treatment_timeline: 'In 6+ months', message: 'Just researching options for now.', recent_conversion_event_name: 'Newsletter signup' });
  if (i % 4 === 3) return inquiry({ zip: '99501', state: 'AK' });
  return inquiry();
}

export type Counts = Record<'active' | 'wait' | 'prioritized' | 'delayed' | 'failed' | 'completed', number>;

/** Job counts of the qualify, backfill and purge queues under a prefix, and delayed jobs that are not scheduled re-checks. */
export async function queueCounts(redisUrl: string, prefix: string): Promise<{ byQueue: Record<string, Counts>; pendingRetries: number; failedReasons: string[] }> {
  const connection = createRedisConnection(redisUrl, 'worker');
  connection.on('error', () => undefined);
  const queues = [QUEUE_NAMES.qualify, QUEUE_NAMES.backfill, QUEUE_NAMES.purge].map((name) => new Queue(name, { connection, prefix }));
  try {
    const byQueue: Record<string, Counts> = {};
    let pendingRetries = 0;
    const failedReasons: string[] = [];
    for (const q of queues) {
      byQueue[q.name] = (await q.getJobCounts('active', 'wait', 'prioritized', 'delayed', 'failed', 'completed')) as Counts;
      pendingRetries += (await q.getDelayed(0, 10_000)).filter((j) => !String(j.id).startsWith('recheck-')).length;
      failedReasons.push(...(await q.getFailed(0, 20)).map((j) => `${q.name}/${j.id}: ${j.failedReason}`));
    }
    return { byQueue, pendingRetries, failedReasons };
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

const IDLE_CONFIRM_MS = 1000;

/** Waits until no job is active, waiting or waiting out a back-off, and returns the counts. */
export async function waitForQueuesIdle(redisUrl: string, prefix: string, timeoutMs = 60_000): Promise<Awaited<ReturnType<typeof queueCounts>>> {
  let last: Awaited<ReturnType<typeof queueCounts>> | undefined;
  let idleSince: number | undefined;
  return waitFor(async () => {
    last = await queueCounts(redisUrl, prefix).catch(() => undefined);
    const busy = !last || last.pendingRetries > 0 || Object.values(last.byQueue).some((c) => c.active + c.wait + c.prioritized > 0);
    // The counts are read one state at a time, so a job moving delayed → wait can be missed by
    // one read: idle only counts once it is seen on reads at least a second apart.
    if (busy) idleSince = undefined;
    else idleSince ??= Date.now();
    return idleSince !== undefined && Date.now() - idleSince >= IDLE_CONFIRM_MS ? last : undefined;
  }, { timeoutMs, what: () => `idle queues (last counts ${JSON.stringify(last)})` });
}

/** Waits until every contact carries CareQual's outcome and returns them. */
export function waitForOutcomes(app: Pick<SandboxedApp, 'sandbox'>, portalId: TenantId, ids: readonly string[], timeoutMs = 60_000): Promise<RecordSnapshot[]> {
  return eventually(() => {
    const contacts = ids.map((id) => app.sandbox.getContact(portalId, id));
    return contacts.every((c) => c?.properties.carequal_outcome) ? (contacts as RecordSnapshot[]) : undefined;
  }, timeoutMs, `write-back of ${ids.length} contacts`);
}

/**
 * "Qualified exactly once in effect", as HubSpot shows it: each contact's carequal_* values were
 * written by CareQual once (one INTEGRATION entry in the history of carequal_score), and each
 * care-ready contact has exactly one follow-up task while nobody else has one. Returns the
 * violations (empty when all is well) so a failing test names the contact.
 */
export function exactlyOnceViolations(app: Pick<SandboxedApp, 'sandbox'>, portalId: TenantId, ids: readonly string[]): string[] {
  const tasks = new Map<string, number>();
  for (const t of app.sandbox.listTasks(portalId)) for (const c of t.associations.contacts ?? []) tasks.set(c, (tasks.get(c) ?? 0) + 1);
  const problems: string[] = [];
  for (const id of ids) {
    const c = app.sandbox.getContact(portalId, id);
    if (!c?.properties.carequal_outcome) {
      problems.push(`${id}: no carequal_outcome`);
      continue;
    }
    const writes = (c.history.carequal_score ?? []).filter((h) => h.sourceType === 'INTEGRATION').length;
    if (writes !== 1) problems.push(`${id}: carequal_score written ${writes} times`);
    for (const name of ['carequal_band', 'carequal_route', 'carequal_rules_version', 'carequal_scored_at']) if (!c.properties[name]) problems.push(`${id}: ${name} missing`);
    const expectedTasks = c.properties.carequal_outcome === 'care_ready' ? 1 : 0;
    if ((tasks.get(id) ?? 0) !== expectedTasks) problems.push(`${id}: ${tasks.get(id) ?? 0} tasks for outcome ${c.properties.carequal_outcome}`);
  }
  return problems;
}

/** The end state every fault test asks for: exactly once, no stuck or failed job, the audit chain verifies. */
export async function expectRecovered(app: SandboxedApp, portalId: TenantId, ids: readonly string[], timeoutMs = 60_000): Promise<void> {
  await waitForOutcomes(app, portalId, ids, timeoutMs);
  await app.sandbox.flushWebhooks();
  const counts = await waitForQueuesIdle(app.config.REDIS_URL, app.queuePrefix, timeoutMs);
  expect(exactlyOnceViolations(app, portalId, ids)).toEqual([]);
  for (const [name, c] of Object.entries(counts.byQueue)) expect({ queue: name, active: c.active, wait: c.wait, failed: c.failed }).toEqual({ queue: name, active: 0, wait: 0, failed: 0 });
  expect(counts.failedReasons).toEqual([]);
  const report = await appServicesOf(app.runtime.services).audit.verify(portalId);
  expect(report.ok).toBe(true);
}
