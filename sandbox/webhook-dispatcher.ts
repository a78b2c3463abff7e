import type { RandomSource } from './clock';
import type { RegisteredApp } from './oauth';
import type { SandboxCounters } from './rate-limit';
import type { PendingEvent, WebhookEvent } from './webhook-events';
import { signWebhookV3 } from './webhook-signature';

/** HubSpot puts at most 100 events in one delivery. */
export const MAX_EVENTS_PER_DELIVERY = 100;

/** How deliveries are batched, timed out, retried and duplicated. */
export interface WebhookDispatcherOptions {
  /** how long events wait to be batched together (default 50 ms) */
  batchMs: number;
  /** per-request timeout (HubSpot: 5 s) */
  timeoutMs: number;
  /** deliveries in flight per portal (HubSpot: 10) */
  maxConcurrentPerPortal: number;
  /** retries after the first attempt (HubSpot: 10, spread over 24 h) */
  maxRetries: number;
  /** back-off before retry n (1-based) */
  retryDelayMs: (retry: number) => number;
  /** share of deliveries also sent a second time */
  duplicateRate: number;
  random: RandomSource;
  now: () => number;
  counters: SandboxCounters;
  log: (line: string) => void;
}

/** One HTTP delivery attempt, as recorded for inspection. */
export interface DeliveryRecord {
  url: string; appId: number; portalIds: number[]; attemptNumber: number; duplicate: boolean;
  status?: number; error?: string; events: WebhookEvent[]; at: number;
}

interface Batch { app: RegisteredApp; events: PendingEvent[]; attempt: number; duplicate: boolean }

/**
 * Delivers webhook events like HubSpot: batches of ≤100 events per app (events of several
 * portals may share one), signed with signature v3, ≤N requests in flight per portal,
 * a timeout, and retries with back-off on timeouts, 4xx and 5xx.
 */
export class WebhookDispatcher {
  private readonly buffers = new Map<number, { app: RegisteredApp; events: PendingEvent[]; timer?: NodeJS.Timeout }>();
  private readonly ready: Batch[] = [];
  private readonly inFlight = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly records: DeliveryRecord[] = [];
  private activeBatches = 0;
  private scheduledRetries = 0;
  private duplicateNext = 0;
  private closed = false;
  /** bumped by reset(), so batches aborted by it are not retried */
  private generation = 0;

  constructor(private readonly opts: WebhookDispatcherOptions) {}

  /** Queues events for one app; they go out after `batchMs` or as soon as 100 are waiting. */
  enqueue(app: RegisteredApp, events: PendingEvent[]): void {
    if (this.closed || events.length === 0 || !app.webhookTargetUrl) return;
    let buffer = this.buffers.get(app.appId);
    if (!buffer) {
      buffer = { app, events: [] };
      this.buffers.set(app.appId, buffer);
    }
    buffer.events.push(...events);
    if (buffer.events.length >= MAX_EVENTS_PER_DELIVERY) this.flushBuffer(app.appId);
    else if (!buffer.timer) buffer.timer = setTimeout(() => this.flushBuffer(app.appId), this.opts.batchMs);
  }

  /** Sends the next `count` deliveries twice (on top of `duplicateRate`). */
  duplicateNextDeliveries(count: number): void {
    this.duplicateNext += count;
  }

  /** Changes the random duplicate rate. */
  setDuplicateRate(rate: number): void {
    this.opts.duplicateRate = rate;
  }

  /** Resolves when nothing is buffered, in flight or waiting for a retry. */
  async flush(): Promise<void> {
    for (const appId of [...this.buffers.keys()]) this.flushBuffer(appId);
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Every delivery attempt so far (oldest first). */
  deliveries(): DeliveryRecord[] {
    return this.records.map((r) => ({ ...r, portalIds: [...r.portalIds], events: [...r.events] }));
  }

  /** Drops everything pending and forgets recorded deliveries. */
  reset(): void {
    for (const buffer of this.buffers.values()) if (buffer.timer) clearTimeout(buffer.timer);
    this.buffers.clear();
    this.ready.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.scheduledRetries = 0;
    for (const abort of this.aborts) abort.abort();
    this.records.length = 0;
    this.duplicateNext = 0;
    this.generation++;
    this.settleIfIdle();
  }

  /** Stops delivering; in-flight requests are aborted. */
  close(): void {
    this.reset();
    this.closed = true;
  }

  private flushBuffer(appId: number): void {
    const buffer = this.buffers.get(appId);
    if (!buffer) return;
    if (buffer.timer) clearTimeout(buffer.timer);
    this.buffers.delete(appId);
    for (let i = 0; i < buffer.events.length; i += MAX_EVENTS_PER_DELIVERY) {
      const events = buffer.events.slice(i, i + MAX_EVENTS_PER_DELIVERY);
      this.ready.push({ app: buffer.app, events, attempt: 0, duplicate: false });
      if (this.shouldDuplicate()) this.ready.push({ app: buffer.app, events, attempt: 0, duplicate: true });
    }
    this.pump();
  }

  private shouldDuplicate(): boolean {
    if (this.duplicateNext > 0) {
      this.duplicateNext--;
      return true;
    }
    return this.opts.duplicateRate > 0 && this.opts.random() < this.opts.duplicateRate;
  }

  /** Starts every ready batch whose portals all have a free delivery slot. */
  private pump(): void {
    for (let i = 0; i < this.ready.length;) {
      const batch = this.ready[i]!;
      const portals = portalsOf(batch);
      if (portals.every((p) => (this.inFlight.get(p) ?? 0) < this.opts.maxConcurrentPerPortal)) {
        this.ready.splice(i, 1);
        void this.send(batch, portals);
      } else i++;
    }
    this.settleIfIdle();
  }

  private async send(batch: Batch, portals: number[]): Promise<void> {
    this.activeBatches++;
    const generation = this.generation;
    for (const p of portals) this.inFlight.set(p, (this.inFlight.get(p) ?? 0) + 1);
    const url = batch.app.webhookTargetUrl!;
    const events: WebhookEvent[] = batch.events.map((e) => ({ ...e, attemptNumber: batch.attempt }));
    const body = JSON.stringify(events);
    const record: DeliveryRecord = { url, appId: batch.app.appId, portalIds: portals, attemptNumber: batch.attempt, duplicate: batch.duplicate, events, at: this.opts.now() };
    this.records.push(record);
    const abort = new AbortController();
    this.aborts.add(abort);
    let ok = false;
    try {
      // Signed with wall-clock time, not the sandbox clock: receivers reject timestamps older
      // than 5 minutes against their own clock, and tests may have advanced the sandbox's.
      const timestamp = Date.now();
      const response = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor (HubSpot sandbox)',
          'X-HubSpot-Signature-v3': signWebhookV3({ clientSecret: batch.app.clientSecret, method: 'POST', uri: url, body, timestamp }),
          'X-HubSpot-Signature-Version': 'v3',
          'X-HubSpot-Request-Timestamp': String(timestamp),
          'X-HubSpot-Timeout-Millis': String(this.opts.timeoutMs),
        },
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      ok = response.status >= 200 && response.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    } finally {
      this.aborts.delete(abort);
    }
    for (const p of portals) {
      this.inFlight.set(p, (this.inFlight.get(p) ?? 1) - 1);
      const counters = this.opts.counters.for(p);
      counters.webhookDeliveries++;
      if (!ok) counters.webhookFailures++;
    }
    this.opts.log(`webhook delivery app=${batch.app.appId} events=${events.length} attempt=${batch.attempt} -> ${record.status ?? record.error}`);
    if (!ok && !this.closed && generation === this.generation && batch.attempt < this.opts.maxRetries) this.scheduleRetry(batch);
    this.activeBatches--;
    this.pump();
  }

  private scheduleRetry(batch: Batch): void {
    this.scheduledRetries++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.scheduledRetries--;
      this.ready.push({ ...batch, attempt: batch.attempt + 1 });
      this.pump();
    }, this.opts.retryDelayMs(batch.attempt + 1));
    this.timers.add(timer);
  }

  private isIdle(): boolean {
    return this.buffers.size === 0 && this.ready.length === 0 && this.activeBatches === 0 && this.scheduledRetries === 0;
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function portalsOf(batch: Batch): number[] {
  return [...new Set(batch.events.map((e) => e.portalId))];
}
