import { contactId, type TenantId, tenantId } from '../../src/app/ports/ids';
import { FollowUpTaskRepository } from '../../src/adapters/db/follow-up-task.repository';
import type { Database } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrator';
import { createHubSpotCrmGateway } from '../../src/adapters/hubspot/hubspot-crm.adapter';
import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import { qualifyContacts, type QualifyDeps } from '../../src/app/qualify-contacts';
import { buildDefaultCriteria, type Criteria } from '../../src/core';
import { buildContact } from '../../src/core/testing/contact.factory';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { buildApp } from '../../sandbox/test-support/sandbox-fixture';
import { CountingBudget, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../fakes/pipeline.fakes';
import { openTestDatabase } from '../support/databases';

/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const T0 = new Date('2026-11-17T15:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Contacts as a web form leaves them, dated by their form submission. */
let serial = 0;
function inquiry(overrides: Record<string, string | null>, submittedAt = T0): Record<string, string> {
  const values = buildContact({ email: `patient${++serial}@gmail.com`, createdate: submittedAt.toISOString(), recent_conversion_date: submittedAt.toISOString(), ...overrides });
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== null));
}

const HOT = { message: 'I need to book a consultation for my torn ACL as soon as possible', treatment_timeline: 'As soon as possible' };
const MEDIUM = {};

/**
 * The follow-up lifecycle over the wire: CareQual's HubSpot client against the local HubSpot
 * sandbox (tasks created, updated and completed through the 2026-03 task endpoints) and the
 * follow-up bookkeeping in PGlite.
 */
describe('follow-up tasks belong to the inquiry, over the HubSpot sandbox', () => {
  let hub: { sandbox: HubSpotSandbox; portalId: TenantId; tokens: { access_token: string } };
  let db: Database;
  let now = T0;
  let deps: QualifyDeps;
  const tenancy = new StaticTenancy();

  beforeAll(async () => {
    const sandbox = await startHubSpotSandbox();
    const app = buildApp();
    sandbox.registerApp(app);
    const { portalId } = sandbox.createPortal({ intakeFormFields: true });
    hub = { sandbox, portalId: tenantId(portalId), tokens: sandbox.installApp({ clientId: app.clientId, portalId }) };
    db = await openTestDatabase('pglite');
    await migrate(db);
    const client = new HubSpotClient(new HubSpotHttp({ baseUrl: hub.sandbox.url }), { getAccessToken: async () => hub.tokens.access_token });
    await bootstrapProperties(client, hub.portalId, 'standard');
    tenancy.install(hub.portalId, buildDefaultCriteria(), 1);
    deps = {
      installations: tenancy, criteria: tenancy, crm: createHubSpotCrmGateway(client), budget: new CountingBudget(),
      followUps: new FollowUpTaskRepository(db), rechecks: new RecordingRechecks(), audit: new RecordingAuditLog(), clock: { now: () => now },
    };
  }, 60_000);
  afterAll(async () => {
    await hub?.sandbox.close();
    await db?.close();
  });

  const qualify = (ids: string[]) => qualifyContacts({ portalId: hub.portalId, contactIds: ids.map(contactId), jobId: `job-${now.getTime()}` }, deps);
  const publish = (criteria: Criteria, version: number) => tenancy.install(hub.portalId, { ...criteria, version: `v${version}` }, version);
  const openTasksOf = (contactId: string) => hub.sandbox.listTasks(hub.portalId).filter((t) => t.associations.contacts?.includes(contactId) && t.properties.hs_task_status !== 'COMPLETED');
  const contact = (id: string) => hub.sandbox.getContact(hub.portalId, id)!.properties;

  it('when re-scoring twice after publishing two versions, then each inquiry keeps exactly one open task, no passed respond-by moves later, and due and priority match the contact', async () => {
    now = T0;
    const ids = await hub.sandbox.createContacts(hub.portalId, [inquiry(HOT), inquiry(MEDIUM), inquiry(HOT)]);
    await qualify(ids);
    const first = new Map(ids.map((id) => [id, contact(id).carequal_respond_by!]));

    // Version 2 lowers the high band: the medium lead becomes high. Version 3 changes points again.
    now = minutes(30); // the hot leads' 5-minute respond-by has passed, the medium one's 4 hours has not
    const v2 = buildDefaultCriteria();
    v2.bands = v2.bands.map((b) => (b.band === 'high' ? { ...b, minScore: 55 } : b));
    publish(v2, 2);
    const rescored = await qualify(ids);
    expect(rescored.tasksUpdated).toBeGreaterThan(0);
    expect(contact(ids[1]!).carequal_band).toBe('high');
    now = minutes(60);
    const v3 = { ...v2, rules: { ...v2.rules, intent: v2.rules.intent.map((r) => (r.id === 'price-question' ? { ...r, points: 8 } : r)) } };
    publish(v3, 3);
    await qualify(ids);

    expect([...first.values()].filter((at) => new Date(at) <= now)).toHaveLength(2); // the two hot leads are overdue
    for (const id of ids) {
      const open = openTasksOf(id);
      expect(open).toHaveLength(1);
      const props = contact(id);
      expect(open[0]!.properties.hs_timestamp).toBe(props.carequal_respond_by);
      expect(open[0]!.properties.hs_task_priority).toBe(props.carequal_band === 'high' ? 'HIGH' : 'MEDIUM');
      const before = new Date(first.get(id)!).getTime();
      const after = new Date(props.carequal_respond_by!).getTime();
      if (before <= now.getTime()) expect(after).toBeLessThanOrEqual(before);
    }
    expect(hub.sandbox.listTasks(hub.portalId)).toHaveLength(ids.length);
  });

  it('when a re-submission makes the message urgent, then the open task is updated to high priority, not duplicated', async () => {
    now = T0;
    publish(buildDefaultCriteria(), 4);
    const [id] = await hub.sandbox.createContacts(hub.portalId, [inquiry(MEDIUM)]);
    await qualify([id!]);
    expect(openTasksOf(id!)[0]!.properties.hs_task_priority).toBe('MEDIUM');

    now = minutes(20);
    await hub.sandbox.updateContact(hub.portalId, id!, { ...HOT, recent_conversion_date: now.toISOString() });
    const outcome = await qualify([id!]);
    expect(outcome).toMatchObject({ tasksCreated: 0, tasksUpdated: 1 });
    const open = openTasksOf(id!);
    expect(open).toHaveLength(1);
    expect(contact(id!).carequal_band).toBe('high');
    expect(open[0]!.properties).toMatchObject({ hs_task_priority: 'HIGH', hs_timestamp: contact(id!).carequal_respond_by });
    expect(open[0]!.properties.hs_task_subject).toMatch(/^CareQual: Call now — high priority/);
  });

  it('when a lead stops being care-ready, then its open task is completed with a note, not deleted', async () => {
    now = T0;
    const [id] = await hub.sandbox.createContacts(hub.portalId, [inquiry(MEDIUM)]);
    await qualify([id!]);
    now = minutes(10);
    await hub.sandbox.updateContact(hub.portalId, id!, { treatment_timeline: 'In 6+ months', message: 'Just reading about options, next year maybe.', recent_conversion_event_name: 'Guide download', first_conversion_event_name: 'Guide download' });
    const outcome = await qualify([id!]);
    expect(outcome.tasksCompleted).toBe(1);
    const tasks = hub.sandbox.listTasks(hub.portalId).filter((t) => t.associations.contacts?.includes(id!));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties).toMatchObject({ hs_task_status: 'COMPLETED' });
    expect(tasks[0]!.properties.hs_task_subject).toMatch(/^CareQual: closed — re-scored/);
  });

  it('when an inquiry is older than the configured follow-up age, then a re-score creates no task for it', async () => {
    now = T0;
    publish({ ...buildDefaultCriteria(), followUp: { ownerIds: [], maxInquiryAgeDays: 7 } }, 5);
    const [old, recent] = await hub.sandbox.createContacts(hub.portalId, [inquiry(HOT, new Date(T0.getTime() - 8 * 86_400_000)), inquiry(HOT, new Date(T0.getTime() - 6 * 86_400_000))]);
    const outcome = await qualify([old!, recent!]);
    expect(outcome.outcomes.care_ready).toBe(2);
    expect(openTasksOf(old!)).toHaveLength(0);
    expect(openTasksOf(recent!)).toHaveLength(1);
  });
});
