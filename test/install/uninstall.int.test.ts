import { contactId, type TenantId, tenantId } from '../../src/app/ports/ids';
import nock from 'nock';
import { PassThrough } from 'node:stream';
import { AppTokenProvider } from '../../src/adapters/hubspot/app-token.provider';
import { createLifecycleSubscriber } from '../../src/adapters/hubspot/journal.client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { callHubSpot } from '../../sandbox/test-support/sandbox-fixture';
import type { Database } from '../../src/adapters/db/database';
import { EffectivenessRepository } from '../../src/adapters/db/effectiveness.repository';
import { FollowUpTaskRepository } from '../../src/adapters/db/follow-up-task.repository';
import { JournalCursorRepository } from '../../src/adapters/db/journal-cursor.repository';
import { migrate } from '../../src/adapters/db/migrator';
import { JournalUninstallPoller } from '../../src/adapters/hubspot/journal-uninstall.poller';
import { recordUninstallFromHubSpot, uninstallPortal } from '../../src/app/uninstall-portal';
import { createLogger, createSilentLogger } from '../../src/observability/logger';
import { buildTestConfig } from '../support/config';
import { databaseEngines, openTestDatabase } from '../support/databases';
import { installThroughBrowser, startTenancyStack, TEST_OPTIONAL_SCOPES, TEST_REQUIRED_SCOPES, TestBrowser } from '../support/tenancy-stack';

const APP_ID = 4243;
const CLIENT_ID = 'carequal-uninstall-client';
const CLIENT_SECRET = 'carequal-uninstall-client-secret-0123';

describe.each(databaseEngines())('Uninstall and its detection (%s)', (engine) => {
  let db: Database;
  let sandbox: HubSpotSandbox;
  let stack: Awaited<ReturnType<typeof startTenancyStack>>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    sandbox = await startHubSpotSandbox();
    stack = await startTenancyStack({
      db,
      buildConfig: (publicBaseUrl) => buildTestConfig({
        PUBLIC_BASE_URL: publicBaseUrl, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url,
        HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: CLIENT_SECRET, HUBSPOT_APP_ID: String(APP_ID),
      }),
    });
    sandbox.registerApp({ appId: APP_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${stack.baseUrl}/oauth/callback`], scopes: TEST_REQUIRED_SCOPES, optionalScopes: TEST_OPTIONAL_SCOPES });
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
    await db?.close();
  });
  beforeEach(() => stack.audit.clear());
  afterEach(() => nock.cleanAll());

  async function installedPortal(): Promise<number> {
    const { portalId } = sandbox.createPortal({ users: [{ id: 801, email: 'admin@harbor-clinic.example', superAdmin: true }] });
    const { callback } = await installThroughBrowser(new TestBrowser(), stack.baseUrl, portalId);
    if (callback.status !== 302) throw new Error(`install failed: ${callback.status}`);
    stack.audit.clear();
    return portalId;
  }

  function uninstallDeps() {
    return { installations: stack.installations, hubspot: stack.hubspot, oauth: stack.oauth, purge: stack.purge, audit: stack.audit, warn: () => undefined };
  }

  it('when an operator uninstalls a portal, then HubSpot uninstalls the app, the refresh token is revoked, tokens and criteria are purged, the audit stays', async () => {
    const portalId = await installedPortal();
    const { accessToken, refreshToken } = await stack.installations.getTokens(portalId);
    const result = await uninstallPortal(uninstallDeps(), tenantId(portalId), { kind: 'system', role: 'cli' });
    expect(result).toEqual({ portalId, hubspotUninstalled: true, refreshTokenRevoked: true, criteriaVersionsDeleted: 1 });

    expect((await callHubSpot(sandbox.url, 'GET', '/crm/owners/2026-03', { token: accessToken })).status).toBe(401);
    const refresh = await callHubSpot(sandbox.url, 'POST', '/oauth/2026-03/token', { form: { grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: refreshToken } });
    expect(refresh.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });

    const { rows } = await db.query<Record<string, unknown>>('SELECT status, access_token_enc, refresh_token_enc FROM installations WHERE portal_id = $1', [portalId]);
    expect(rows[0]).toEqual({ status: 'uninstalled', access_token_enc: null, refresh_token_enc: null });
    expect(await stack.criteria.listVersions(portalId)).toEqual([]);
    expect(await stack.criteria.tryGetPublished(portalId)).toBeUndefined();
    expect(stack.audit.entries.map((e) => [e.action, e.actor.kind])).toEqual([['installation.uninstalled', 'system'], ['token.revoked', 'system']]);
    await expect(uninstallPortal(uninstallDeps(), tenantId(portalId), { kind: 'system', role: 'cli' })).rejects.toMatchObject({ code: 'installation.already_uninstalled' });
  });

  it('when an operator uninstalls a portal, then its effectiveness runs, cells, checkpoints and signal settings and its follow-up bookkeeping go and another portal\'s stay', async () => {
    const gone = await installedPortal();
    const kept = await installedPortal();
    const store = new EffectivenessRepository(db);
    const followUps = new FollowUpTaskRepository(db);
    const report = { cells: [{ criteriaVersion: 'v1', band: 'high', outcome: 'care_ready', route: 'intake_call_now', weekStart: '2026-11-02', leads: 12, booked: 4, due: 12, met: 9 }] };
    for (const portalId of [gone, kept]) {
      const window = { windowStart: new Date('2026-09-01T00:00:00Z'), windowEnd: new Date('2026-11-30T00:00:00Z'), basis: 'b' };
      await store.startRun({ id: `done-${portalId}`, portalId: tenantId(portalId), requestedBy: 'cli', ...window });
      await store.finishRun(`done-${portalId}`, report as never, { contactsRead: 12, hubspotCalls: 13 });
      await store.startRun({ id: `open-${portalId}`, portalId: tenantId(portalId), requestedBy: 'nightly', jobId: `job-${portalId}`, ...window });
      await store.saveCheckpoint(`open-${portalId}`, { sliceStart: window.windowStart, tally: { leads: 3 } as never, contactsRead: 3 }, { contactsRead: 3, hubspotCalls: 1 });
      await store.saveSignals(portalId, { dispositionBooked: true, bookedLifecycleStages: ['customer'], bookedDateProperty: null, bookedProperty: null, firstOutreachProperty: null, countTaskCompletion: false });
      expect(await followUps.claim(portalId, contactId('501'), 'inquiry-1')).toBe(true);
      await followUps.recordCreated(portalId, contactId('501'), 'inquiry-1', `task-${portalId}`, '77', { band: 'high', route: 'intake_call_now', priority: 'HIGH', dueAt: new Date('2026-11-30T15:00:00Z'), open: true });
      await followUps.nextOwner(portalId, ['77', '78']);
    }
    await uninstallPortal(uninstallDeps(), tenantId(gone), { kind: 'system', role: 'cli' });

    const countOf = async (table: string, portalId: TenantId) => {
      const where = table === 'effectiveness_checkpoints' ? 'run_id IN ($1, $2)' : 'portal_id = $1';
      const params = table === 'effectiveness_checkpoints' ? [`open-${portalId}`, `done-${portalId}`] : [portalId];
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
      return rows[0]!.n;
    };
    const tables = ['effectiveness_runs', 'effectiveness_cells', 'effectiveness_checkpoints', 'effectiveness_settings', 'follow_up_tasks', 'owner_rotation'];
    expect(await Promise.all(tables.map((t) => countOf(t, tenantId(gone))))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await Promise.all(tables.map((t) => countOf(t, tenantId(kept))))).toEqual([2, 1, 1, 1, 1, 1]);
  });

  it('when the practice removed the app in HubSpot first, then the uninstall command still purges', async () => {
    const portalId = await installedPortal();
    sandbox.uninstallApp(portalId, APP_ID);
    await db.query('UPDATE installations SET access_token_expires_at = now() WHERE portal_id = $1', [portalId]);
    const result = await uninstallPortal(uninstallDeps(), tenantId(portalId), { kind: 'system', role: 'cli' });
    expect(result).toMatchObject({ hubspotUninstalled: false, refreshTokenRevoked: true });
    expect(await stack.installations.tryGetStatus(portalId)).toBe('uninstalled');
  });

  it('when HubSpot refuses the revoked refresh token at the next refresh, then the installation needs re-authorisation', async () => {
    const portalId = await installedPortal();
    const { refreshToken } = await stack.installations.getTokens(portalId);
    sandbox.revokeRefreshToken(refreshToken);
    await db.query('UPDATE installations SET access_token_expires_at = now() WHERE portal_id = $1', [portalId]);
    await expect(stack.hubspot.listOwners(portalId)).rejects.toMatchObject({ code: 'installation.needs_reauth' });
    expect(await stack.installations.tryGetStatus(portalId)).toBe('needs_reauth');
    expect(stack.audit.entries.map((e) => e.action)).toEqual(['token.refresh_failed', 'installation.needs_reauth']);
  });

  it('when the webhooks journal reports APP_UNINSTALL, then only that portal is purged (jobs dropped, audited as HubSpot) and the cursor moves past it', async () => {
    const gone = await installedPortal();
    const kept = await installedPortal();
    const appToken = new AppTokenProvider(stack.oauth);
    const subscriber = createLifecycleSubscriber(stack.http, appToken);
    await subscriber.subscribe(tenantId(gone));
    await subscriber.subscribe(tenantId(kept));
    sandbox.uninstallApp(gone, APP_ID);

    const dropped: number[] = [];
    const cursor = new JournalCursorRepository(db, `test-${engine}`);
    const poller = new JournalUninstallPoller({
      http: stack.http, appToken, cursor, appId: APP_ID, lock: { withLock: (_name, fn) => fn() }, logger: createSilentLogger(),
      onUninstall: async (portalId) => (await recordUninstallFromHubSpot({
        purge: stack.purge, audit: stack.audit, jobs: { dropQueued: async (p) => (dropped.push(p), 3) },
      }, portalId, 'hubspot_journal_app_uninstall')).uninstalled,
    });
    expect(await poller.pollOnce()).toEqual({ entries: 1, uninstalled: [gone] });
    const offset = await cursor.tryGet();
    expect(offset).toMatch(/^[0-9a-f-]{36}$/);
    expect(await poller.pollOnce()).toEqual({ entries: 0, uninstalled: [] });
    expect(await cursor.tryGet()).toBe(offset);

    expect(await stack.installations.tryGet(gone)).toMatchObject({ status: 'uninstalled', statusReason: 'hubspot_journal_app_uninstall' });
    expect(await stack.installations.tryGetStatus(kept)).toBe('active');
    expect(dropped).toEqual([gone]);
    expect(stack.audit.entries).toEqual([expect.objectContaining({ portalId: gone, action: 'installation.uninstalled', actor: { kind: 'hubspot' } })]);
  });

  it('when the poller was away longer than the 3 days the journal keeps, then it resumes at the earliest entry kept, says so once, and purges what came after', async () => {
    const first = await installedPortal();
    const later = await installedPortal();
    const appToken = new AppTokenProvider(stack.oauth);
    const subscriber = createLifecycleSubscriber(stack.http, appToken);
    await subscriber.subscribe(tenantId(first));
    await subscriber.subscribe(tenantId(later));
    sandbox.uninstallApp(first, APP_ID);
    let logged = '';
    const stream = new PassThrough().on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const poller = new JournalUninstallPoller({
      http: stack.http, appToken, cursor: new JournalCursorRepository(db, `expiry-${engine}`), appId: APP_ID, lock: { withLock: (_name, fn) => fn() },
      logger: createLogger({ level: 'info', format: 'json', stream }),
      onUninstall: async (portalId) => (await recordUninstallFromHubSpot({ purge: stack.purge, audit: stack.audit, jobs: { dropQueued: async () => 0 } }, portalId, 'hubspot_journal_app_uninstall')).uninstalled,
    });
    const before = await poller.pollOnce();
    expect(before.uninstalled).toEqual([first]);
    expect(before.offsetExpired).toBeUndefined();

    sandbox.advanceTime(3 * 24 * 60 * 60 * 1000 + 1000); // the stored offset's entry leaves the journal
    sandbox.uninstallApp(later, APP_ID);
    expect(await poller.pollOnce()).toEqual({ entries: 1, uninstalled: [later], offsetExpired: true });
    expect(await poller.pollOnce()).toEqual({ entries: 0, uninstalled: [] });
    expect(await stack.installations.tryGetStatus(later)).toBe('uninstalled');
    const warnings = logged.split('\n').filter((line) => line.includes('journal.offset_expired'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'error', code: 'journal.offset_expired', status: 400 });
  });

  it('when a journal entry is read again (a crash before the cursor moved), then the purge is not repeated or audited twice', async () => {
    const portalId = await installedPortal();
    const deps = { purge: stack.purge, audit: stack.audit, jobs: { dropQueued: async () => 0 } };
    expect(await recordUninstallFromHubSpot(deps, tenantId(portalId), 'hubspot_journal_app_uninstall')).toEqual({ uninstalled: true, jobsDropped: 0 });
    expect(await recordUninstallFromHubSpot(deps, tenantId(portalId), 'hubspot_journal_app_uninstall')).toEqual({ uninstalled: false, jobsDropped: 0 });
    expect(stack.audit.entries.map((e) => e.action)).toEqual(['installation.uninstalled']);
  });
});
