import { contactId, tenantId } from './ports/ids';
import { buildDefaultCriteria, getBuiltInSafetyScreen, type Criteria } from '../core';
import { buildContact } from '../core/testing/contact.factory';
import { CountingBudget, InMemoryCrm, InMemoryFollowUps, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../../test/fakes/pipeline.fakes';
import { qualifyContacts, type QualifyDeps } from './qualify-contacts';

const PORTAL = tenantId(7002);
/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const OPEN = new Date('2026-11-17T15:00:00Z');
/** Saturday 2026-11-21 22:10 in New York (Sunday 03:10 UTC): the practice is closed until Monday. */
const SATURDAY_NIGHT = new Date('2026-11-22T03:10:00Z');

function setup(now: Date, followUp?: Criteria['followUp']) {
  const crm = new InMemoryCrm();
  const tenancy = new StaticTenancy();
  tenancy.install(PORTAL, { ...buildDefaultCriteria(), ...(followUp ? { followUp } : {}) });
  const deps = {
    installations: tenancy, criteria: tenancy, crm, budget: new CountingBudget(), followUps: new InMemoryFollowUps(),
    rechecks: new RecordingRechecks(), audit: new RecordingAuditLog(), clock: { now: () => now },
  } satisfies QualifyDeps;
  return { deps, crm };
}

const MESSAGE = 'Tengo dolor en el pecho y me falta el aire desde anoche';
/** Would be disqualified (out of area, no consent) and nurtured on its own merits. */
const FLAGGED_BUT_STOPPED = buildContact({ message: MESSAGE, zip: '99501', state: 'AK', do_not_contact: 'true', treatment_timeline: '6+ months' });
const FLAGGED_NURTURE = buildContact({ message: 'my son took a whole bottle of pills', treatment_timeline: 'Not sure', decision_maker: null, recent_conversion_event_name: 'Download: Guide to knee pain' });

describe('qualifyContacts — safety-flagged inquiries', () => {
  it('when flagged inquiries would otherwise be disqualified or nurtured, then each gets needs_review, clinical_review and exactly one HIGH task naming the category', async () => {
    const { deps, crm } = setup(OPEN);
    crm.add(PORTAL, '201', FLAGGED_BUT_STOPPED);
    crm.add(PORTAL, '202', FLAGGED_NURTURE);
    const outcome = await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('201'), contactId('202')], jobId: 'job-1' }, deps);

    expect(outcome).toMatchObject({ tasksCreated: 2, outcomes: { needs_review: 2 } });
    for (const id of ['201', '202']) expect(crm.get(PORTAL, id)).toMatchObject({ carequal_outcome: 'needs_review', carequal_route: 'clinical_review', carequal_disqualification_reasons: '' });
    expect(crm.get(PORTAL, '201')!.carequal_reasons).toMatch(/^possible emergency: chest pain or heart \(Spanish\), breathing \(Spanish\)/);
    const byContact = new Map(crm.tasks.map((t) => [t.contactId, t]));
    expect(byContact.get(contactId('201'))).toMatchObject({ priority: 'HIGH', subject: 'CareQual: urgent — possible emergency (chest pain or heart, breathing) — review now' });
    expect(byContact.get(contactId('202'))).toMatchObject({ priority: 'HIGH', subject: 'CareQual: urgent — possible emergency (overdose or poisoning) — review now' });

    const later = { ...deps, clock: { now: () => new Date(OPEN.getTime() + 600_000) } };
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('201'), contactId('202')], jobId: 'job-2' }, later);
    expect(crm.tasks).toHaveLength(2);
  });

  // Since safety-2026.12.15, 204 also matches the `urgent` category (a phrase, not the grammar), so its task names both categories, the infant's first.
  it.each([
    ['204', 'my 3 week old is throwing up green and feels hot', 'infant or child warning signs', 'infant or child warning signs, severe or sudden symptoms'],
    ['205', 'out of nowhere the worst pain of my life in my belly', 'severe or sudden symptoms', 'severe or sudden symptoms'],
  ])('when contact %s is flagged by a category added for held-out-6 (%p), then its reasons and its HIGH task name that category', async (id, message, words, taskWords) => {
    const { deps, crm } = setup(OPEN);
    crm.add(PORTAL, id, buildContact({ message }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId(id)], jobId: 'job-1' }, deps);
    expect(crm.get(PORTAL, id)).toMatchObject({ carequal_outcome: 'needs_review', carequal_route: 'clinical_review' });
    expect(crm.get(PORTAL, id)!.carequal_reasons).toMatch(new RegExp(`^possible emergency: ${words} \\(English\\)`));
    expect(crm.tasks).toEqual([expect.objectContaining({ priority: 'HIGH', subject: `CareQual: urgent — possible emergency (${taskWords}) — review now` })]);
  });

  it('when a flagged inquiry is qualified, then neither its task nor its reasons contain any word the patient wrote', async () => {
    const { deps, crm } = setup(OPEN);
    crm.add(PORTAL, '203', buildContact({ message: 'zqxmarker1 I cant breathe zqxmarker2', service_interest: 'zqxmarker3' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('203')], jobId: 'job-1' }, deps);
    const task = crm.tasks[0]!;
    expect(`${task.subject} ${task.body} ${crm.get(PORTAL, '203')!.carequal_reasons}`).not.toMatch(/zqxmarker|cant|breathe/i);
  });

  it('when an inquiry is qualified, then HubSpot and the audit entry record the safety lexicon version beside the criteria', async () => {
    const { deps, crm } = setup(OPEN);
    crm.add(PORTAL, '207', buildContact({ message: 'my chest hurts so bad' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('207')], jobId: 'job-1' }, deps);
    const { version } = getBuiltInSafetyScreen();
    expect(crm.get(PORTAL, '207')!.carequal_safety_version).toBe(version);
    const qualified = deps.audit.entries.find((e) => e.action === 'contact.qualified');
    expect(qualified?.criteriaVersion).toMatch(new RegExp(`^[0-9a-f]{64}:${version.replace(/\./g, '\\.')}$`));
  });

  it('when clinical reviewers are configured, then flagged tasks go to them and care-ready tasks to the intake owners', async () => {
    const { deps, crm } = setup(OPEN, { ownerIds: ['11'], clinicalReviewerIds: ['21', '22'], afterHoursOwnerId: '99' });
    crm.add(PORTAL, '204', buildContact({ message: 'i think im having a stroke, my face is drooping' }));
    crm.add(PORTAL, '205', buildContact());
    crm.add(PORTAL, '206', buildContact({ message: 'my chest hurts so bad' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('204'), contactId('205'), contactId('206')], jobId: 'job-1' }, deps);
    const owners = Object.fromEntries(crm.tasks.map((t) => [t.contactId, t.ownerId]));
    // One turn counter per portal is shared by both pools (FollowUpTaskStore.nextOwner), so only membership is fixed.
    expect(['21', '22']).toContain(owners['204']);
    expect(['21', '22']).toContain(owners['206']);
    expect(owners['205']).toBe('11');
  });

  it('when an inquiry is flagged at 22:10 on a Saturday, then its task goes to the after-hours owner, due within the safety SLA', async () => {
    const { deps, crm } = setup(SATURDAY_NIGHT, { ownerIds: ['11'], clinicalReviewerIds: ['21'], afterHoursOwnerId: '99' });
    crm.add(PORTAL, '207', buildContact({ message: 'my daughter had a seizure and wont wake up' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('207')], jobId: 'job-1' }, deps);
    const task = crm.tasks[0]!;
    expect(task).toMatchObject({ ownerId: '99', priority: 'HIGH' });
    expect(task.dueAt.getTime() - SATURDAY_NIGHT.getTime()).toBe(buildDefaultCriteria().safety.slaMinutes * 60_000);
  });

  it('when an inquiry is flagged at 22:10 on a Saturday and no after-hours owner is set, then it goes to the clinical reviewers as usual', async () => {
    const { deps, crm } = setup(SATURDAY_NIGHT, { ownerIds: ['11'], clinicalReviewerIds: ['21'] });
    crm.add(PORTAL, '208', buildContact({ message: 'took too many pills' }));
    await qualifyContacts({ portalId: PORTAL, contactIds: [contactId('208')], jobId: 'job-1' }, deps);
    expect(crm.tasks[0]).toMatchObject({ ownerId: '21', priority: 'HIGH' });
  });
});
