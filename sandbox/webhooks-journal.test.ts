import { OpenApiContract } from './test-support/openapi-contract';
import { callHubSpot, startInstalledSandbox, type InstalledSandbox } from './test-support/sandbox-fixture';

const READ = 'developer.webhooks_journal.read';
const WRITE = 'developer.webhooks_journal.subscriptions.write';

/**
 * The webhooks journal and its client-credentials token, checked against HubSpot's specs
 * (2026-03/webhooks-journal.json, 2026-03/oauth.json): requests and answers both.
 */
describe('HubSpot sandbox: webhooks journal (app lifecycle events)', () => {
  const contract = new OpenApiContract();
  let env: InstalledSandbox;

  async function exchange(method: string, path: string, opts: { json?: unknown; form?: Record<string, string>; token?: string } = {}) {
    if (opts.json !== undefined) contract.assertRequest(method, path, opts.json);
    const answer = await callHubSpot(env.sandbox.url, method, path, opts);
    contract.assertResponse(method, path, answer.status, answer.body);
    return answer;
  }

  async function appToken(scope = `${READ} ${WRITE}`): Promise<string> {
    const answer = await exchange('POST', '/oauth/2026-03/token', { form: { grant_type: 'client_credentials', client_id: env.app.clientId, client_secret: env.app.clientSecret, scope } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_use: 'client_credentials', expires_in: 1800 });
    expect(answer.body.refresh_token).toBeUndefined();
    return answer.body.access_token as string;
  }

  const lifecycle = (portalId: number) => ({ subscriptionType: 'APP_LIFECYCLE_EVENT', eventTypeId: 'app_lifecycle', properties: [], portalId });

  beforeEach(async () => {
    env = await startInstalledSandbox();
  });
  afterEach(() => env.sandbox.close());

  it('when a lifecycle subscription is upserted twice for an install, then it is one subscription (SubscriptionResponse) and listed once', async () => {
    const token = await appToken();
    const first = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token, json: lifecycle(env.portalId) });
    const second = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token, json: lifecycle(env.portalId) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ subscriptionType: 'APP_LIFECYCLE_EVENT', appId: env.app.appId, portalId: env.portalId, actions: ['APP_INSTALL', 'APP_UNINSTALL'] });
    expect(second.body.id).toBe(first.body.id);
    const listed = await exchange('GET', '/webhooks-journal/subscriptions/2026-03', { token });
    expect(listed.body.results.map((s: { id: number }) => s.id)).toEqual([first.body.id]);
  });

  it('when the app is uninstalled from a subscribed portal, then the journal holds one APP_UNINSTALL entry whose pre-signed file names the portal, and the portal\'s subscription ends', async () => {
    const token = await appToken();
    await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token, json: lifecycle(env.portalId) });
    const empty = await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token });
    expect(empty.body.results).toEqual([]);

    env.sandbox.uninstallApp(env.portalId, env.app.appId);
    const batch = await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token });
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(1);
    const entry = batch.body.results[0] as { currentOffset: string; url: string };
    const file = await fetch(entry.url);
    expect(file.status).toBe(200);
    expect(await file.json()).toEqual([expect.objectContaining({ subscriptionType: 'APP_LIFECYCLE_EVENT', action: 'APP_UNINSTALL', portalId: env.portalId, appId: env.app.appId })]);

    const next = await exchange('GET', `/webhooks-journal/journal/2026-03/batch/${entry.currentOffset}/next/10`, { token });
    expect(next.body.results).toEqual([]);
    expect(env.sandbox.journalSubscriptions(env.app.appId)).toEqual([]);
    expect((await fetch(entry.url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
  });

  it('when no subscription covers the portal, then an uninstall leaves the journal empty', async () => {
    const token = await appToken();
    env.sandbox.uninstallApp(env.portalId, env.app.appId);
    expect((await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token })).body.results).toEqual([]);
    expect(env.sandbox.journalEvents()).toEqual([]);
  });

  it('when the uninstall comes through the sandbox control API, then the journal records it too', async () => {
    const token = await appToken();
    await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token, json: lifecycle(env.portalId) });
    expect((await fetch(`${env.sandbox.url}/_sandbox/portals/${env.portalId}/installs/${env.app.appId}`, { method: 'DELETE' })).status).toBe(204);
    const events = await callHubSpot(env.sandbox.url, 'GET', '/_sandbox/journal/events');
    expect(events.body.results).toEqual([expect.objectContaining({ action: 'APP_UNINSTALL', portalId: env.portalId })]);
  });

  it('when the journal is called with a portal\'s OAuth token, no token, or a token without the scope, then it refuses (401 / 403 MISSING_SCOPES)', async () => {
    expect((await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token: env.tokens.access_token })).status).toBe(401);
    expect((await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10')).status).toBe(401);
    const readOnly = await appToken(READ);
    const refused = await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token: readOnly, json: lifecycle(env.portalId) });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ category: 'MISSING_SCOPES' });
  });

  it('when the client-credentials grant has a wrong secret or no journal scope, then the token endpoint refuses it', async () => {
    const badSecret = await exchange('POST', '/oauth/2026-03/token', { form: { grant_type: 'client_credentials', client_id: env.app.clientId, client_secret: 'nope', scope: READ } });
    expect(badSecret.status).toBe(400);
    expect(badSecret.body).toMatchObject({ status: 'BAD_CLIENT_SECRET' });
    const badScope = await exchange('POST', '/oauth/2026-03/token', { form: { grant_type: 'client_credentials', client_id: env.app.clientId, client_secret: env.app.clientSecret, scope: 'crm.objects.contacts.read' } });
    expect(badScope.status).toBe(400);
  });

  it('when an entry is older than the 3 days the journal keeps, then it is gone: its offset is refused (400) and earliest starts after it', async () => {
    let token = await appToken();
    await exchange('POST', '/webhooks-journal/subscriptions/2026-03', { token, json: lifecycle(env.portalId) });
    env.sandbox.uninstallApp(env.portalId, env.app.appId);
    const old = (await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token })).body.results[0] as { currentOffset: string; url: string };
    expect(old).toBeDefined();

    env.sandbox.advanceTime(3 * 24 * 60 * 60 * 1000 - 60_000);
    token = await appToken(); // app tokens live 30 minutes
    expect((await exchange('GET', `/webhooks-journal/journal/2026-03/batch/${old.currentOffset}/next/10`, { token })).status).toBe(200);

    env.sandbox.advanceTime(60_001);
    const after = await exchange('GET', `/webhooks-journal/journal/2026-03/batch/${old.currentOffset}/next/10`, { token });
    expect(after.status).toBe(400);
    expect(after.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect((await exchange('GET', '/webhooks-journal/journal/2026-03/batch/earliest/10', { token })).body.results).toEqual([]);
  });

  it('when a lifecycle subscription lacks eventTypeId, or an offset is unknown, then the answer is 400 VALIDATION_ERROR', async () => {
    const token = await appToken();
    const noType = await callHubSpot(env.sandbox.url, 'POST', '/webhooks-journal/subscriptions/2026-03', { token, json: { subscriptionType: 'APP_LIFECYCLE_EVENT', properties: [] } });
    expect(noType.status).toBe(400);
    contract.assertResponse('POST', '/webhooks-journal/subscriptions/2026-03', noType.status, noType.body);
    const unknown = await exchange('GET', '/webhooks-journal/journal/2026-03/batch/00000000-0000-4000-8000-000000000000/next/10', { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ category: 'VALIDATION_ERROR' });
  });
});
