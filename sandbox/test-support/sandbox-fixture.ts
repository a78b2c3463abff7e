/* eslint-disable @typescript-eslint/no-explicit-any -- answers are inspected loosely in tests; their shape is checked by the OpenAPI contract */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHubSpotSandbox, type AppRegistration, type HubSpotSandbox, type HubSpotSandboxOptions } from '../hubspot-sandbox';

/** A realistic CareQual-like app registration. */
export function buildApp(overrides: Partial<AppRegistration> = {}): AppRegistration {
  return {
    appId: 3_141_592, clientId: 'carequal-client-id', clientSecret: 'carequal-client-secret',
    redirectUris: ['http://127.0.0.1:3000/oauth/callback'],
    scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.write', 'crm.objects.owners.read'],
    optionalScopes: ['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2', 'crm.objects.contacts.highly_sensitive.read.v2'],
    ...overrides,
  };
}

/** An HTTP answer, parsed. */
export interface ApiAnswer<T = any> { status: number; headers: Headers; body: T }

/** Calls the sandbox like an app would: JSON or form body, optional bearer token. */
export async function callHubSpot<T = any>(baseUrl: string, method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string> } = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { /* HTML or empty */ }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** A sandbox with the app registered, one portal, and the app installed there. */
export interface InstalledSandbox {
  sandbox: HubSpotSandbox; app: AppRegistration; portalId: number;
  tokens: { access_token: string; refresh_token: string };
  api: <T = any>(method: string, path: string, json?: unknown) => Promise<ApiAnswer<T>>;
}

/** Starts a sandbox (short webhook timings) and installs an app in a fresh portal. */
export async function startInstalledSandbox(opts: HubSpotSandboxOptions = {}, app = buildApp()): Promise<InstalledSandbox> {
  const sandbox = await startHubSpotSandbox({ webhookBatchMs: 10, webhookRetryDelayMs: 20, ...opts });
  sandbox.registerApp(app);
  const { portalId } = sandbox.createPortal({ users: [{ id: 501, email: 'admin@midtown-clinic.example', superAdmin: true }, { id: 502, email: 'intake@midtown-clinic.example' }] });
  const tokens = sandbox.installApp({ clientId: app.clientId, portalId });
  const api = <T = any>(method: string, path: string, json?: unknown) => callHubSpot<T>(sandbox.url, method, path, { token: tokens.access_token, json });
  return { sandbox, app, portalId, tokens, api };
}

/** One request a webhook receiver got. */
export interface ReceivedDelivery { url: string; headers: IncomingHttpHeaders; rawBody: string; events: any[]; receivedAt: number }

/** A local HTTP server standing in for the app's webhook endpoint. */
export interface WebhookReceiver { url: string; deliveries: ReceivedDelivery[]; maxConcurrent: number; close(): Promise<void> }

/** How a webhook receiver answers one delivery. */
export interface ReceiverAnswer {
  status: number;
  /** Answer no sooner than this. */
  delayMs?: number;
  /** Answer only once this many deliveries have been in flight together (an order, not a timer). */
  holdUntilInFlight?: number;
}

/**
 * Starts a webhook endpoint on 127.0.0.1. `respond` decides each answer (status, optional
 * delay, optional hold) from the delivery number (0-based).
 */
export async function startWebhookReceiver(respond: (n: number, delivery: ReceivedDelivery) => ReceiverAnswer = () => ({ status: 204 }), path = '/webhooks/hubspot'): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  let active = 0;
  const held: Array<{ until: number; release: () => void }> = [];
  const receiver: WebhookReceiver = { url: '', deliveries, maxConcurrent: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    active++;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, active);
    for (const h of held.filter((x) => x.until <= active)) {
      held.splice(held.indexOf(h), 1);
      h.release();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { url: req.url ?? '', headers: req.headers, rawBody, events: JSON.parse(rawBody || '[]'), receivedAt: Date.now() };
      const answer = respond(deliveries.length, delivery);
      deliveries.push(delivery);
      let waits = 1 + ((answer.holdUntilInFlight ?? 0) > active ? 1 : 0);
      const done = () => {
        if (--waits > 0) return;
        active--;
        if (!res.destroyed) res.writeHead(answer.status).end();
      };
      if (waits > 1) held.push({ until: answer.holdUntilInFlight!, release: done });
      setTimeout(done, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return receiver;
}
