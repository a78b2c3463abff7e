import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot-sandbox';
import { createSilentLogger, type Logger } from '../../src/observability/logger';
import { buildTestConfig } from './config';
import { composeFeatures, buildFeatures, type FeatureOptions } from '../../src/main/features';
import { startRuntime, type Role, type Runtime } from '../../src/main/runtime';
import type { Config } from '../../src/config/config';

export const TEST_APP_ID = 4242;

const WEBHOOKS_FILE = path.resolve(__dirname, '../../hubspot-project/src/app/webhooks/webhooks-hsmeta.json');

/**
 * The app's webhook subscriptions as the HubSpot project declares them, in the sandbox's terms:
 * the sandbox sends the classic `contact.*` events, so `object.*` subscriptions on contacts map
 * to their `contact.*` twins. One source of truth for what HubSpot will send CareQual.
 */
export function subscriptionsFromHubSpotProject(): { eventType: string; propertyName?: string }[] {
  const file = JSON.parse(readFileSync(WEBHOOKS_FILE, 'utf8')) as {
    config: { subscriptions: Record<string, { subscriptionType: string; objectType?: string; propertyName?: string; active?: boolean }[]> };
  };
  return Object.values(file.config.subscriptions)
    .flat()
    .filter((s) => s.active !== false)
    .map((s) => ({ eventType: s.subscriptionType.replace(/^object\./, 'contact.'), ...(s.propertyName ? { propertyName: s.propertyName } : {}) }));
}

/** A free TCP port on 127.0.0.1 (the app's URL must be known before it starts: webhooks are signed for it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface SandboxedApp {
  sandbox: HubSpotSandbox;
  runtime: Runtime;
  config: Config;
  baseUrl: string;
  queuePrefix: string;
  stop(): Promise<void>;
}

/**
 * Starts the local HubSpot sandbox and CareQual (PGlite in a temp folder, real Redis under a
 * fresh key prefix) wired to each other: the sandbox knows the app's client id, secret, redirect
 * URL and webhook target; CareQual's HubSpot base URLs point at the sandbox.
 */
export async function startSandboxedApp(opts: {
  role?: Role;
  features?: Omit<FeatureOptions, 'queuePrefix'>;
  sandbox?: Parameters<typeof startHubSpotSandbox>[0];
  logger?: Logger;
  env?: Record<string, string>;
} = {}): Promise<SandboxedApp> {
  const sandbox = await startHubSpotSandbox({ webhookBatchMs: 20, webhookRetryDelayMs: 200, ...opts.sandbox });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = buildTestConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    HUBSPOT_API_BASE_URL: sandbox.url,
    HUBSPOT_AUTH_BASE_URL: sandbox.url,
    HUBSPOT_APP_ID: String(TEST_APP_ID),
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'carequal-e2e-')),
    ...opts.env,
  });
  sandbox.registerApp({
    appId: TEST_APP_ID,
    clientId: config.HUBSPOT_CLIENT_ID,
    clientSecret: config.HUBSPOT_CLIENT_SECRET,
    redirectUris: [`${baseUrl}/oauth/callback`],
    webhookTargetUrl: `${baseUrl}/webhooks/hubspot`,
    subscriptions: subscriptionsFromHubSpotProject(),
  });
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const runtime = await startRuntime(config, opts.role ?? 'serve', opts.logger ?? createSilentLogger(), composeFeatures(buildFeatures({ ...opts.features, queuePrefix })));
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
}

/**
 * Installs CareQual into a new sandbox portal through the real redirect flow: /oauth/install →
 * the sandbox's authorize page (approved headlessly) → /oauth/callback with the browser's cookie.
 * Returns the portal id and where the admin landed.
 */
export async function installThroughOAuth(app: SandboxedApp, portalId?: number): Promise<{ portalId: number; landedAt: string }> {
  const portal = app.sandbox.createPortal({ portalId, intakeFormFields: true });
  const start = await fetch(`${app.baseUrl}/oauth/install`, { redirect: 'manual' });
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
  return { portalId: portal.portalId, landedAt: callback.headers.get('location')! };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const endAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > endAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
