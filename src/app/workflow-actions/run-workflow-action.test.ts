import { contactId, tenantId } from '../ports/ids';
import { buildDefaultCriteria } from '../../core';
import { buildContact } from '../../core/testing/contact.factory';
import { CountingBudget, InMemoryCrm, InMemoryFollowUps, RecordingAuditLog, RecordingRechecks, StaticTenancy } from '../../../test/fakes/pipeline.fakes';
import type { QualifyDeps } from '../qualify-contacts';
import { runWorkflowAction, type WorkflowActionRequest } from './run-workflow-action';

const PORTAL = tenantId(7101);
/** Tuesday 2026-11-17 15:00 UTC = 10:00 in New York: inside business hours. */
const NOW = new Date('2026-11-17T15:00:00Z');
const REQUEST: WorkflowActionRequest = { kind: 'qualify', portalId: PORTAL, contactId: contactId('501'), callbackId: 'ap-7101-1-1-0' };

function setup() {
  const crm = new InMemoryCrm();
  const tenancy = new StaticTenancy();
  tenancy.install(PORTAL, buildDefaultCriteria());
  const deps = {
    installations: tenancy, criteria: tenancy, crm, budget: new CountingBudget(), followUps: new InMemoryFollowUps(),
    rechecks: new RecordingRechecks(), audit: new RecordingAuditLog(), clock: { now: () => NOW },
  } satisfies QualifyDeps;
  return { deps, crm, tenancy };
}

describe('runWorkflowAction', () => {
  it('when the enrolled contact is a consult request, then the outputs are the result written onto it, and the audit entries name the execution', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '501', buildContact());
    const result = await runWorkflowAction(REQUEST, deps);

    const written = crm.get(PORTAL, '501')!;
    expect(result).toEqual({
      decided: true, written: true,
      outputs: { outcome: written.carequal_outcome, band: written.carequal_band, score: Number(written.carequal_score), route: written.carequal_route, respondBy: new Date(written.carequal_respond_by!), safetyFlag: false },
    });
    expect(deps.audit.entries.map((e) => e.jobId)).toEqual(deps.audit.entries.map(() => 'workflow-qualify:ap-7101-1-1-0'));
  });

  it('when the inquiry mentions an emergency, then the safety flag is set and the outcome goes to a person', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '501', buildContact({ message: 'I have crushing chest pain right now' }));
    const result = await runWorkflowAction(REQUEST, deps);
    expect(result).toMatchObject({ decided: true, outputs: { safetyFlag: true, outcome: 'needs_review', route: 'clinical_review' } });
  });

  it('when nothing changed since the last qualification, then the same outputs come back (with the respond-by HubSpot holds) and nothing is written', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '501', buildContact());
    const first = await runWorkflowAction(REQUEST, deps);
    const again = await runWorkflowAction({ ...REQUEST, kind: 'recheck', callbackId: 'ap-7101-1-2-0' }, deps);
    expect(again).toEqual({ ...first, written: false });
    expect(crm.calls.filter((c) => c.startsWith('write:'))).toHaveLength(1);
  });

  it.each([
    ['the portal uninstalled CareQual', (t: StaticTenancy) => t.statuses.set(PORTAL, 'uninstalled'), 'portal_not_active'],
    ['the portal has no published criteria', (t: StaticTenancy) => t.published.delete(PORTAL), 'no_published_criteria'],
  ] as const)('when %s, then there is no decision (%s) and HubSpot is not called', async (_what, change, reason) => {
    const { deps, crm, tenancy } = setup();
    crm.add(PORTAL, '501', buildContact());
    change(tenancy);
    expect(await runWorkflowAction(REQUEST, deps)).toEqual({ decided: false, reason });
    expect(crm.calls).toEqual([]);
  });

  it('when the contact was deleted before the step ran, then there is no decision (contact_not_found)', async () => {
    const { deps } = setup();
    expect(await runWorkflowAction(REQUEST, deps)).toEqual({ decided: false, reason: 'contact_not_found' });
  });

  it('when HubSpot refuses the write (a portal validation rule), then there is no decision (write_refused)', async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '501', buildContact());
    crm.rejectWrites.set('501', { category: 'VALIDATION_ERROR', code: 'hubspot.validation_failed', propertyNames: ['carequal_outcome'] });
    expect(await runWorkflowAction(REQUEST, deps)).toEqual({ decided: false, reason: 'write_refused' });
  });

  it("when the portal's call budget is spent, then the execution fails retryably with the wait, before HubSpot is called", async () => {
    const { deps, crm } = setup();
    crm.add(PORTAL, '501', buildContact());
    deps.budget.exhausted = true;
    await expect(runWorkflowAction(REQUEST, deps)).rejects.toMatchObject({ code: 'hubspot.budget_exhausted', retryable: true, retryAfterMs: 1234 });
    expect(crm.calls).toEqual([]);
  });
});
