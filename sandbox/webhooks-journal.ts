import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SandboxClock } from './clock';
import { HubSpotHttpError, buildErrorBody, notFoundError, validationError } from './hubspot-errors';
import { objectEventFor, parseObjectSubscription, type ObjectEvent, type ObjectSubscriptionFields } from './journal-object-subscriptions';
import { oauthError, type RegisteredApp } from './oauth';
import type { CrmChange } from './state/crm-types';

/**
 * HubSpot's webhooks journal (2026-03), for app lifecycle events: app-level tokens of the
 * client-credentials grant, per-install APP_LIFECYCLE_EVENT subscriptions, and the journal
 * itself (entries with a `currentOffset` and a pre-signed file URL).
 *
 * Sources: ../shared/hubspot-openapi/2026-03/webhooks-journal.json (paths, bodies, scopes);
 * 2026-03/oauth.json (`grant_type=client_credentials`, `ClientCredentialsTokenResponse`);
 * developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide ("the webhooks journal
 * API uses a client credentials token", scopes `developer.webhooks_journal.*`, "these APIs are
 * install-specific", the global journal covers every account the app is installed in).
 *
 * Assumptions where neither says (kept strict): a lifecycle event reaches the journal only when
 * a subscription covers that portal (one with that `portalId`, or one without any); a portal's
 * subscriptions end with the uninstall (after its APP_UNINSTALL is written), so a re-install
 * must subscribe again; the file behind `url` is a JSON array of events.
 */

/** Scopes of the client-credentials grant, by what they allow (docs' names, then the spec's). */
export const JOURNAL_SCOPES = {
  read: ['developer.webhooks_journal.read', 'webhooks-journal-data-access'],
  subscriptionsRead: ['developer.webhooks_journal.subscriptions.read', 'developer.webhooks_journal.subscriptions.write', 'webhooks-journal-subscription-read', 'webhooks-journal-subscription-management'],
  subscriptionsWrite: ['developer.webhooks_journal.subscriptions.write', 'webhooks-journal-subscription-management'],
} as const;
const GRANTABLE = new Set<string>([...JOURNAL_SCOPES.read, ...JOURNAL_SCOPES.subscriptionsRead, 'developer.webhooks_journal.snapshots.read', 'developer.webhooks_journal.snapshots.write']);

/** Client-credentials tokens live 30 minutes, like every HubSpot access token. */
const APP_TOKEN_TTL_MS = 30 * 60 * 1000;
/** How long a journal file's pre-signed URL works. */
const FILE_URL_TTL_MS = 15 * 60 * 1000;
/**
 * How long the journal keeps an entry: "historical event data … for your subscriptions over the
 * past 3 days" (developers.hubspot.com/docs/api-reference/latest/webhooks-journal/journal-entries/guide).
 * Older entries are gone, and so is their offset: reading after it is refused like any unknown
 * offset (the guide does not say with which status; the sandbox answers 400, the stricter reading).
 */
export const JOURNAL_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

export type LifecycleAction = 'APP_INSTALL' | 'APP_UNINSTALL';

/** An app-level token (no portal). */
export interface AppToken { token: string; appId: number; scopes: string[]; expiresAtMs: number }

/** A `SubscriptionResponse` of subscriptionType APP_LIFECYCLE_EVENT. */
export interface LifecycleSubscription {
  id: number; appId: number; portalId?: number; subscriptionType: 'APP_LIFECYCLE_EVENT';
  eventTypeId: string; properties: string[]; actions: LifecycleAction[]; createdAt: string; updatedAt: string;
}

/** A `SubscriptionResponse` of subscriptionType OBJECT (see journal-object-subscriptions.ts). */
export type ObjectSubscription = ObjectSubscriptionFields & { id: number; appId: number; subscriptionType: 'OBJECT'; createdAt: string; updatedAt: string };

export type JournalSubscription = LifecycleSubscription | ObjectSubscription;
export type JournalEvent = LifecycleEvent | ObjectEvent;

/** One event in a journal file. */
export interface LifecycleEvent {
  eventId: string; subscriptionId: number; subscriptionType: 'APP_LIFECYCLE_EVENT';
  action: LifecycleAction; appId: number; portalId: number; occurredAt: number;
}

interface JournalEntry { offset: string; appId: number; events: JournalEvent[]; writtenAtMs: number }

export class WebhooksJournal {
  private readonly tokens = new Map<string, AppToken>();
  private readonly subscriptions = new Map<number, JournalSubscription>();
  private entries: JournalEntry[] = [];
  private nextSubscriptionId = 7_000_001;
  private readonly fileKey = randomBytes(32);

  constructor(
    private readonly clock: SandboxClock,
    private readonly baseUrl: () => string,
    /** Whether the app is installed in the portal: object subscriptions are install-specific. */
    private readonly isInstalled: (appId: number, portalId: number) => boolean = () => true,
  ) {}

  /** grant_type=client_credentials: an app-level token with the requested journal scopes. */
  issueAppToken(app: RegisteredApp | undefined, form: Record<string, string | undefined>): Record<string, unknown> {
    if (!app) throw oauthError('BAD_CLIENT_ID', 'invalid_client', 'missing or unknown client id');
    if (form.client_secret !== app.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'invalid_client', 'missing or invalid client secret');
    const scopes = (form.scope ?? '').split(/[\s+,]+/).filter(Boolean);
    const unknown = scopes.filter((s) => !GRANTABLE.has(s));
    if (scopes.length === 0 || unknown.length > 0) throw oauthError('BAD_SCOPE', 'invalid_scope', `scope must name webhooks journal scopes; not grantable: ${unknown.join(', ') || '(none requested)'}`);
    const token: AppToken = { token: `CC${randomBytes(36).toString('base64url')}`, appId: app.appId, scopes, expiresAtMs: this.clock.now() + APP_TOKEN_TTL_MS };
    this.tokens.set(token.token, token);
    return { token_type: 'bearer', access_token: token.token, expires_in: APP_TOKEN_TTL_MS / 1000, scopes, token_use: 'client_credentials' };
  }

  /** The app token behind a bearer, or undefined (unknown, expired, or a portal's OAuth token). */
  authenticate(bearer: string | undefined): AppToken | undefined {
    const token = bearer ? this.tokens.get(bearer) : undefined;
    return token && token.expiresAtMs > this.clock.now() ? token : undefined;
  }

  /** POST /webhooks-journal/subscriptions/2026-03: upsert by (app, portal, eventTypeId). */
  upsertSubscription(appId: number, body: Record<string, unknown>): JournalSubscription {
    if (body.subscriptionType === 'OBJECT') return this.upsertObjectSubscription(appId, body);
    if (body.subscriptionType !== 'APP_LIFECYCLE_EVENT') throw validationError(`the sandbox journal serves APP_LIFECYCLE_EVENT and OBJECT subscriptions, got ${String(body.subscriptionType)}`);
    if (typeof body.eventTypeId !== 'string' || body.eventTypeId === '') throw validationError('eventTypeId is required', { context: { missing: ['eventTypeId'] } });
    if (!Array.isArray(body.properties) || !body.properties.every((p) => typeof p === 'string')) throw validationError('properties is required (an array of strings)', { context: { missing: ['properties'] } });
    const portalId = body.portalId === undefined ? undefined : Number(body.portalId);
    if (portalId !== undefined && !(Number.isSafeInteger(portalId) && portalId > 0)) throw validationError('portalId must be a positive integer');
    const now = this.clock.isoNow();
    const existing = this.lifecycleSubscriptions().find((s) => s.appId === appId && s.portalId === portalId && s.eventTypeId === body.eventTypeId);
    if (existing) {
      existing.properties = [...(body.properties as string[])];
      existing.updatedAt = now;
      return existing;
    }
    const created: JournalSubscription = {
      id: this.nextSubscriptionId++, appId, ...(portalId !== undefined ? { portalId } : {}), subscriptionType: 'APP_LIFECYCLE_EVENT',
      eventTypeId: body.eventTypeId, properties: [...(body.properties as string[])], actions: ['APP_INSTALL', 'APP_UNINSTALL'], createdAt: now, updatedAt: now,
    };
    this.subscriptions.set(created.id, created);
    return created;
  }

  /** An OBJECT subscription: upserted per (app, portal, objectTypeId), refused for a portal without the app. */
  private upsertObjectSubscription(appId: number, body: Record<string, unknown>): ObjectSubscription {
    const fields = parseObjectSubscription(body);
    if (!this.isInstalled(appId, fields.portalId)) throw validationError(`app ${appId} is not installed in portal ${fields.portalId}`);
    const now = this.clock.isoNow();
    const existing = this.objectSubscriptions().find((s) => s.appId === appId && s.portalId === fields.portalId && s.objectTypeId === fields.objectTypeId);
    if (existing) {
      Object.assign(existing, fields, { updatedAt: now });
      return existing;
    }
    const created: ObjectSubscription = { id: this.nextSubscriptionId++, appId, subscriptionType: 'OBJECT', ...fields, createdAt: now, updatedAt: now };
    this.subscriptions.set(created.id, created);
    return created;
  }

  /** Writes the events a CRM change causes for the app's OBJECT subscriptions (one journal entry). */
  recordObjectChange(appId: number, change: CrmChange): number {
    // Every CRM property change passes here (a 15-field form is 16 changes): with a thousand
    // installed portals, one pass over the subscriptions without copying them and one clock read.
    const occurredAt = this.clock.now();
    const events: JournalEvent[] = [];
    for (const s of this.subscriptions.values()) {
      if (s.subscriptionType !== 'OBJECT' || s.appId !== appId || s.portalId !== change.portalId) continue;
      const event = objectEventFor(s, change, occurredAt);
      if (event) events.push(event);
    }
    if (events.length > 0) this.entries.push({ offset: randomUUID(), appId, events, writtenAtMs: occurredAt });
    return events.length;
  }

  private lifecycleSubscriptions(): LifecycleSubscription[] {
    return [...this.subscriptions.values()].filter((s): s is LifecycleSubscription => s.subscriptionType === 'APP_LIFECYCLE_EVENT');
  }

  private objectSubscriptions(): ObjectSubscription[] {
    return [...this.subscriptions.values()].filter((s): s is ObjectSubscription => s.subscriptionType === 'OBJECT');
  }

  listSubscriptions(appId: number, portalId?: number): JournalSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.appId === appId && (portalId === undefined || s.portalId === portalId));
  }

  getSubscription(appId: number, id: number): JournalSubscription {
    const found = this.subscriptions.get(id);
    if (!found || found.appId !== appId) throw notFoundError(`subscription ${id} not found`);
    return found;
  }

  deleteSubscription(appId: number, id: number): void {
    this.getSubscription(appId, id);
    this.subscriptions.delete(id);
  }

  deletePortalSubscriptions(appId: number, portalId: number): void {
    for (const s of this.listSubscriptions(appId, portalId)) this.subscriptions.delete(s.id);
  }

  /** Writes a lifecycle event when a subscription covers the portal; an uninstall then ends the portal's subscriptions. */
  recordLifecycle(appId: number, portalId: number, action: LifecycleAction): boolean {
    const covering = this.lifecycleSubscriptions().find((s) => s.appId === appId && (s.portalId === undefined || s.portalId === portalId));
    if (covering) {
      const event: LifecycleEvent = { eventId: randomUUID(), subscriptionId: covering.id, subscriptionType: 'APP_LIFECYCLE_EVENT', action, appId, portalId, occurredAt: this.clock.now() };
      this.entries.push({ offset: randomUUID(), appId, events: [event], writtenAtMs: this.clock.now() });
    }
    if (action === 'APP_UNINSTALL') this.deletePortalSubscriptions(appId, portalId);
    return covering !== undefined;
  }

  /** Up to `count` entries of the app's journal after `offset` (from the earliest when undefined). */
  batchAfter(appId: number, offset: string | undefined, count: number): Record<string, unknown> {
    if (!Number.isSafeInteger(count) || count < 1) throw validationError('count must be an integer of at least 1');
    this.dropExpired();
    const mine = this.entries.filter((e) => e.appId === appId);
    let start = 0;
    if (offset !== undefined) {
      const at = mine.findIndex((e) => e.offset === offset);
      if (at < 0) throw validationError(`offset ${offset} is not in this app's journal`);
      start = at + 1;
    }
    const startedAt = this.clock.isoNow();
    const results = mine.slice(start, start + count).map((e) => this.describeEntry(e));
    return { status: 'COMPLETE', requestedAt: startedAt, startedAt, completedAt: this.clock.isoNow(), results };
  }

  /** The events behind a pre-signed file URL; 403 when the signature is wrong or expired. */
  readFile(offset: string, expires: string | undefined, signature: string | undefined): JournalEvent[] {
    const expected = Buffer.from(this.sign(offset, expires ?? ''));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !(Number(expires) > this.clock.now())) {
      throw new HubSpotHttpError(403, buildErrorBody('FORBIDDEN', 'The journal file URL is invalid or has expired'));
    }
    this.dropExpired();
    const entry = this.entries.find((e) => e.offset === offset);
    if (!entry) throw notFoundError('journal file not found');
    return entry.events;
  }

  /** Forgets the entries older than the journal keeps them (by the sandbox's clock). */
  private dropExpired(): void {
    const keptFrom = this.clock.now() - JOURNAL_RETENTION_MS;
    if (this.entries.some((e) => e.writtenAtMs < keptFrom)) this.entries = this.entries.filter((e) => e.writtenAtMs >= keptFrom);
  }

  /** Every event written so far (tests). */
  events(): JournalEvent[] {
    return this.entries.flatMap((e) => e.events);
  }

  reset(): void {
    this.tokens.clear();
    this.subscriptions.clear();
    this.entries = [];
  }

  private describeEntry(entry: JournalEntry): { currentOffset: string; expiresAt: string; url: string } {
    const expires = String(this.clock.now() + FILE_URL_TTL_MS);
    const url = new URL(`${this.baseUrl()}/_journal-files/${entry.offset}`);
    url.searchParams.set('expires', expires);
    url.searchParams.set('signature', this.sign(entry.offset, expires));
    return { currentOffset: entry.offset, expiresAt: new Date(Number(expires)).toISOString(), url: url.toString() };
  }

  private sign(offset: string, expires: string): string {
    return createHmac('sha256', this.fileKey).update(`${offset}\n${expires}`).digest('base64url');
  }
}
