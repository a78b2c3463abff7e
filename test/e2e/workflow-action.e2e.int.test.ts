import { type TenantId, tenantId } from '../../src/app/ports/ids';
import { signWebhookV3, type WorkflowExecution } from '../../sandbox/hubspot-sandbox';
import { buildContact } from '../../src/core/testing/contact.factory';
import { appServicesOf } from '../../src/main/app-services';
import { eventually, installThroughOAuth, startSandboxedApp, TEST_APP_ID, type SandboxedApp } from '../support/sandbox-app';

/** Contact properties as a web form would set them (the factory's nulls are "not filled in"). */
let serial = 0;
function formValues(overrides: Record<string, string | null> = {}): Record<string, string> {
  const email = `workflow.${++serial}.${Date.now()}@example-mail.com`;
  return Object.fromEntries(Object.entries(buildContact({ email, ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

/** Calls per rolling window per portal: one execution reserves 4, so two at once cannot both run. */
const RATE_LIMIT = { maxRequests: 4, windowMs: 2000 };

describe('CareQual workflow actions, run by a sandbox workflow (web role: no queue worker qualifies anything)', () => {
  let app: SandboxedApp;
  let portalId: TenantId;
  let qualifyWorkflow: number;
  let recheckWorkflow: number;
  beforeAll(async () => {
    app = await startSandboxedApp({ role: 'web', features: { rateLimit: RATE_LIMIT }, sandbox: { workflowActionRetryDelayMs: 100 } });
    portalId = tenantId((await installThroughOAuth(app)).portalId);
    const branchOn = { outputField: 'outcome', branches: { care_ready: 'call now', disqualified: 'stop' }, otherwise: 'nurture' };
    ({ workflowId: qualifyWorkflow } = app.sandbox.workflows.createWorkflow({ portalId, appId: TEST_APP_ID, actionUid: 'carequal_qualify_action', branchOn }));
    ({ workflowId: recheckWorkflow } = app.sandbox.workflows.createWorkflow({ portalId, appId: TEST_APP_ID, actionUid: 'carequal_recheck_action', branchOn }));
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  const finished = (execution: WorkflowExecution) =>
    eventually(() => (app.sandbox.workflows.execution(execution.executionId)?.state !== 'running' ? app.sandbox.workflows.execution(execution.executionId) : undefined), 30_000, `workflow execution ${execution.executionId}`);
  const auditOf = async (contactId: string, action: 'contact.read' | 'contact.written') =>
    (await appServicesOf(app.runtime.services).audit.query({ portalId, objectId: contactId, action }, { limit: 100 })).entries;

  it('when a contact is enrolled in a workflow that runs "Qualify with CareQual", then the workflow branches on the outcome the action returned and the contact holds the same result', async () => {
    const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
    const enrolledAt = Date.now();
    const done = await finished(app.sandbox.workflows.enrol(qualifyWorkflow, id!));
    console.log(`workflow action: enrolment → outputs in ${Date.now() - enrolledAt} ms (${done.attempts.length} attempt(s), sandbox without latency)`);

    expect(done).toMatchObject({ state: 'succeeded', branch: 'call now' });
    expect(done.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', outcome: 'care_ready', band: expect.stringMatching(/^(high|medium)$/), route: expect.any(String), safety_flag: 'false' });
    const contact = app.sandbox.getContact(portalId, id!)!;
    expect(contact.properties).toMatchObject({ carequal_outcome: 'care_ready', carequal_band: done.outputFields!.band, carequal_route: done.outputFields!.route, carequal_score: String(done.outputFields!.score) });
    expect(contact.properties.carequal_respond_by).toBe(done.outputFields!.respond_by);
    expect(app.sandbox.listTasks(portalId).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('when an enrolled contact changed since, then "Re-check now" re-qualifies it with its current properties and the workflow takes the other branch; each execution read and wrote it exactly once', async () => {
    const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
    const first = await finished(app.sandbox.workflows.enrol(qualifyWorkflow, id!));
    expect(first).toMatchObject({ state: 'succeeded', branch: 'call now' });

    await app.sandbox.updateContact(portalId, id!, { zip: '99501', state: 'AK' });
    const enrolledAt = Date.now();
    const recheck = await finished(app.sandbox.workflows.enrol(recheckWorkflow, id!));
    console.log(`workflow action: a second execution took ${Date.now() - enrolledAt} ms (${recheck.attempts.length} attempt(s))`);

    expect(recheck).toMatchObject({ state: 'succeeded', branch: 'stop', outputFields: { outcome: 'disqualified', respond_by: '' } });
    expect(app.sandbox.getContact(portalId, id!)!.properties).toMatchObject({ carequal_outcome: 'disqualified' });
    const reads = await auditOf(id!, 'contact.read');
    const writes = await auditOf(id!, 'contact.written');
    const jobs = [`workflow-qualify:${first.callbackId}`, `workflow-recheck:${recheck.callbackId}`];
    expect(reads.map((e) => e.jobId).sort()).toEqual(jobs.sort());
    expect(writes.map((e) => e.jobId).sort()).toEqual(jobs.sort());
    expect(writes.every((e) => e.outcome === 'success')).toBe(true);
    expect((await appServicesOf(app.runtime.services).audit.verify(portalId)).ok).toBe(true);
  }, 60_000);

  it('when two contacts are enrolled at once and the portal\'s budget holds one execution, then the second is answered 429 with Retry-After, retried by HubSpot, and both finish within HubSpot\'s rate limit', async () => {
    const ids = await app.sandbox.createContacts(portalId, [formValues(), formValues()]);
    const executions = ids.map((id) => app.sandbox.workflows.enrol(qualifyWorkflow, id));
    const done = await Promise.all(executions.map(finished));

    expect(done.map((d) => d.state)).toEqual(['succeeded', 'succeeded']);
    const refused = done.flatMap((d) => d.attempts).filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const attempt of refused) expect(attempt.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(app.sandbox.counters(portalId).rateLimited).toBe(0);
    for (const id of ids) expect(await auditOf(id, 'contact.written')).toHaveLength(1);
    const metrics = await app.runtime.services.metrics.registry.metrics();
    expect(metrics).toMatch(/carequal_workflow_action_executions_total\{action="qualify",answer="429"\} [1-9]/);
  }, 60_000);

  describe('requests HubSpot did not sign, or not for a contact', () => {
    const requestFor = (contactId: string, objectType = 'CONTACT') =>
      JSON.stringify({ callbackId: `ap-${portalId}-manual-${contactId}`, origin: { portalId, actionDefinitionId: 1, actionDefinitionVersion: 1 }, context: { source: 'WORKFLOWS', workflowId: 1 }, object: { objectId: Number(contactId), objectType }, inputFields: {} });
    const post = (body: string, secret: string, timestamp: number) => {
      const url = `${app.baseUrl}/workflow-actions/qualify`;
      return fetch(url, {
        method: 'POST', body,
        headers: { 'content-type': 'application/json', 'x-hubspot-request-timestamp': String(timestamp), 'x-hubspot-signature-v3': signWebhookV3({ clientSecret: secret, method: 'POST', uri: url, body, timestamp }) },
      });
    };

    it('when the signature was made with another secret, then CareQual answers 401 and neither reads nor writes the contact', async () => {
      const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
      const response = await post(requestFor(id!), 'not-the-client-secret', Date.now());
      expect(response.status).toBe(401);
      expect(await auditOf(id!, 'contact.read')).toEqual([]);
      expect(app.sandbox.getContact(portalId, id!)!.properties.carequal_outcome).toBeUndefined();
    });

    it('when the timestamp is more than 5 minutes old, then CareQual answers 401 even with the right secret; the same request signed now is executed', async () => {
      const [id] = await app.sandbox.createContacts(portalId, [formValues()]);
      const body = requestFor(id!);
      expect((await post(body, app.config.HUBSPOT_CLIENT_SECRET, Date.now() - 5 * 60_000 - 1_000)).status).toBe(401);
      expect(await auditOf(id!, 'contact.read')).toEqual([]);
      const fresh = await eventually(async () => {
        const r = await post(body, app.config.HUBSPOT_CLIENT_SECRET, Date.now());
        return r.status === 429 ? undefined : r;
      }, 20_000, 'an answer other than 429');
      expect(fresh.status).toBe(200);
      expect(await fresh.json()).toMatchObject({ outputFields: { hs_execution_state: 'SUCCESS', outcome: expect.any(String) } });
    });

    it.each([
      ['a company', requestForCompany, 'workflow_action.unsupported_object'],
      ['not an execution', () => JSON.stringify({ hello: 'world' }), 'request.invalid'],
      ['not JSON', () => '{"callbackId":', 'request.malformed_json'],
    ])('when a signed body is %s, then CareQual answers 400 with a reason (HubSpot does not retry a 4xx other than 429)', async (_what, bodyOf, code) => {
      const response = await post(bodyOf(), app.config.HUBSPOT_CLIENT_SECRET, Date.now());
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
    });
    function requestForCompany(): string {
      return requestFor('12345', 'COMPANY');
    }
  });
});
