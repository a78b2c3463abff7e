import { tenantId, type TenantId } from '../../app/ports/ids';
import { AppError } from '../../app/errors';
import type { ContactEvent } from '../../app/webhook-events';
import type { Logger } from '../../observability/logger';
import type { DistributedLock } from '../locks/redis-lock';
import type { AppTokenProvider } from './app-token.provider';
import type { HubSpotHttp } from './hubspot-http';
import { HubSpotApiError, HUBSPOT_ERROR_CODES } from './hubspot-errors';
import { contactPropertyChangesIn } from './journal-contact-events';
import { fetchJournalBatch } from './journal.client';

/** Journal entries read per call (each entry is one file of events). */
const BATCH_SIZE = 50;

export interface JournalUninstallPollerDeps {
  http: HubSpotHttp;
  /** The app-level (client-credentials) token. */
  appToken: Pick<AppTokenProvider, 'getToken' | 'invalidate'>;
  cursor: { tryGet(): Promise<string | undefined>; save(offset: string): Promise<void>; clear(): Promise<void> };
  /** Purges a portal HubSpot reported as uninstalled; false when it was not installed. */
  onUninstall(portalId: TenantId): Promise<boolean>;
  /**
   * Takes in the contact property changes of the per-install property subscriptions (the
   * webhook intake use case: dedupe, own-write filter, qualify jobs). Absent: they are skipped.
   * `traceId` names the journal entry.
   */
  onContactChanges?(events: ContactEvent[], traceId: string): Promise<void>;
  appId: number;
  /** Lets one process poll at a time (others skip their turn). */
  lock: DistributedLock;
  logger: Logger;
  /** Downloads a journal file from its pre-signed URL (no bearer: the URL is the credential). */
  fetchFile?: (url: string) => Promise<unknown>;
}

/**
 * Uninstall detection (and the per-install property changes, see onContactChanges) through HubSpot's webhooks journal (2026-03; on by default): HubSpot pushes no
 * uninstall webhook, but an app subscribed to APP_LIFECYCLE_EVENT finds APP_UNINSTALL events
 * in its journal. Each poll reads the entries after the stored offset, downloads each entry's
 * file, purges the portals uninstalled there, and only then moves the offset (at-least-once;
 * a purge is idempotent). The offset lives in the database, so a restart resumes where the
 * last process stopped.
 *
 * The spec describes the batch call (entries with `currentOffset` and a pre-signed `url`) but
 * not the file's schema, so the event reader is tolerant: a JSON array, an object with
 * `events`/`results`, or JSON lines; an event counts as an uninstall of this app when a type
 * field says APP_UNINSTALL and its app id (when present) is ours.
 */
export class JournalUninstallPoller {
  constructor(private readonly deps: JournalUninstallPollerDeps) {}

  /**
   * One poll; resolves with how many entries were read and portals purged, and `offsetExpired`
   * when the stored offset was no longer in the journal and the poll started at the earliest entry
   * kept instead.
   */
  async pollOnce(): Promise<{ entries: number; uninstalled: number[]; offsetExpired?: true }> {
    const offset = await this.deps.cursor.tryGet();
    const read = await this.readAfter(offset);
    const { entries } = read;
    const uninstalled: number[] = [];
    const files: unknown[] = [];
    for (const entry of entries) files.push(await (this.deps.fetchFile ?? downloadJson)(entry.url));
    // One hand-over per poll, not per entry: a contact created with ten mapped fields is ten
    // UPDATE events, and they become one qualify job per portal instead of ten.
    const changes = files.flatMap((file) => contactPropertyChangesIn(file, this.deps.appId));
    const last = entries[entries.length - 1];
    if (changes.length > 0 && last) await this.deps.onContactChanges?.(changes, `journal-${last.currentOffset}`.slice(0, 100));
    for (const [i, entry] of entries.entries()) {
      const file = files[i];
      for (const portalId of uninstallsIn(file, this.deps.appId)) {
        if (await this.deps.onUninstall(tenantId(portalId))) uninstalled.push(portalId);
      }
      await this.deps.cursor.save(entry.currentOffset);
    }
    return { entries: entries.length, uninstalled, ...(read.offsetExpired ? { offsetExpired: true as const } : {}) };
  }

  /**
   * The entries after `offset`. The journal keeps 3 days ("over the past 3 days",
   * developers.hubspot.com/docs/api-reference/latest/webhooks-journal/journal-entries/guide): after
   * a longer outage the stored offset is gone and HubSpot refuses it (400, or 404; the guide does
   * not say which). Every entry still kept then comes after it, so reading resumes at the earliest
   * one; whatever the journal dropped in between (uninstalls, property changes) is lost, which the
   * operator is told once. Without this the poller would be refused on every poll, for good.
   */
  private async readAfter(offset: string | undefined): Promise<{ entries: Array<{ currentOffset: string; url: string }>; offsetExpired: boolean }> {
    try {
      return { entries: await fetchJournalBatch(this.deps.http, this.deps.appToken, offset, BATCH_SIZE), offsetExpired: false };
    } catch (error) {
      if (offset === undefined || !isRefusedOffset(error)) throw error;
      this.deps.logger.error('the webhooks journal no longer keeps the stored offset (no poll for over 3 days): reading from the earliest entry it keeps; uninstalls and property changes in between were not seen', {
        code: 'journal.offset_expired', status: error.hubspot.status,
      });
      await this.deps.cursor.clear();
      return { entries: await fetchJournalBatch(this.deps.http, this.deps.appToken, undefined, BATCH_SIZE), offsetExpired: true };
    }
  }

  /**
   * Polls soon after start (≤ 1 s: connections come up first) and then `intervalMs` after each
   * poll ends, until closed (a slow poll never
   * overlaps the next). A failed poll is logged and tried again next time; with several
   * processes, the one holding the lock polls and the others skip their turn.
   */
  start(intervalMs: number): { name: string; close(): Promise<void> } {
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let running: Promise<void> = Promise.resolve();
    const schedule = (ms: number): void => {
      timer = setTimeout(tick, ms);
      timer.unref();
    };
    const tick = (): void => {
      running = this.deps.lock
        .withLock('webhooks-journal-poll', () => this.pollOnce())
        .then((r) => void (r.uninstalled.length > 0 && this.deps.logger.info('uninstalls found in the webhooks journal', { portals: r.uninstalled })))
        .catch((error: unknown) => {
          const code = error instanceof AppError ? error.code : 'internal_error';
          if (code !== 'lock.timeout') this.deps.logger.warn('webhooks journal poll failed', { code });
        })
        .finally(() => {
          if (!closed) schedule(intervalMs);
        });
    };
    schedule(Math.min(intervalMs, 1000));
    return {
      name: 'webhooks-journal-poller',
      close: async () => {
        closed = true;
        clearTimeout(timer);
        await running;
      },
    };
  }
}

async function downloadJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
  if (!res.ok) throw new AppError('hubspot.unavailable', `journal file download failed with ${res.status}`, { retryable: true });
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  }
}

const TYPE_FIELDS = ['eventType', 'eventTypeName', 'action', 'changeType', 'subscriptionType', 'lifecycleEventType', 'type'] as const;

/** HubSpot's refusal of an offset it does not know (any more): 400 or 404. */
function isRefusedOffset(error: unknown): error is HubSpotApiError {
  return error instanceof HubSpotApiError && (error.code === HUBSPOT_ERROR_CODES.validation || error.code === HUBSPOT_ERROR_CODES.notFound);
}

/** Portal ids of this app's APP_UNINSTALL events in a journal file. */
export function uninstallsIn(file: unknown, appId: number): number[] {
  const events = Array.isArray(file) ? file : (file as { events?: unknown; results?: unknown } | null)?.events ?? (file as { results?: unknown } | null)?.results;
  if (!Array.isArray(events)) return [];
  const portals = new Set<number>();
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    if (!TYPE_FIELDS.some((f) => typeof e[f] === 'string' && (e[f] as string).toUpperCase() === 'APP_UNINSTALL')) continue;
    if (e.appId !== undefined && toId(e.appId) !== appId) continue;
    const portalId = toId(e.portalId ?? e.installPortalId);
    if (portalId !== undefined) portals.add(portalId);
  }
  return [...portals];
}

/** A positive id from a number or a digit string; anything else (objects included: `Number({})` can throw) is not one. */
function toId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
