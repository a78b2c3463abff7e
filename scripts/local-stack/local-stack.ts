/**
 * CareQual wired to the local HubSpot sandbox, for the demo, the benchmarks and the end-to-end
 * tests: one place that knows how the two are connected (client id and secret, redirect URL,
 * webhook target, the app's subscriptions as the HubSpot project declares them) and how an admin
 * installs CareQual through the real OAuth redirect flow. It lives outside sandbox/ because it
 * starts the product: the fake HubSpot never imports CareQual (src/), and src/ never imports it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/config';
import { buildFeatures, composeFeatures, type FeatureOptions } from '../../src/main/features';
import { startRuntime, type Role, type Runtime } from '../../src/main/runtime';
import { createSilentLogger, type Logger } from '../../src/observability/logger';
import { startHubSpotSandbox, type HubSpotSandbox, type HubSpotSandboxOptions, type PortalOptions } from '../../sandbox/hubspot-sandbox';
import { oauthFromHubSpotProject, subscriptionsFromHubSpotProject, workflowActionsFromHubSpotProject } from '../../sandbox/hubspot-project-app';
import { claimPort } from '../../sandbox/local-ports';

export { claimPort, eventually, freePort, PortInUseError } from '../../sandbox/local-ports';
export { oauthFromHubSpotProject, subscriptionsFromHubSpotProject, workflowActionsFromHubSpotProject } from '../../sandbox/hubspot-project-app';

/** The HubSpot app id the local stack registers CareQual under. */
export const LOCAL_APP_ID = 4242;

/**
 * A complete environment for CareQual on this machine: fresh random keys and secrets (nothing
 * here is reused outside one run), 127.0.0.1 only. Override what the caller is about.
 */
export function buildLocalEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'development',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    PORT: '3000',
    HOST: '127.0.0.1',
    HUBSPOT_CLIENT_ID: 'carequal-local-client',
    HUBSPOT_CLIENT_SECRET: `local-secret-${randomBytes(12).toString('hex')}`,
    HUBSPOT_APP_ID: String(LOCAL_APP_ID),
    REDIS_URL: 'redis://127.0.0.1:6379',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SHUTDOWN_TIMEOUT_MS: '5000',
    // The journal carries the per-install property changes (practice fields): read it promptly here.
    HUBSPOT_JOURNAL_POLL_MS: '500',
    ...overrides,
  };
}

export interface SandboxedApp {
  sandbox: HubSpotSandbox;
  runtime: Runtime;
  config: Config;
  baseUrl: string;
  queuePrefix: string;
  stop(): Promise<void>;
}

export interface SandboxedAppOptions {
  role?: Role;
  features?: Omit<FeatureOptions, 'queuePrefix'>;
  sandbox?: HubSpotSandboxOptions;
  logger?: Logger;
  /** Base environment (default {@link buildLocalEnv}); `env` is applied on top. */
  baseEnv?: Record<string, string | undefined>;
  env?: Record<string, string>;
  /** CareQual's port on 127.0.0.1 (default 0: any free port); taken → PortInUseError. */
  port?: number;
  /** BullMQ and rate-limit key prefix (default: a fresh one, so runs sharing a Redis never mix). */
  queuePrefix?: string;
}

/**
 * Starts the local HubSpot sandbox and CareQual (PGlite in a temp folder unless DATA_DIR or
 * DATABASE_URL is given, Redis at REDIS_URL under a fresh key prefix) wired to each other: the
 * sandbox knows the app's client id, secret, redirect URL and webhook target; CareQual's HubSpot
 * base URLs point at the sandbox.
 */
export async function startSandboxedApp(opts: SandboxedAppOptions = {}): Promise<SandboxedApp> {
  const sandbox = await startHubSpotSandbox({ webhookBatchMs: 20, webhookRetryDelayMs: 200, ...opts.sandbox });
  try {
    const port = await claimPort(opts.port ?? 0, 'CareQual');
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      ...(opts.baseEnv ?? buildLocalEnv()),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: baseUrl,
      HUBSPOT_API_BASE_URL: sandbox.url,
      HUBSPOT_AUTH_BASE_URL: sandbox.url,
      HUBSPOT_APP_ID: String(LOCAL_APP_ID),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'carequal-local-')),
      ...opts.env,
    });
    sandbox.registerApp({
      appId: LOCAL_APP_ID,
      clientId: config.HUBSPOT_CLIENT_ID,
      clientSecret: config.HUBSPOT_CLIENT_SECRET,
      ...oauthFromHubSpotProject(baseUrl),
      webhookTargetUrl: `${baseUrl}/webhooks/hubspot`,
      subscriptions: subscriptionsFromHubSpotProject(),
    });
    sandbox.workflows.registerActions(LOCAL_APP_ID, workflowActionsFromHubSpotProject(baseUrl));
    const queuePrefix = opts.queuePrefix ?? `t${randomBytes(4).toString('hex')}`;
    const features = composeFeatures(buildFeatures({ ...opts.features, queuePrefix }));
    const runtime = await startRuntime(config, opts.role ?? 'serve', opts.logger ?? createSilentLogger(), features);
    return {
      sandbox,
      runtime,
      config,
      baseUrl,
      queuePrefix,
      async stop() {
        await runtime.stop();
        await sandbox.close();
      },
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/**
 * Installs CareQual into a new sandbox portal through the real redirect flow: /oauth/install →
 * the sandbox's authorize page (approved headlessly) → /oauth/callback with the browser's cookie.
 * The portal carries a practice's intake form fields and the given HubSpot tier and Sensitive Data
 * switch (default: Enterprise with Sensitive Data). Returns the portal id and where the admin landed.
 */
export async function installThroughOAuth(app: Pick<SandboxedApp, 'sandbox' | 'baseUrl'>, portalId?: number, account: Pick<PortalOptions, 'tier' | 'sensitiveData'> = {}): Promise<{ portalId: number; landedAt: string }> {
  const portal = app.sandbox.createPortal({ portalId, intakeFormFields: true, ...account });
  return { portalId: portal.portalId, landedAt: await installIntoPortal(app.baseUrl, portal) };
}

/**
 * Installs CareQual into an existing sandbox portal through the real redirect flow:
 * /oauth/install → the sandbox's authorize page (approved headlessly as the portal's first user)
 * → /oauth/callback with the browser's cookie. Resolves with where the admin landed.
 */
export async function installIntoPortal(baseUrl: string, portal: { portalId: number; userIds: number[] }): Promise<string> {
  const start = await fetch(`${baseUrl}/oauth/install`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`/oauth/install answered ${start.status}`);
  const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('auto_approve', '1');
  authorize.searchParams.set('portal_id', String(portal.portalId));
  authorize.searchParams.set('user_id', String(portal.userIds[0]));
  const approved = await fetch(authorize, { redirect: 'manual' });
  if (approved.status !== 302) throw new Error(`sandbox authorize answered ${approved.status}`);
  const callback = await fetch(approved.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
  if (callback.status !== 302) throw new Error(`/oauth/callback answered ${callback.status}: ${await callback.text()}`);
  return callback.headers.get('location')!;
}
