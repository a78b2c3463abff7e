import { classifyWebhookEvent } from '../adapters/hubspot/webhook-event.schemas';
import { buildPropertyChange, buildWebhookEvent, type HubSpotWebhookEventJson } from '../../test/support/webhook-events';
import { isAppError } from './errors';
import { handleWebhookDelivery, type WebhookDeliveryDeps } from './handle-webhook-delivery';
import type { AuditEntryInput } from './ports/audit-log.port';
import type { JobToAdd, PurgeRequest, QualifyRequest } from './ports/job-queue.port';
import type { PortalIntakeView } from './portal-intake-cache';

const APP_ID = 4242;
const PORTAL = 62_515_001;
const OTHER_PORTAL = 62_515_002;
const WATCHED = new Set(['email', 'phone', 'zip', 'message', 'insurance_carrier']);

function buildDeps(views: Record<number, PortalIntakeView> = { [PORTAL]: { active: true, watched: WATCHED }, [OTHER_PORTAL]: { active: true, watched: WATCHED } }) {
  const recorded = new Set<string>();
  const qualify: JobToAdd<QualifyRequest>[] = [];
  const purge: JobToAdd<PurgeRequest>[] = [];
  const audit: AuditEntryInput[] = [];
  const failures = { queue: false, audit: false };
  const deps: WebhookDeliveryDeps = {
    appId: APP_ID,
    viewPortal: async (portalId) => views[portalId] ?? { active: false },
    ledger: {
      findRecorded: async (keys) => new Set(keys.filter((k) => recorded.has(k))),
      record: async (keys) => void keys.forEach((k) => recorded.add(k)),
    },
    qualifyQueue: {
      enqueue: async (jobs) => {
        if (failures.queue) throw new Error('ECONNREFUSED');
        for (const j of jobs) if (!qualify.some((q) => q.jobId === j.jobId)) qualify.push(j);
      },
    },
    purgeQueue: { enqueue: async (jobs) => void purge.push(...jobs.filter((j) => !purge.some((p) => p.jobId === j.jobId))) },
    audit: {
      append: async (entries) => {
        if (failures.audit) throw new Error('database unreachable');
        audit.push(...entries);
      },
    },
  };
  return { deps, recorded, qualify, purge, audit, failures };
}

const deliver = (events: readonly HubSpotWebhookEventJson[], deps: WebhookDeliveryDeps, requestId = 'req-0001-abcd') =>
  handleWebhookDelivery({ events: events.map((e) => classifyWebhookEvent(JSON.parse(JSON.stringify(e)))), requestId }, deps);

describe('handleWebhookDelivery', () => {
  it('when a contact is created and three watched properties change in one burst, then one job qualifies it once', async () => {
    const t = buildDeps();
    const events = [
      buildWebhookEvent({ objectId: 901 }),
      buildPropertyChange('email', 'maria.lopez@example.com', { objectId: 901 }),
      buildPropertyChange('zip', '10027', { objectId: 901 }),
      buildPropertyChange('message', 'I have chest pain since Monday', { objectId: 901 }),
    ];
    const outcome = await deliver(events, t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(t.qualify).toHaveLength(1);
    expect(t.qualify[0]!.data).toEqual({ portalId: PORTAL, contactIds: ['901'], traceId: 'req-0001-abcd', reason: 'webhook' });
    expect(JSON.stringify([t.qualify, t.audit])).not.toMatch(/maria|chest pain|10027/);
  });

  it('when a property change comes from CareQual\'s own write-back, then it is ignored; another app\'s write is not', async () => {
    const t = buildDeps();
    const outcome = await deliver([
      buildPropertyChange('email', 'a@example.com', { objectId: 1, changeSource: 'INTEGRATION', sourceId: String(APP_ID) }),
      buildPropertyChange('phone', '+12125550101', { objectId: 2, changeSource: 'APP', sourceId: String(APP_ID) }),
      buildPropertyChange('email', 'b@example.com', { objectId: 3, changeSource: 'INTEGRATION', sourceId: '999999' }),
    ], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['ignored_own_write', 'ignored_own_write', 'queued']);
    expect(t.qualify.map((j) => j.data.contactIds)).toEqual([['3']]);
  });

  it('when a property the portal\'s criteria do not read changes, then it is ignored', async () => {
    const t = buildDeps();
    const outcome = await deliver([buildPropertyChange('carequal_score', '88', { objectId: 7 }), buildPropertyChange('favorite_color', 'blue', { objectId: 8 })], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['ignored_unwatched_property', 'ignored_unwatched_property']);
    expect(t.qualify).toEqual([]);
    expect(t.audit).toEqual([]);
  });

  it('when the portal has no published criteria yet, then property changes are not ruled out', async () => {
    const t = buildDeps({ [PORTAL]: { active: true, watched: undefined } });
    const outcome = await deliver([buildPropertyChange('favorite_color', 'blue', { objectId: 8 })], t.deps);
    expect(outcome.fates[0]!.fate).toBe('queued');
  });

  it('when the portal is unknown, uninstalled or needs re-authorisation, then events are acknowledged and skipped', async () => {
    const t = buildDeps({ [PORTAL]: { active: false } });
    const outcome = await deliver([buildWebhookEvent({ objectId: 5 }), buildWebhookEvent({ objectId: 6, portalId: 777 })], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['unknown_portal', 'unknown_portal']);
    expect(outcome.jobs).toEqual([]);
    expect([t.qualify, t.purge, t.audit, [...t.recorded]]).toEqual([[], [], [], []]);
  });

  it('when the same batch is delivered twice, then the second delivery adds no job and is counted as duplicates', async () => {
    const t = buildDeps();
    const events = [buildWebhookEvent({ objectId: 11 }), buildWebhookEvent({ objectId: 12 })];
    const first = await deliver(events, t.deps);
    const second = await deliver(events.map((e) => ({ ...e, attemptNumber: 1 })), t.deps, 'req-0002-abcd');
    expect(first.jobs).toHaveLength(1);
    expect(second.fates.map((f) => f.fate)).toEqual(['duplicate', 'duplicate']);
    expect(second.jobs).toEqual([]);
    expect(t.qualify).toHaveLength(1);
    expect(t.audit).toHaveLength(1);
  });

  it('when a batch is re-sent after recording failed, then the job id is the same and no second job appears', async () => {
    const t = buildDeps();
    const events = [buildWebhookEvent({ objectId: 21 })];
    const first = await deliver(events, t.deps);
    t.recorded.clear(); // as if the process died between enqueueing and recording
    const again = await deliver(events, t.deps, 'req-0003-abcd');
    expect(again.jobs.map((j) => j.jobId)).toEqual(first.jobs.map((j) => j.jobId));
    expect(t.qualify).toHaveLength(1);
  });

  it('when a later batch overlaps an earlier one, then only the new events are queued', async () => {
    const t = buildDeps();
    const a = buildWebhookEvent({ objectId: 31 });
    const b = buildWebhookEvent({ objectId: 32 });
    await deliver([a], t.deps);
    const outcome = await deliver([a, b], t.deps, 'req-0004-abcd');
    expect(outcome.fates.map((f) => f.fate)).toEqual(['duplicate', 'queued']);
    expect(t.qualify.map((j) => j.data.contactIds)).toEqual([['31'], ['32']]);
  });

  it('when one event appears twice in a delivery, then the copy is a duplicate', async () => {
    const t = buildDeps();
    const e = buildWebhookEvent({ objectId: 41 });
    const outcome = await deliver([e, e], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['queued', 'duplicate']);
  });

  it('when events with the same eventId differ in object or time, then each counts (eventId is not unique)', async () => {
    const t = buildDeps();
    const e = buildWebhookEvent({ objectId: 42 });
    const outcome = await deliver([e, { ...e, objectId: 43 }, { ...e, occurredAt: e.occurredAt + 1 }], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['queued', 'queued', 'queued']);
    expect(t.qualify[0]!.data.contactIds).toEqual(['42', '43']);
  });

  it('when 250 contacts arrive, then they are split into jobs of at most 100 with distinct deterministic ids', async () => {
    const t = buildDeps();
    const events = Array.from({ length: 250 }, (_, i) => buildWebhookEvent({ objectId: 10_000 + i }));
    const outcome = await deliver(events, t.deps);
    expect(t.qualify.map((j) => j.data.contactIds.length)).toEqual([100, 100, 50]);
    expect(new Set(t.qualify.flatMap((j) => j.data.contactIds)).size).toBe(250);
    expect(new Set(outcome.jobs.map((j) => j.jobId)).size).toBe(3);
    for (const job of outcome.jobs) expect(job.jobId).toMatch(/^wh-[A-Za-z0-9_-]+-q\d$/);
  });

  it('when a contact is deleted and privacy-deleted, then one privacy purge is queued and it is not qualified', async () => {
    const t = buildDeps();
    const outcome = await deliver([
      buildPropertyChange('email', 'x@example.com', { objectId: 51 }),
      buildWebhookEvent({ objectId: 51, subscriptionType: 'contact.privacyDeletion', subscriptionId: 2_447_005, changeFlag: 'DELETED' }),
      buildWebhookEvent({ objectId: 51, subscriptionType: 'contact.deletion', subscriptionId: 2_447_004, changeFlag: 'DELETED' }),
      buildWebhookEvent({ objectId: 52, subscriptionType: 'contact.deletion', subscriptionId: 2_447_004, changeFlag: 'DELETED' }),
    ], t.deps);
    expect(outcome.fates.every((f) => f.fate === 'queued')).toBe(true);
    expect(t.qualify).toEqual([]);
    expect(t.purge.map((j) => j.data)).toEqual([
      { portalId: PORTAL, contactIds: ['51'], traceId: 'req-0001-abcd', privacy: true },
      { portalId: PORTAL, contactIds: ['52'], traceId: 'req-0001-abcd', privacy: false },
    ]);
  });

  it('when two contacts are merged, then the surviving contact is qualified with reason merge', async () => {
    const t = buildDeps();
    await deliver([
      buildWebhookEvent({ objectId: 61, subscriptionType: 'contact.merge', changeFlag: 'MERGED', primaryObjectId: 61, mergedObjectIds: [62], newObjectId: 63, numberOfPropertiesMoved: 4 }),
      buildWebhookEvent({ objectId: 62 }),
    ], t.deps);
    expect(t.qualify.map((j) => j.data)).toEqual([{ portalId: PORTAL, contactIds: ['63'], traceId: 'req-0001-abcd', reason: 'merge' }]);
  });

  it('when a delivery mixes portals, then each active portal gets its own job and audit entry', async () => {
    const t = buildDeps();
    const outcome = await deliver([buildWebhookEvent({ objectId: 71 }), buildWebhookEvent({ objectId: 72, portalId: OTHER_PORTAL }), buildWebhookEvent({ objectId: 73, portalId: 5 })], t.deps);
    expect(outcome.fates.map((f) => f.fate)).toEqual(['queued', 'queued', 'unknown_portal']);
    expect(t.qualify.map((j) => [j.data.portalId, j.data.contactIds])).toEqual([[PORTAL, ['71']], [OTHER_PORTAL, ['72']]]);
    expect(t.audit.map((a) => a.portalId).sort()).toEqual([PORTAL, OTHER_PORTAL].sort());
  });

  it('when events are taken in, then the audit entry names the delivery and changed property names, never values', async () => {
    const t = buildDeps();
    await deliver([buildPropertyChange('phone', '+12125550123', { objectId: 81 }), buildPropertyChange('email', 'pat@example.com', { objectId: 82 })], t.deps);
    expect(t.audit).toEqual([{
      portalId: PORTAL, action: 'webhook.accepted', actor: { kind: 'hubspot' }, objectType: 'webhook_delivery', objectId: expect.any(String),
      outcome: 'success', requestId: 'req-0001-abcd', propertyNames: ['email', 'phone'],
    }]);
  });

  it('when malformed or unsupported elements are in the delivery, then they are counted and the rest is taken in', async () => {
    const t = buildDeps();
    const outcome = await handleWebhookDelivery({
      requestId: 'req-0005-abcd',
      events: [
        classifyWebhookEvent({ hello: 'world' }),
        classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'deal.creation' })),
        classifyWebhookEvent(buildWebhookEvent({ objectId: 91 })),
      ],
    }, t.deps);
    expect(outcome.fates).toEqual([{ type: 'unknown', fate: 'malformed' }, { type: 'other', fate: 'ignored_unsupported' }, { type: 'contact.creation', fate: 'queued' }]);
  });

  it('when the queue is unreachable, then it rejects retryably and nothing is recorded as seen, so HubSpot\'s retry is taken in', async () => {
    const t = buildDeps();
    t.failures.queue = true;
    const events = [buildWebhookEvent({ objectId: 95 })];
    const error = await deliver(events, t.deps).catch((e: unknown) => e);
    expect(isAppError(error) && error.retryable).toBe(true);
    expect(t.recorded.size).toBe(0);
    t.failures.queue = false;
    const retry = await deliver(events, t.deps);
    expect(retry.fates[0]!.fate).toBe('queued');
    expect(t.qualify).toHaveLength(1);
  });

  it('when the audit log is unreachable, then it rejects retryably and nothing is recorded as seen', async () => {
    const t = buildDeps();
    t.failures.audit = true;
    const error = await deliver([buildWebhookEvent({ objectId: 96 })], t.deps).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('dependency.unavailable');
    expect(t.recorded.size).toBe(0);
  });

  it('when the installation directory cannot be read, then it rejects retryably (503), never skipping the events', async () => {
    const t = buildDeps();
    t.deps.viewPortal = async () => {
      throw new Error('connection terminated');
    };
    const error = await deliver([buildWebhookEvent({ objectId: 97 })], t.deps).catch((e: unknown) => e);
    expect(isAppError(error) && error.retryable && error.code).toBe('dependency.unavailable');
  });
});
