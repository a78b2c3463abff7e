import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock, createSeededRandom } from './clock';
import { FaultInjector } from './faults';
import { OAuthState } from './oauth';
import { DEFAULT_RATE_LIMIT, DEFAULT_SEARCH_PER_SECOND, RollingWindowLimiter, SandboxCounters } from './rate-limit';
import { createSandboxApp } from './sandbox-app';
import type { SandboxContext } from './sandbox-context';
import { SandboxController } from './sandbox-controller';
import { CrmStore } from './state/crm-store';
import type { CrmChange } from './state/crm-types';
import { WebhookDispatcher } from './webhook-dispatcher';
import { buildWebhookEvents } from './webhook-events';
import { WebhooksJournal } from './webhooks-journal';
import { WorkflowActionRunner } from './workflow-actions';

export type { FaultRule, FaultSpec } from './faults';
export type { AppRegistration } from './oauth';
export type { PortalCounters } from './rate-limit';
export type { ControlWriteOptions, InstallResult, RecordSnapshot, ValidationRuleSpec } from './sandbox-controller';
export type { AccountTier, PortalOptions, ValidationRule } from './state/crm-types';
export type { DeliveryRecord } from './webhook-dispatcher';
export type { JournalEvent, JournalSubscription, LifecycleEvent } from './webhooks-journal';
export type { WebhookEvent } from './webhook-events';
export type { ExecutionAttempt, WorkflowActionDefinition, WorkflowExecution, WorkflowSpec } from './workflow-actions';
export { signWebhookV3, decodeUriForSignature } from './webhook-signature';

/** Options of {@link startHubSpotSandbox}. Defaults are HubSpot's own numbers. */
export interface HubSpotSandboxOptions {
  /** 0 (default) = a random free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** per-portal rolling limit (default 110 per 10 000 ms) */
  rateLimit?: { max: number; windowMs: number };
  /** CRM search requests per second per portal (default 5) */
  searchPerSecond?: number;
  /** how long webhook events wait to be batched (default 50 ms) */
  webhookBatchMs?: number;
  /** webhook request timeout (default 5000 ms) */
  webhookTimeoutMs?: number;
  /** retries after the first delivery attempt (default 10) */
  webhookMaxRetries?: number;
  /** back-off before retry n, fixed or computed (default 1 s × 2^(n-1), capped at 60 s) */
  webhookRetryDelayMs?: number | ((retry: number) => number);
  /** deliveries in flight per portal (default 10) */
  webhookMaxConcurrentPerPortal?: number;
  /** share of deliveries sent twice (default 0) */
  webhookDuplicateRate?: number;
  /** workflow action response timeout (default 30 000 ms) */
  workflowActionTimeoutMs?: number;
  /** back-off before workflow action retry n when no Retry-After is given (default 1 min × 2^(n-1), capped at 8 h) */
  workflowActionRetryDelayMs?: number;
  /** seed for fault injection and duplicate randomness (default: Math.random) */
  seed?: number;
  /** receives one line per notable event (installs, deliveries, internal errors) */
  log?: (line: string) => void;
}

/** A running sandbox: HubSpot's wire protocol on `url`, plus control operations. */
export interface HubSpotSandbox extends SandboxController {
  /** base URL, e.g. http://127.0.0.1:54321 — use as HUBSPOT_API_BASE_URL and HUBSPOT_AUTH_BASE_URL */
  readonly url: string;
  /** Stops the server and all webhook activity. */
  close(): Promise<void>;
}

class RunningSandbox extends SandboxController implements HubSpotSandbox {
  url = '';
  server?: Server;

  async close(): Promise<void> {
    this.ctx.webhooks.close();
    this.ctx.workflows.close();
    this.ctx.faults.releaseHanging();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/**
 * Starts the local HubSpot sandbox on 127.0.0.1 (port 0 = random) and resolves once it
 * listens. Nothing in `src/` may import it: it is for tests, the demo and benchmarks.
 */
export async function startHubSpotSandbox(opts: HubSpotSandboxOptions = {}): Promise<HubSpotSandbox> {
  const log = opts.log ?? (() => {});
  const clock = new SandboxClock();
  const random = opts.seed === undefined ? Math.random : createSeededRandom(opts.seed);
  const counters = new SandboxCounters();
  const retry = opts.webhookRetryDelayMs ?? ((n: number) => Math.min(60_000, 1000 * 2 ** (n - 1)));
  const webhooks = new WebhookDispatcher({
    batchMs: opts.webhookBatchMs ?? 50, timeoutMs: opts.webhookTimeoutMs ?? 5000,
    maxConcurrentPerPortal: opts.webhookMaxConcurrentPerPortal ?? 10, maxRetries: opts.webhookMaxRetries ?? 10,
    retryDelayMs: typeof retry === 'number' ? () => retry : retry, duplicateRate: opts.webhookDuplicateRate ?? 0,
    random, now: () => clock.now(), counters, log,
  });
  const oauth = new OAuthState(clock);
  const running: { sandbox?: RunningSandbox } = {};
  const journal = new WebhooksJournal(clock, () => running.sandbox?.url ?? '', (appId, portalId) => oauth.installedApps(portalId).some((a) => a.appId === appId));
  oauth.onLifecycle = (appId, portalId, action) => {
    if (journal.recordLifecycle(appId, portalId, action)) log(`journal: ${action} of app ${appId} in portal ${portalId}`);
  };
  let nextEventId = 1_000_000_001;
  const fanOut = (change: CrmChange): void => {
    for (const app of oauth.installedApps(change.portalId)) {
      webhooks.enqueue(app, buildWebhookEvents(change, app, clock.now(), () => nextEventId++));
      if (journal.recordObjectChange(app.appId, change) > 0) log(`journal: ${change.kind} of ${change.objectType} ${change.objectId} in portal ${change.portalId}`);
    }
  };
  const store = new CrmStore(clock, fanOut);
  const workflowRetry = opts.workflowActionRetryDelayMs;
  const workflows = new WorkflowActionRunner(oauth, store, {
    timeoutMs: opts.workflowActionTimeoutMs, log, ...(workflowRetry === undefined ? {} : { retryDelayMs: () => workflowRetry }),
  });
  const ctx: SandboxContext = {
    clock, oauth, counters, webhooks, journal, workflows, log, store,
    limiter: new RollingWindowLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT),
    searchLimiter: new RollingWindowLimiter({ max: opts.searchPerSecond ?? DEFAULT_SEARCH_PER_SECOND, windowMs: 1000 }),
    faults: new FaultInjector(random),
  };
  const sandbox = new RunningSandbox(ctx);
  running.sandbox = sandbox;
  const server = createServer(createSandboxApp(ctx, sandbox));
  sandbox.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sandbox.url = `http://${host}:${address.port}`;
  log(`HubSpot sandbox listening on ${sandbox.url}`);
  return sandbox;
}
