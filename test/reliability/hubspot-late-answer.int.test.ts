import { tenantId } from '../../src/app/ports/ids';
import { startLateAnswerProxy, type LateAnswerProxy } from '../support/late-answer-proxy';
import { expectRecovered, inquiry } from '../support/reliability-probes';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

async function taskCallFailures(app: SandboxedApp): Promise<number> {
  return (await app.runtime.services.metrics.hubspotCalls.get()).values.filter((v) => v.labels.operation === 'tasks.batch_create' && v.labels.status === 'network_error').reduce((n, v) => n + v.value, 0);
}

/**
 * HubSpot does the work but CareQual never hears back (its 10 s timeout fires first): the one
 * case where a retry cannot know whether to create again. Follow-up tasks are not idempotent in
 * HubSpot, so this is where a duplicate task would come from.
 */
describe('an answer that comes after CareQual gave up', () => {
  let app: SandboxedApp;
  let proxy: LateAnswerProxy;
  beforeAll(async () => {
    proxy = await startLateAnswerProxy();
    app = await startSandboxedApp({ env: { HUBSPOT_API_BASE_URL: proxy.url } });
    proxy.setTarget(app.sandbox.url);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
  });

  it('when HubSpot creates the follow-up tasks but its answer arrives only after CareQual\'s timeout, then the retry finds those tasks and creates no second one', async () => {
    const { portalId } = await installThroughOAuth(app);
    proxy.lateFor((method, path) => method === 'POST' && /\/tasks\/batch\/create$/.test(path), 10_600);
    const ids = await app.sandbox.createContacts(portalId, [inquiry(), inquiry()]);
    // HubSpot did the work: the tasks exist while CareQual is still waiting for the answer.
    await eventually(() => (app.sandbox.listTasks(portalId).length >= ids.length ? true : undefined), 30_000, 'the tasks in HubSpot');
    await eventually(async () => ((await taskCallFailures(app)) > 0 ? true : undefined), 30_000, 'the task call timing out');
    proxy.lateFor(() => false, 0);
    expect(proxy.held).toBe(1);

    // The retry settles both claims: each contact's task recorded once (after the claim's lease if the answer was lost).
    await eventually(async () => {
      const { rows } = await app.runtime.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM follow_up_tasks WHERE portal_id = $1 AND hubspot_task_id IS NOT NULL', [portalId]);
      return rows[0]!.n === ids.length ? true : undefined;
    }, 60_000, 'both tasks recorded');
    await expectRecovered(app, tenantId(portalId), ids, 60_000);
    expect(app.sandbox.listTasks(portalId)).toHaveLength(ids.length);
  }, 150_000);
});
