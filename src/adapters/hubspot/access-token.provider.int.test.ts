import { tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import nock from 'nock';
import { createRecordingAuditLog } from '../../../test/support/recording-audit-log';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { runWithContext } from '../../observability/context';
import { createSilentLogger } from '../../observability/logger';
import { createMetrics } from '../../observability/metrics';
import { TokenCipher } from '../crypto/token-cipher';
import type { Database } from '../db/database';
import { InstallationRepository } from '../db/installation.repository';
import { migrate } from '../db/migrator';
import { RedisLock } from '../locks/redis-lock';
import { createRedisConnection } from '../queue/redis';
import { AccessTokenProvider, REFRESH_MARGIN_MS } from './access-token.provider';
import { HubSpotHttp } from './hubspot-http';
import { HubSpotOAuthClient } from './hubspot-oauth.client';
import { HubSpotClient } from './hubspot.client';
import { auditTokenEvents } from '../../app/token-events';

const WORKER = { kind: 'system', role: 'worker' } as const;

const BASE = 'https://api.hubspot.test';
const TOKEN_PATH = '/oauth/2026-03/token';

describe.each(databaseEngines())('AccessTokenProvider on %s with real Redis', (engine) => {
  let db: Database;
  let repo: InstallationRepository;
  const redisConnections: Redis[] = [];
  const cipher = new TokenCipher('k1', { k1: randomBytes(32) });
  const lockPrefix = `carequal:test:${randomBytes(4).toString('hex')}:`;
  let nextPortal = 70_000 + Math.floor(Math.random() * 10_000) * 10;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = new InstallationRepository(db, cipher);
  });
  afterAll(async () => {
    for (const r of redisConnections) r.disconnect();
    await db.close();
  });
  afterEach(() => nock.cleanAll());

  /** One process's worth of provider: its own Redis connection, HTTP client and metrics; the shared database. */
  function buildProvider(audit = createRecordingAuditLog()) {
    const redis = createRedisConnection(process.env.TEST_REDIS_URL!, 'producer');
    redisConnections.push(redis);
    const metrics = createMetrics();
    const http = new HubSpotHttp({ baseUrl: BASE, metrics });
    const oauth = new HubSpotOAuthClient(http, { clientId: 'cid', clientSecret: 'csecret' });
    const provider = new AccessTokenProvider({ installations: repo, oauth, lock: new RedisLock(redis, { keyPrefix: lockPrefix }), onTokenEvent: auditTokenEvents(audit, WORKER), metrics, logger: createSilentLogger() });
    return { provider, audit, metrics, http };
  }

  async function installPortal(expiresInMs: number, refreshToken = `na1-${randomBytes(8).toString('hex')}`) {
    const portalId = ++nextPortal;
    await repo.saveInstalled({
      portalId: tenantId(portalId), scopes: ['oauth'], dataMode: 'standard', installedByUserId: 501, hubDomain: undefined, accessToken: `CQold-${portalId}`, refreshToken,
      expiresAt: new Date(Date.now() + expiresInMs), propertiesVersion: 'p1',
    });
    return { portalId, refreshToken };
  }

  it('when the token is far from expiry, then it is returned without any HubSpot call', async () => {
    const { provider } = buildProvider();
    const { portalId } = await installPortal(20 * 60 * 1000);
    expect(await provider.getAccessToken(tenantId(portalId))).toBe(`CQold-${portalId}`);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('when 20 callers in two processes need a fresh token at once, then HubSpot sees exactly one refresh', async () => {
    const { portalId, refreshToken } = await installPortal(REFRESH_MARGIN_MS - 1000);
    let refreshCalls = 0;
    nock(BASE).post(TOKEN_PATH).times(20).delay(150).reply(200, (_uri, body) => {
      refreshCalls++;
      expect(new URLSearchParams(String(body)).get('refresh_token')).toBe(refreshToken);
      return { access_token: `CQnew-${portalId}-${refreshCalls}`, refresh_token: refreshToken, expires_in: 1800, token_type: 'bearer', token_use: 'access_token' };
    });
    const a = buildProvider();
    const b = buildProvider();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).provider.getAccessToken(tenantId(portalId))));
    expect(refreshCalls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set([`CQnew-${portalId}-1`]));
    expect((await repo.getTokens(portalId)).accessToken).toBe(`CQnew-${portalId}-1`);
    const refreshed = [...a.audit.ofAction('token.refreshed'), ...b.audit.ofAction('token.refreshed')];
    expect(refreshed).toHaveLength(1);
  });

  it('when 10 callers in two processes report the same token refused with 401, then HubSpot sees one refresh and all get the new token', async () => {
    const { portalId, refreshToken } = await installPortal(20 * 60 * 1000);
    let refreshCalls = 0;
    nock(BASE).post(TOKEN_PATH).times(10).delay(100).reply(200, () => {
      refreshCalls++;
      return { access_token: `CQafter401-${portalId}`, refresh_token: refreshToken, expires_in: 1800, token_type: 'bearer', token_use: 'access_token' };
    });
    const a = buildProvider();
    const b = buildProvider();
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).provider.refreshRejectedToken(tenantId(portalId), `CQold-${portalId}`)));
    expect(refreshCalls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set([`CQafter401-${portalId}`]));
    // A late report about the token already replaced costs no refresh.
    expect(await a.provider.refreshRejectedToken(tenantId(portalId), `CQold-${portalId}`)).toBe(`CQafter401-${portalId}`);
    expect(refreshCalls).toBe(1);
  });

  it('when HubSpot returns no refresh token, then the old one is kept', async () => {
    const { provider } = buildProvider();
    const { portalId, refreshToken } = await installPortal(0);
    nock(BASE).post(TOKEN_PATH).reply(200, { access_token: 'CQrotated', expires_in: 1800, token_type: 'bearer', token_use: 'access_token' });
    expect(await provider.getAccessToken(tenantId(portalId))).toBe('CQrotated');
    expect(await repo.getTokens(portalId)).toMatchObject({ accessToken: 'CQrotated', refreshToken });
  });

  it('when HubSpot refuses the refresh token, then the installation needs re-authorisation and it is audited', async () => {
    const { provider, audit, metrics } = buildProvider();
    const { portalId } = await installPortal(0);
    nock(BASE).post(TOKEN_PATH).reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token', correlationId: 'c0ffee00-0000-4000-8000-00000000000a', category: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' });
    await expect(provider.getAccessToken(tenantId(portalId))).rejects.toMatchObject({ code: 'installation.needs_reauth' });
    expect(await repo.tryGetStatus(portalId)).toBe('needs_reauth');
    expect(audit.entries.map((e) => [e.action, e.outcome, e.errorCode])).toEqual([
      ['token.refresh_failed', 'failure', 'hubspot.invalid_grant'],
      ['installation.needs_reauth', 'success', undefined],
    ]);
    expect((await metrics.tokenRefreshes.get()).values).toEqual([expect.objectContaining({ labels: { result: 'invalid_grant' }, value: 1 })]);
    await expect(provider.getAccessToken(tenantId(portalId))).rejects.toMatchObject({ code: 'installation.needs_reauth' });
  });

  it('when HubSpot is down during a refresh, then the caller gets a retryable error and the installation stays active', async () => {
    const { provider, audit } = buildProvider();
    const { portalId } = await installPortal(0);
    nock(BASE).post(TOKEN_PATH).reply(503, { status: 'error', category: 'INTERNAL_ERROR', message: 'down', correlationId: 'c0ffee00-0000-4000-8000-00000000000b' });
    await expect(provider.getAccessToken(tenantId(portalId))).rejects.toMatchObject({ code: 'hubspot.unavailable', retryable: true });
    expect(await repo.tryGetStatus(portalId)).toBe('active');
    expect(audit.ofAction('token.refresh_failed')).toHaveLength(1);
  });

  it('property: a task scoped to portal A asking for any other portal\'s token throws before any read or HTTP call', async () => {
    const fetchSpy = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>(async () => new Response('{}', { status: 200 }));
    const http = new HubSpotHttp({ baseUrl: BASE, fetch: fetchSpy });
    const reads = jest.fn(repo.getTokens.bind(repo));
    const redis = createRedisConnection(process.env.TEST_REDIS_URL!, 'producer');
    redisConnections.push(redis);
    const provider = new AccessTokenProvider({
      installations: { getTokens: reads, saveRefreshedTokens: repo.saveRefreshedTokens.bind(repo), markNeedsReauth: repo.markNeedsReauth.bind(repo) },
      oauth: new HubSpotOAuthClient(http, { clientId: 'cid', clientSecret: 'csecret' }), lock: new RedisLock(redis),
      onTokenEvent: auditTokenEvents(createRecordingAuditLog(), WORKER), metrics: createMetrics(), logger: createSilentLogger(),
    });
    const client = new HubSpotClient(http, provider);
    const installed = await installPortal(0);
    const portal = fc.integer({ min: 1, max: 2 ** 40 });
    await fc.assert(
      fc.asyncProperty(portal, fc.oneof(portal, fc.constant(installed.portalId)), fc.constantFrom('token', 'batchRead', 'uninstall'), async (a, b, call) => {
        fc.pre(a !== b);
        const attempt = runWithContext({ jobId: 'job-1', portalId: a }, () =>
          call === 'token' ? provider.getAccessToken(tenantId(b)) : call === 'batchRead' ? client.batchReadContacts(b, ['1'], ['email']) : client.uninstallApp(b),
        );
        await expect(attempt).rejects.toMatchObject({ code: 'tenancy.cross_portal_access' });
      }),
      { numRuns: 200 },
    );
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(reads).not.toHaveBeenCalled();
  });
});
