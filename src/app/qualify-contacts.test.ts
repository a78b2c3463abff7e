import { contactId, tenantId } from './ports/ids';
import { HUBSPOT_RESULT_ENCODING } from '../adapters/hubspot/carequal-values';
import { buildDefaultCriteria } from '../core';
import { buildContact } from '../core/testing/contact.factory';
import { CountingBudget, InMemoryCrm, InMemoryFollowUps, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../../test/fakes/pipeline.fakes';
import { FOLLOW_UP_CLAIM_LEASE_MS, qualifyContacts, type QualifyDeps } from './qualify-contacts';

const PORTAL = tenantId(7001);
/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const NOW = new Date('2026-11-17T15:00:00Z');

function setup() {
  const crm = new InMemoryCrm();
  const tenancy = new StaticTenancy();
  tenancy.install(PORTAL, buildDefaultCriteria());
  const deps = {
    installations: tenancy,
    criteria: tenancy,
    crm,
    budget: new CountingBudget(),
    followUps: new InMemoryFollowUps(),
    rechecks: new RecordingRechecks(),
    audit: new RecordingAuditLog(),
    clock: { now: () => NOW },
  } satisfies QualifyDeps;
  return { deps, crm, tenancy };
}

const HOT = buildContact();
const GUIDE_NOT_SURE = buildContact({
  message: 'Just reading about options for now.',
  treatment_timeline: 'Not sure',
  recent_conversion_event_name: 'Download: Guide to knee pain',
  first_conversion_event_name: 'Download: Guide to knee pain',
  decision_maker: null,
});
const OUT_OF_AREA = buildContact({ zip: '99501', state: 'AK' });

describe('qualifyContacts', () => {
  it('when a hot consult request arrives, then its carequal_* values are written once, a task is created and every step is audited by name', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);

    expect(outcome).toMatchObject({ read: 1, written: ['101'], unchanged: 0, failed: [], tasksCreated: 1, outcomes: { care_ready: 1 } });
    const written = crm.get(PORTAL, '101')!;
    expect(written.carequal_outcome).toBe('care_ready');
    expect(written.carequal_band).toBe('medium');
    expect(written.carequal_route).toBe('schedule_consult');
    expect(Number(written.carequal_score)).toBeGreaterThanOrEqual(0);
    expect(crm.calls).toEqual([`read:${PORTAL}:1`, `write:${PORTAL}:1`, `tasks:${PORTAL}:1`]);
    expect(crm.tasks[0]).toMatchObject({ contactId: '101', portalId: PORTAL });
    expect(crm.tasks[0]!.dueAt.getTime()).toBe(new Date(written.carequal_respond_by!).getTime());
    expect(deps.audit.actions()).toEqual(['contact.read:101', 'contact.qualified:101', 'contact.written:101', 'task.created:101']);
    const read = deps.audit.entries[0]!;
    expect(read.propertyNames).toEqual(expect.arrayContaining(['message', 'zip', 'carequal_outcome']));
    expect(read.actor).toEqual({ kind: 'system', role: 'worker', jobId: 'job-1' });
    expect(deps.audit.entries[2]!.propertyNames).toEqual([...HUBSPOT_RESULT_ENCODING.propertyNames].sort());
    expect(deps.budget.spent).toBe(3);
  });

  it('when the same contacts are qualified again unchanged, then no write is sent and no second task is created', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.add(PORTAL, '102', GUIDE_NOT_SURE);
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102')], jobId: 'job-1' }, deps);
    const later = { ...deps, clock: { now: () => new Date(NOW.getTime() + 3_600_000) } };
    const again = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102')], jobId: 'job-2' }, later);

    expect(again).toMatchObject({ read: 2, written: [], unchanged: 2, tasksCreated: 0 });
    expect(crm.calls.filter((c) => c.startsWith('write'))).toHaveLength(1);
    expect(crm.tasks).toHaveLength(1);
  });

  it('when the guide download has timing "not sure", then it is nurtured, gets no task and is scheduled for a re-check', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '102', GUIDE_NOT_SURE);
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('102')], jobId: 'job-1' }, deps);
    expect(outcome.outcomes).toEqual({ nurture: 1 });
    expect(crm.tasks).toHaveLength(0);
    expect(deps.rechecks.scheduled).toEqual([{ portalId: PORTAL, contactId: '102', at: expect.any(Date) }]);
    expect(deps.rechecks.scheduled[0]!.at.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it('when a contact was deleted before the job ran, then it is reported missing and the others are still written', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('404')], jobId: 'job-1' }, deps);
    expect(outcome.missing).toEqual(['404']);
    expect(outcome.written).toEqual(['101']);
  });

  it('when HubSpot refuses the whole batch for one contact (400), then the others are written and the refused one is audited with its code and the property HubSpot named', async () => {
    const { deps, crm } = setup();
    const ids = ['101', '102', '103', '104', '105'];
    for (const id of ids) crm.add(PORTAL, id, id === '103' ? OUT_OF_AREA : HOT);
    crm.rejectWrites.set('103', { category: 'VALIDATION_ERROR', code: 'hubspot.validation_error', propertyNames: ['carequal_reasons'] });
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: ids.map(contactId), jobId: 'job-1' }, deps);

    expect([...outcome.written].sort()).toEqual(['101', '102', '104', '105']);
    expect(outcome.failed).toEqual([{ id: '103', code: 'hubspot.validation_error', propertyNames: ['carequal_reasons'] }]);
    const refused = deps.audit.entries.find((e) => e.objectId === '103' && e.outcome === 'failure')!;
    expect(refused).toMatchObject({ action: 'contact.written', errorCode: 'hubspot.validation_error', propertyNames: ['carequal_reasons'] });
    expect(crm.get(PORTAL, '103')!.carequal_outcome).toBeUndefined();
    expect(crm.get(PORTAL, '104')!.carequal_outcome).toBe('care_ready');
    // Every call of the halving was taken from the portal's budget: the read, the writes, the task batch.
    const calls = crm.calls.filter((c) => c.startsWith('write')).length;
    expect(calls).toBeGreaterThan(1);
    expect(deps.budget.spent).toBe(1 + calls + 1);
  });

  it('when a merge between listing and reading returns the surviving contact for two ids, then it is qualified, written and tasked once', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.mergedInto.set('102', '101');
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102')], jobId: 'job-1' }, deps);

    expect(outcome).toMatchObject({ read: 1, written: ['101'], failed: [], tasksCreated: 1 });
    expect(crm.calls).toEqual([`read:${PORTAL}:2`, `write:${PORTAL}:1`, `tasks:${PORTAL}:1`]);
    expect(deps.audit.actions()).toEqual(['contact.read:101', 'contact.qualified:101', 'contact.written:101', 'task.created:101']);
  });

  it.each(['needs_reauth', 'uninstalled', undefined] as const)('when the portal is %s, then nothing is read or written', async (status) => {
    const { deps, crm, tenancy } = setup();
    if (status) tenancy.statuses.set(PORTAL, status);
    else tenancy.statuses.delete(PORTAL);
    crm.add(PORTAL, '101', HOT);
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(outcome.skipped).toBe('portal_not_active');
    expect(crm.calls).toEqual([]);
    expect(deps.audit.entries).toEqual([]);
  });

  it('when the portal has no call budget left, then the job fails retryably with a wait and HubSpot is not called', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    deps.budget.exhausted = true;
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({
      code: 'hubspot.budget_exhausted',
      retryable: true,
      retryAfterMs: 1234,
    });
    expect(crm.calls).toEqual([]);
  });

  it('when HubSpot refuses the task call (429), then the job fails, the claim goes back and its retry creates exactly one task without writing again', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.failNextTaskCreation = true;
    crm.taskFailureCode = 'hubspot.rate_limited';
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({ code: 'hubspot.rate_limited' });
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(retry).toMatchObject({ written: [], unchanged: 1, tasksCreated: 1 });
    expect(crm.tasks).toHaveLength(1);
  });

  it('when the task call gets no answer (timeout, 5xx) but HubSpot did create the task, then the claim stays, the retry waits out the lease, finds that task and creates none', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.loseNextTaskAnswer = true;
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({ code: 'hubspot.unavailable' });
    expect(crm.tasks).toHaveLength(1);
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({ code: 'followup.claim_pending' });
    deps.followUps.nowMs = FOLLOW_UP_CLAIM_LEASE_MS + 1;
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(retry).toMatchObject({ written: [], tasksCreated: 0 });
    expect(crm.tasks).toHaveLength(1);
  });

  it('when the task call gets no answer and HubSpot did not create the task, then after the lease the retry creates exactly one', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.failNextTaskCreation = true;
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({ code: 'hubspot.unavailable' });
    deps.followUps.nowMs = FOLLOW_UP_CLAIM_LEASE_MS + 1;
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(retry.tasksCreated).toBe(1);
    expect(crm.tasks).toHaveLength(1);
  });

  it('when an earlier run claimed the task and died before HubSpot got it, then the job waits out the lease (delayed, not done) and then creates exactly one task', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    await deps.followUps.claim(PORTAL, '101', 'undated'); // the dead run's claim
    deps.followUps.nowMs = 12_000;
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps)).rejects.toMatchObject({
      code: 'followup.claim_pending', retryable: true, retryAfterMs: FOLLOW_UP_CLAIM_LEASE_MS - 12_000,
    });
    expect(crm.tasks).toHaveLength(0);
    deps.followUps.nowMs = FOLLOW_UP_CLAIM_LEASE_MS + 1;
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(retry.tasksCreated).toBe(1);
    expect(crm.tasks.map((t) => t.contactId)).toEqual(['101']);
    expect(crm.calls.filter((c) => c.startsWith('write:'))).toHaveLength(1);
  });

  it('when the deployment sets a shorter follow-up claim lease, then a dead run\'s claim is taken over once that lease (not the default) has passed', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    await deps.followUps.claim(PORTAL, '101', 'undated'); // the dead run's claim
    deps.followUps.nowMs = 3_000;
    const shortLease = { ...deps, followUpClaimLeaseMs: 4_000 };
    await expect(qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, shortLease)).rejects.toMatchObject({ code: 'followup.claim_pending', retryAfterMs: 1_000 });
    deps.followUps.nowMs = 4_001;
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, shortLease);
    expect(retry.tasksCreated).toBe(1);
    expect(crm.tasks.map((t) => t.contactId)).toEqual(['101']);
  });

  it('when an earlier run died after HubSpot created its task (the answer was lost), then the task is found in HubSpot and not created again', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    const first = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(first.tasksCreated).toBe(1);
    const key = 'undated'; // the inquiry key of a contact without createdate or conversion date
    deps.followUps.slots.set(`${PORTAL}:101:${key}`, null); // as if the run died before recording the task id
    deps.followUps.states.clear();
    deps.followUps.nowMs = FOLLOW_UP_CLAIM_LEASE_MS + 1;
    const retry = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    expect(retry.tasksCreated).toBe(0);
    expect(crm.tasks).toHaveLength(1);
    expect(deps.followUps.slots.get(`${PORTAL}:101:${key}`)).toBe(crm.tasks[0]!.id);
    expect(crm.calls).toContain(`find-tasks:${PORTAL}:1`);
  });

  it('when a job runs, then it reserves its whole run up front and gives back the calls it did not make (never stops half-way for budget)', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '101', HOT);
    crm.add(PORTAL, '102', OUT_OF_AREA);
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102')], jobId: 'job-1' }, deps);
    expect(deps.budget.spent).toBe(3); // read, update, task
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102')], jobId: 'job-2' }, deps);
    expect(deps.budget.spent).toBe(4); // + the read of an unchanged re-run
    expect(crm.calls.filter((c) => !c.startsWith('find-tasks'))).toHaveLength(4);
  });

  it('when owners are configured, then care-ready tasks go to them round-robin', async () => {
    const { deps, crm, tenancy } = setup();
    tenancy.install(PORTAL, { ...buildDefaultCriteria(), followUp: { ownerIds: ['11', '12'] } });
    for (const id of ['101', '102', '103']) crm.add(PORTAL, id, HOT);
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101'), contactId('102'), contactId('103')], jobId: 'job-1' }, deps);
    expect(crm.tasks.map((t) => t.ownerId)).toEqual(['11', '12', '11']);
  });

  it('when contact values carry unique markers, then no audit entry and no task text contains any of them', async () => {
    const { deps, crm } = setup();
    const marked = Object.fromEntries(Object.entries(HOT).map(([k, v]) => [k, v === null ? null : `${v} MARK${k}X`]));
    crm.add(PORTAL, '101', marked);
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('101')], jobId: 'job-1' }, deps);
    const text = JSON.stringify(deps.audit.entries) + JSON.stringify(crm.tasks);
    expect(text).not.toMatch(/MARK\w+X/);
  });
});
