import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { TokenCipher } from '../../src/adapters/crypto/token-cipher';
import { CriteriaRepository } from '../../src/adapters/db/criteria.repository';
import type { Database } from '../../src/adapters/db/database';
import { createInstallationRecorder, createPortalPurge } from '../../src/adapters/db/installation-recorder';
import { InstallationRepository } from '../../src/adapters/db/installation.repository';
import { OAuthStateRepository } from '../../src/adapters/db/oauth-state.repository';
import { AccessTokenProvider } from '../../src/adapters/hubspot/access-token.provider';
import { HubSpotHttp } from '../../src/adapters/hubspot/hubspot-http';
import { HubSpotOAuthClient } from '../../src/adapters/hubspot/hubspot-oauth.client';
import { HubSpotClient } from '../../src/adapters/hubspot/hubspot.client';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { createHttpApp } from '../../src/adapters/http/app';
import { createOAuthRouter } from '../../src/adapters/http/routes/oauth.routes';
import { RedisLock } from '../../src/adapters/locks/redis-lock';
import { createRedisConnection } from '../../src/adapters/queue/redis';
import { bootstrapProperties } from '../../src/adapters/hubspot/bootstrap-properties';
import { InstallPortal } from '../../src/app/install-portal';
import type { Config } from '../../src/config/config';
import { createSilentLogger, type Logger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { createRecordingAuditLog } from './recording-audit-log';
import { auditTokenEvents } from '../../src/app/token-events';

/** The scopes of hubspot-project/src/app/app-hsmeta.json (the sandbox app registers them). */
export const TEST_REQUIRED_SCOPES = [...REQUIRED_SCOPES];
export const TEST_OPTIONAL_SCOPES = [...OPTIONAL_SCOPES];

/**
 * CareQual's tenancy stack wired like production (real repositories, real Redis lock, real
 * HTTP client) with a recording audit log, serving the OAuth routes on a random port. The
 * server listens before the app is built, so PUBLIC_BASE_URL can be its real address.
 */
export async function startTenancyStack(opts: { db: Database; buildConfig: (publicBaseUrl: string) => Config; logger?: Logger }) {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = opts.buildConfig(baseUrl);
  const { db } = opts;
  const logger = opts.logger ?? createSilentLogger();
  const metrics = createMetrics();
  const audit = createRecordingAuditLog();
  const redis: Redis = createRedisConnection(config.REDIS_URL, 'producer');
  const installations = new InstallationRepository(db, new TokenCipher(config.TOKEN_ENCRYPTION_KEY_ID, { [config.TOKEN_ENCRYPTION_KEY_ID]: config.tokenEncryptionKey }));
  const criteria = new CriteriaRepository(db);
  const http = new HubSpotHttp({ baseUrl: config.HUBSPOT_API_BASE_URL, metrics, baseDelayMs: 10 });
  const oauth = new HubSpotOAuthClient(http, { clientId: config.HUBSPOT_CLIENT_ID, clientSecret: config.HUBSPOT_CLIENT_SECRET });
  const tokens = new AccessTokenProvider({ installations, oauth, lock: new RedisLock(redis), onTokenEvent: auditTokenEvents(audit, { kind: 'system', role: 'web' }), metrics, logger });
  const hubspot = new HubSpotClient(http, tokens);
  const install = new InstallPortal({
    config: { clientId: config.HUBSPOT_CLIENT_ID, authBaseUrl: config.HUBSPOT_AUTH_BASE_URL, redirectUri: `${baseUrl}/oauth/callback`, requiredScopes: TEST_REQUIRED_SCOPES, optionalScopes: TEST_OPTIONAL_SCOPES },
    states: new OAuthStateRepository(db),
    oauth,
    bootstrap: (portalId, accessToken, mode) => bootstrapProperties(accessToken ? new HubSpotClient(http, { getAccessToken: async () => accessToken }) : hubspot, portalId, mode),
    recorder: createInstallationRecorder(db, installations, criteria),
    audit,
    clock: { now: () => new Date() },
    warn: (message, meta) => logger.warn(message, meta),
  });
  const app = createHttpApp({ logger, metrics, readiness: {}, routers: [createOAuthRouter({ install, publicBaseUrl: baseUrl, hubspotAuthBaseUrl: config.HUBSPOT_AUTH_BASE_URL, logger })] });
  server.on('request', app);
  return {
    baseUrl, config, audit, metrics, installations, criteria, oauth, hubspot, tokens, http,
    purge: createPortalPurge(db, installations, criteria),
    async close() {
      redis.disconnect();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A browser: follows nothing by itself, keeps cookies per host. */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<{ status: number; location: string | undefined; text: string; setCookie: string[] }> {
    return this.request(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<{ status: number; location: string | undefined; text: string; setCookie: string[] }> {
    return this.request(url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  private async request(url: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const host = new URL(url).host;
    const cookies = [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, headers: { ...init.headers, ...(cookies ? { cookie: cookies } : {}) }, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const jar = this.jar.get(host) ?? new Map<string, string>();
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(pair!.slice(0, eq));
      else jar.set(pair!.slice(0, eq), value);
      this.jar.set(host, jar);
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, location: location && new URL(location, url).toString(), text: await res.text(), setCookie };
  }
}

/** Reads the hidden inputs of the sandbox's consent form. */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return out;
}

/**
 * Installs through the real redirect flow: GET /oauth/install → the sandbox's authorize page →
 * "Connect app" for `portalId` (or Cancel) → the sandbox redirects to /oauth/callback → CareQual.
 * Returns CareQual's final answer and the callback URL (to try replaying it).
 */
export async function installThroughBrowser(browser: TestBrowser, appBaseUrl: string, portalId: number, decision: 'approve' | 'deny' = 'approve') {
  const start = await browser.get(`${appBaseUrl}/oauth/install`);
  if (start.status !== 302 || !start.location) throw new Error(`GET /oauth/install answered ${start.status}`);
  const consent = await browser.get(start.location);
  if (consent.status !== 200) throw new Error(`authorize page answered ${consent.status}: ${consent.text.slice(0, 300)}`);
  const authorize = new URL(start.location);
  const approved = await browser.postForm(`${authorize.origin}/oauth/authorize`, { ...hiddenInputs(consent.text), portal_id: String(portalId), decision });
  if (approved.status !== 302 || !approved.location) throw new Error(`consent answered ${approved.status}`);
  const callback = await browser.get(approved.location);
  return { start, callbackUrl: approved.location, callback };
}
