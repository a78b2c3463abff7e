import { contactId, tenantId } from './ports/ids';
import { buildDefaultCriteria } from '../core';
import { buildContact } from '../core/testing/contact.factory';
import { CountingBudget, InMemoryCrm, InMemoryFollowUps, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../../test/fakes/pipeline.fakes';
import { qualifyContacts, type QualifyDeps } from './qualify-contacts';

const PORTAL = tenantId(7002);
/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const T0 = new Date('2026-11-17T15:00:00Z');

function setup() {
  const crm = new InMemoryCrm();
  const tenancy = new StaticTenancy();
  tenancy.install(PORTAL, buildDefaultCriteria());
  let now = T0;
  const deps = {
    installations: tenancy, criteria: tenancy, crm, budget: new CountingBudget(), followUps: new InMemoryFollowUps(),
    rechecks: new RecordingRechecks(), audit: new RecordingAuditLog(), clock: { now: () => now },
  } satisfies QualifyDeps;
  return { deps, crm, setNow: (at: Date) => (now = at) };
}

const dated = (at: Date, overrides: Record<string, string | null> = {}) => buildContact({ createdate: at.toISOString(), recent_conversion_date: at.toISOString(), ...overrides });

describe('follow-up tasks per inquiry', () => {
  it('when an inquiry mentions an emergency, then it gets one task at HIGH priority that names the category and quotes nothing the patient wrote', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '301', dated(T0, { message: 'I have chest pain and my knee gave out' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('301')], jobId: 'j1' }, deps);
    expect(crm.tasks).toHaveLength(1);
    expect(crm.tasks[0]).toMatchObject({ priority: 'HIGH' });
    expect(crm.tasks[0]!.subject).toBe('CareQual: urgent — possible emergency (chest pain or heart) — review now');
    expect(crm.tasks[0]!.subject + crm.tasks[0]!.body).not.toMatch(/chest pain and|knee|gave out/i);
  });

  it('when a new form submission arrives while the first task is still open, then that task moves to the new inquiry (updated, not a second one)', async () => {
    const { deps, crm, setNow } = setup();
    crm.add(PORTAL, '302', dated(T0, { treatment_timeline: 'Within 2 weeks' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('302')], jobId: 'j1' }, deps);
    const later = new Date(T0.getTime() + 2 * 3_600_000);
    setNow(later);
    Object.assign(crm.get(PORTAL, '302')!, { recent_conversion_date: later.toISOString(), treatment_timeline: 'ASAP', message: 'Please call me today, I need to book asap' });
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('302')], jobId: 'j2' }, deps);
    expect(outcome).toMatchObject({ tasksCreated: 0, tasksUpdated: 1 });
    expect(crm.openTasks(PORTAL)).toHaveLength(1);
    expect(crm.tasks[0]!.dueAt.toISOString()).toBe(crm.get(PORTAL, '302')!.carequal_respond_by);
  });

  it('when an inquiry is older than 14 days (the default follow-up age), then a re-score creates no task', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '303', dated(new Date(T0.getTime() - 15 * 86_400_000)));
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('303')], jobId: 'j1' }, deps);
    expect(outcome.outcomes.care_ready).toBe(1);
    expect(crm.tasks).toHaveLength(0);
  });

  it('when a re-score changes nothing, then the task is neither updated nor created again', async () => {
    const { deps, crm, setNow } = setup();
    crm.add(PORTAL, '304', dated(T0));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('304')], jobId: 'j1' }, deps);
    setNow(new Date(T0.getTime() + 600_000));
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('304')], jobId: 'j2' }, deps);
    expect(outcome).toMatchObject({ tasksCreated: 0, tasksUpdated: 0, tasksCompleted: 0 });
    expect(crm.calls.filter((c) => c.startsWith('update-tasks'))).toEqual([]);
  });
});
