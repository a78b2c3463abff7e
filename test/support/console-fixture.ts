import type { TenantId } from '../../src/app/ports/ids';
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../src/adapters/hubspot/oauth-scopes';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { freePort } from '../../sandbox/local-ports';
import { TokenCipher } from '../../src/adapters/crypto/token-cipher';
import { CriteriaRepository } from '../../src/adapters/db/criteria.repository';
import { InstallationRepository } from '../../src/adapters/db/installation.repository';
import type { CriteriaVersionStore } from '../../src/app/ports/criteria-versions.port';
import type { Config } from '../../src/config/config';
import { buildDefaultCriteria } from '../../src/core';
import { createConsoleFeature } from '../../src/main/console.feature';
import { createEffectivenessFeature } from '../../src/main/effectiveness.feature';
import { composeFeatures } from '../../src/main/features';
import { createPipelineFeature } from '../../src/main/pipeline.feature';
import { startRuntime, type Runtime } from '../../src/main/runtime';
import { createSilentLogger } from '../../src/observability/logger';
import { buildTestConfig } from './config';
import { freshDataDir } from './databases';

/** Real time plus an offset the test moves forward (idle and absolute session limits). */
export class OffsetClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ConsolePortal {
  portalId: TenantId;
  /** The installed app's access token in the sandbox (absent when not installed). */
  accessToken?: string;
  adminId: number;
  viewerId: number;
  editorId: number;
  /** Another Super Admin of the HubSpot account (not the installer). */
  superAdminId: number;
}

export interface ConsoleFixture {
  sandbox: HubSpotSandbox;
  runtime: Runtime;
  config: Config;
  clock: OffsetClock;
  /** The real criteria repository of the running app, as the console sees it. */
  criteria: CriteriaVersionStore;
  installations: InstallationRepository;
  baseUrl: string;
  /** The app's queue prefix (its queues in the shared Redis). */
  prefix: string;
  /**
   * Creates a sandbox portal with an admin (installer), a viewer and an editor-to-be, and installs
   * CareQual. With `named`, the users have first and last names in HubSpot (else the sandbox's defaults).
   */
  addPortal(portalId: TenantId, opts?: { install?: boolean; named?: boolean }): Promise<ConsolePortal>;
  close(): Promise<void>;
}

/**
 * The real app (web role, console feature) on a random port, against the local HubSpot sandbox
 * for sign-in and CRM reads, with PGlite in a temp folder.
 */
/** The staff of a portal made with `named` (firstName, lastName), in the order addPortal creates them. */
export const NAMED_STAFF = [['Avery', 'Admin'], ['Frankie', 'Desk'], ['Morgan', 'Manager'], ['Olivia', 'Owner']] as const;

export async function startConsoleFixture(env: Record<string, string> = {}, opts: { effectivenessWorkers?: boolean; pipelineWorkers?: boolean } = {}): Promise<ConsoleFixture> {
  const sandbox = await startHubSpotSandbox();
  const clock = new OffsetClock();
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? 'https://carequal.test';
  const config = buildTestConfig({
    DATA_DIR: freshDataDir('carequal-console-'), HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url,
    PUBLIC_BASE_URL: publicBaseUrl, ...env,
  });
  sandbox.registerApp({
    appId: config.HUBSPOT_APP_ID, clientId: config.HUBSPOT_CLIENT_ID, clientSecret: config.HUBSPOT_CLIENT_SECRET,
    redirectUris: [`${publicBaseUrl}/oauth/callback`, `${publicBaseUrl}/console/auth/callback`],
    scopes: [...REQUIRED_SCOPES], optionalScopes: [...OPTIONAL_SCOPES],
  });
  const prefix = `cq-console-${randomBytes(4).toString('hex')}`;
  // With effectivenessWorkers the app also runs the effectiveness queue's worker ("Run now" queues
  // there); with pipelineWorkers the qualify and backfill workers (a re-score runs to its end).
  const workers = [...(opts.effectivenessWorkers ? [createEffectivenessFeature({ prefix })] : []), ...(opts.pipelineWorkers ? [createPipelineFeature({ prefix })] : [])];
  const runtime = workers.length
    ? await startRuntime(config, 'serve', createSilentLogger(), composeFeatures([createConsoleFeature({ clock, prefix }), ...workers]))
    : await startRuntime(config, 'web', createSilentLogger(), createConsoleFeature({ clock, prefix }));
  const criteria = new CriteriaRepository(runtime.services.db);
  const installations = new InstallationRepository(runtime.services.db, new TokenCipher(config.TOKEN_ENCRYPTION_KEY_ID, { [config.TOKEN_ENCRYPTION_KEY_ID]: config.tokenEncryptionKey }));

  return {
    sandbox, runtime, config, clock, criteria, installations, baseUrl: runtime.http.url, prefix,
    async addPortal(portalId, opts = {}) {
      const base = (portalId % 1000) * 10;
      const ids = { adminId: 9_000_000 + base + 1, viewerId: 9_000_000 + base + 2, editorId: 9_000_000 + base + 3, superAdminId: 9_000_000 + base + 4 };
      const users = [
        { id: ids.adminId, email: `admin@p${portalId}.example`, superAdmin: true },
        // Only Super Admins and users with Marketplace Access can sign in with HubSpot (an authorization).
        { id: ids.viewerId, email: `front-desk@p${portalId}.example`, marketplaceAccess: true },
        { id: ids.editorId, email: `manager@p${portalId}.example`, marketplaceAccess: true },
        { id: ids.superAdminId, email: `owner@p${portalId}.example`, superAdmin: true },
      ];
      sandbox.createPortal({
        portalId, users: opts.named ? users.map((u, i) => ({ ...u, firstName: NAMED_STAFF[i]![0], lastName: NAMED_STAFF[i]![1] })) : users,
      });
      let accessToken: string | undefined;
      if (opts.install !== false) {
        const tokens = sandbox.installApp({ clientId: config.HUBSPOT_CLIENT_ID, portalId, userId: ids.adminId, scopes: [...REQUIRED_SCOPES] });
        await installations.saveInstalled({
          portalId, scopes: [...REQUIRED_SCOPES], dataMode: 'standard', installedByUserId: ids.adminId, hubDomain: `p${portalId}.example`,
          accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: new Date(Date.now() + tokens.expires_in * 1000), propertiesVersion: 'test-1',
        });
        accessToken = tokens.access_token;
      }
      return { portalId, accessToken, ...ids };
    },
    async close() {
      await runtime.stop();
      await sandbox.close();
    },
  };
}

/** The console in Chromium, as the browser walk-throughs start it. */
export interface ConsoleInBrowser {
  f: ConsoleFixture;
  portal: ConsolePortal;
  /** The app's public URL: its own port on 127.0.0.1 (OAuth redirects and sign-in come back there). */
  base: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * The shared start of the browser walk-throughs: the app on a free port that is also its public
 * URL, a portal with named staff and CareQual installed, and one Chromium page of the given size
 * (test/support/chromium.ts, loaded here only when a suite opens a browser).
 */
export async function startConsoleInBrowser(
  portalId: TenantId,
  opts: { viewport: { width: number; height: number }; waitMs?: number; workers?: { effectivenessWorkers?: boolean; pipelineWorkers?: boolean } },
): Promise<ConsoleInBrowser> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const f = await startConsoleFixture({ PORT: String(port), PUBLIC_BASE_URL: base }, opts.workers);
  try {
    const portal = await f.addPortal(portalId, { named: true });
    const { openConsolePage } = await import('./chromium.js');
    const { context, page } = await openConsolePage(opts.viewport, opts.waitMs);
    return {
      f, portal, base, context, page,
      async close() {
        await context.close();
        await f.close();
      },
    };
  } catch (error) {
    await f.close();
    throw error;
  }
}

/** Saves the playbook template as version 1 of a portal (renamed, so pages can be told apart). */
export async function seedCriteria(store: CriteriaVersionStore, portalId: TenantId, name: string, publish = true): Promise<void> {
  const criteria = { ...buildDefaultCriteria(), name };
  const change = { actor: { kind: 'system', role: 'cli' } as const };
  const saved = await store.saveVersion(portalId, criteria, change);
  if (publish) await store.publishVersion(portalId, saved.version, change);
}

/** A browser signed in with HubSpot as `userId` of `portal` (throws when the console does not let them in). */
export async function signedInBrowser(f: ConsoleFixture, portal: ConsolePortal, userId: number): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(f.baseUrl);
  const res = await browser.signIn(f.sandbox, f.config.PUBLIC_BASE_URL, portal.portalId, userId);
  if (res.status !== 303 || res.headers.get('location') !== '/console') throw new Error(`sign-in as ${userId} answered ${res.status} → ${res.headers.get('location')}`);
  return browser;
}

/** A cookie-keeping HTTP client for the console, as a browser would be (no redirects followed). */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(url.startsWith('http') ? url : `${this.baseUrl}${url}`, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    if (url.startsWith(this.baseUrl) || !url.startsWith('http')) this.keep(res);
    return res;
  }

  async post(url: string, form: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
    const body = form instanceof URLSearchParams ? form : new URLSearchParams(form);
    const res = await fetch(`${this.baseUrl}${url}`, {
      method: 'POST', redirect: 'manual', body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    this.keep(res);
    return res;
  }

  /** The CSRF token of the current session, read from a console page. */
  async csrfToken(): Promise<string> {
    const html = await (await this.get('/console/criteria/versions')).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error('no CSRF token on the page (not signed in?)');
    return match[1]!;
  }

  /** Signs in through the sandbox's authorize page as the given user. */
  async signIn(sandbox: HubSpotSandbox, publicBaseUrl: string, portalId: TenantId, userId: number): Promise<Response> {
    const start = await this.get('/console/sign-in/start');
    if (start.status !== 303) throw new Error(`sign-in start answered ${start.status}`);
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('auto_approve', '1');
    authorize.searchParams.set('portal_id', String(portalId));
    authorize.searchParams.set('user_id', String(userId));
    const approved = await fetch(authorize, { redirect: 'manual' });
    const callback = approved.headers.get('location');
    if (!callback) throw new Error(`sandbox authorize answered ${approved.status}`);
    return this.get(callback.replace(publicBaseUrl, this.baseUrl));
  }
}
