import type { FaultSpec } from './faults';
import { notFoundError, validationError } from './hubspot-errors';
import type { AppRegistration } from './oauth';
import type { PortalCounters } from './rate-limit';
import { propertyJson } from './routes/properties.routes';
import type { SandboxContext } from './sandbox-context';
import { ACCOUNT_TIERS, accountCanGrant, grantScopes } from './scopes';
import type { AccountTier, ObjectType, Portal, PortalOptions, ValidationRule, WriteSource } from './state/crm-types';
import { toRecordSnapshot } from './state/public-object';
import type { DeliveryRecord } from './webhook-dispatcher';
import type { JournalEvent, JournalSubscription } from './webhooks-journal';
import type { WorkflowActionRunner } from './workflow-actions';

/** A record as tests read it back: every property value and its full history. */
export type RecordSnapshot = ReturnType<typeof toRecordSnapshot>;

/** Who a control-API write is attributed to (default: the portal's first user in the CRM UI). */
export interface ControlWriteOptions { source?: string; sourceId?: string; userId?: number }

/** A declarative validation rule (usable over HTTP): refuse writes matching all given conditions. */
export interface ValidationRuleSpec { contactIds?: string[]; propertyName?: string; valueEquals?: string; message?: string }

/** What the OAuth flow yields when driven headlessly. */
export interface InstallResult { portalId: number; code: string; redirectUrl: string }

/**
 * The control operations of the sandbox, shared by the in-process API and `/_sandbox/*`.
 * Writes go through the same store as API writes, so they fire the same webhooks.
 */
export class SandboxController {
  constructor(protected readonly ctx: SandboxContext) {}

  /** Workflows that run the apps' custom workflow actions: register actions, create workflows, enrol contacts. */
  get workflows(): WorkflowActionRunner {
    return this.ctx.workflows;
  }

  /** Registers (or replaces) an app: OAuth client, redirect URLs, webhook target and subscriptions. */
  registerApp(app: AppRegistration): void {
    this.ctx.oauth.registerApp(app);
  }

  /**
   * Creates a simulated HubSpot account; its users become CRM owners. `intakeFormFields` adds the
   * custom fields of a practice's patient-inquiry form (service of interest, insurance, timeline…).
   */
  createPortal(opts: PortalOptions = {}): { portalId: number; userIds: number[] } {
    const portal = this.ctx.store.createPortal(opts);
    return { portalId: portal.portalId, userIds: portal.users.map((u) => u.id) };
  }

  /**
   * Changes an account's tier and/or its Sensitive Data setting (an upgrade). Tokens already issued
   * keep their scopes: new scopes come only with a new authorization, as with HubSpot.
   */
  setAccount(portalId: number, account: { tier?: AccountTier; sensitiveData?: boolean }): { tier: AccountTier; sensitiveData: boolean } {
    const portal = this.ctx.store.requirePortal(portalId);
    if (account.tier !== undefined) {
      if (!ACCOUNT_TIERS.includes(account.tier)) throw validationError(`tier must be one of ${ACCOUNT_TIERS.join(', ')}`);
      portal.tier = account.tier;
    }
    if (account.sensitiveData !== undefined) portal.sensitiveData = account.sensitiveData === true;
    return { tier: portal.tier, sensitiveData: portal.sensitiveData };
  }

  /**
   * Approves an install as if a super admin clicked "Connect app": returns the code (and the
   * redirect URL with `code` and `state`) to exchange at the token endpoint. An install from the
   * marketplace's Install button carries no `state` but a `returnUrl` back to HubSpot
   * (developers.hubspot.com/docs/apps/developer-platform/list-apps/understand-app-install-flow).
   */
  approveInstall(opts: { clientId: string; portalId?: number; userId?: number; redirectUri?: string; scopes?: string[]; state?: string; returnUrl?: string }): InstallResult {
    const app = this.ctx.oauth.findAppByClientId(opts.clientId);
    if (!app) throw notFoundError(`no app with client id ${opts.clientId}`);
    const redirectUri = opts.redirectUri ?? app.redirectUris[0];
    if (!redirectUri || !app.redirectUris.includes(redirectUri)) throw notFoundError(`redirect URI ${String(redirectUri)} is not registered`);
    const portal = (opts.portalId !== undefined ? this.ctx.store.portals.get(opts.portalId) : undefined) ?? this.ctx.store.createPortal({ portalId: opts.portalId });
    const user = portal.users.find((u) => u.id === opts.userId) ?? portal.users.find((u) => u.superAdmin) ?? portal.users[0]!;
    // Explicit scopes are granted as given (as far as the account can); else the app's required
    // scopes plus the optional ones the account can grant (HubSpot leaves the others out silently).
    const granted = opts.scopes
      ? { ok: true as const, scopes: opts.scopes.filter((s) => accountCanGrant(portal, s)) }
      : grantScopes(app, portal, app.scopes, app.optionalScopes);
    if (!granted.ok) throw validationError(granted.detail);
    const code = this.ctx.oauth.approve({ appId: app.appId, portalId: portal.portalId, userId: user.id, userEmail: user.email, scopes: granted.scopes, redirectUri });
    const url = new URL(redirectUri);
    url.searchParams.set('code', code);
    if (opts.state) url.searchParams.set('state', opts.state);
    if (opts.returnUrl) url.searchParams.set('returnUrl', opts.returnUrl);
    return { portalId: portal.portalId, code, redirectUrl: url.toString() };
  }

  /** Approves and exchanges in one step: the token response an app would get. */
  installApp(opts: { clientId: string; portalId?: number; userId?: number; scopes?: string[] }): { access_token: string; refresh_token: string; expires_in: number; hub_id: number } {
    const app = this.ctx.oauth.findAppByClientId(opts.clientId);
    const { code } = this.approveInstall(opts);
    const redirectUri = app!.redirectUris[0];
    return this.ctx.oauth.exchangeCode({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: app!.clientId, client_secret: app!.clientSecret }) as never;
  }

  /** Uninstalls an app from a portal: tokens stop working, webhooks stop, the journal records APP_UNINSTALL (when subscribed). */
  uninstallApp(portalId: number, appId: number): void {
    this.ctx.oauth.uninstall(portalId, appId);
  }

  /** Creates contacts (as CRM_UI by default) and fires contact.creation + property-change webhooks. */
  async createContacts(portalId: number, contacts: Record<string, string>[], opts: ControlWriteOptions = {}): Promise<string[]> {
    const portal = this.ctx.store.requirePortal(portalId);
    const source = this.sourceFor(portal, opts);
    const prepared = contacts.map((c) => this.ctx.store.normalizeWrite(portal, 'contacts', c, { allowReadOnly: true }));
    return prepared.map((values) => this.ctx.store.createRecord(portal, 'contacts', values, source).id);
  }

  /** Updates a contact (fires property-change webhooks for changed, subscribed properties). */
  async updateContact(portalId: number, id: string, props: Record<string, string>, opts: ControlWriteOptions = {}): Promise<void> {
    const portal = this.ctx.store.requirePortal(portalId);
    const record = this.mustFind(portal, 'contacts', id);
    this.ctx.store.updateRecord(portal, record, this.ctx.store.normalizeWrite(portal, 'contacts', props, { allowReadOnly: true }), this.sourceFor(portal, opts));
  }

  /** Deletes (archives) a contact: contact.deletion. */
  async deleteContact(portalId: number, id: string, opts: ControlWriteOptions = {}): Promise<void> {
    const portal = this.ctx.store.requirePortal(portalId);
    this.ctx.store.archiveRecord(portal, this.mustFind(portal, 'contacts', id), this.sourceFor(portal, opts));
  }

  /** GDPR-deletes a contact: contact.privacyDeletion and contact.deletion. */
  async privacyDeleteContact(portalId: number, id: string, opts: ControlWriteOptions = {}): Promise<void> {
    const portal = this.ctx.store.requirePortal(portalId);
    this.ctx.store.archiveRecord(portal, this.mustFind(portal, 'contacts', id), this.sourceFor(portal, opts), true);
  }

  /** Merges `mergedId` into `primaryId` (contact.merge); returns the surviving id. */
  async mergeContacts(portalId: number, primaryId: string, mergedId: string, opts: ControlWriteOptions = {}): Promise<string> {
    const portal = this.ctx.store.requirePortal(portalId);
    return this.ctx.store.mergeRecords(portal, this.mustFind(portal, 'contacts', primaryId), this.mustFind(portal, 'contacts', mergedId), this.sourceFor(portal, opts)).id;
  }

  /** A contact with all values and history; undefined if it does not exist (or was deleted). */
  getContact(portalId: number, id: string): RecordSnapshot | undefined {
    const portal = this.ctx.store.portals.get(portalId);
    const record = portal && this.ctx.store.findRecord(portal, 'contacts', id);
    return record ? toRecordSnapshot(record) : undefined;
  }

  /** Every live contact of a portal. */
  listContacts(portalId: number): RecordSnapshot[] {
    return this.liveRecords(portalId, 'contacts');
  }

  /** Every live task of a portal (with `associations.contacts`). */
  listTasks(portalId: number): RecordSnapshot[] {
    return this.liveRecords(portalId, 'tasks');
  }

  /** Property definitions of a portal, as the properties API returns them. */
  listProperties(portalId: number, objectType: ObjectType = 'contacts'): Record<string, unknown>[] {
    return [...this.ctx.store.requirePortal(portalId).schemas[objectType].properties.values()].map(propertyJson);
  }

  /** Request, 429 and webhook counters of one portal. */
  counters(portalId: number): PortalCounters {
    return this.ctx.counters.snapshot(portalId);
  }

  /** Replaces the fault spec (`{}` clears it). */
  setFaults(spec: FaultSpec): void {
    this.ctx.faults.set(spec);
  }

  /** Changes the per-portal rolling limit. */
  setRateLimit(limit: { max: number; windowMs: number }): void {
    this.ctx.limiter.configure(limit);
  }

  /** Installs (or with undefined removes) a portal's own validation rule for API writes. */
  setValidationRule(portalId: number, rule: ValidationRule | ValidationRuleSpec | undefined): void {
    const portal = this.ctx.store.requirePortal(portalId);
    portal.validationRule = typeof rule === 'function' || rule === undefined ? rule : compileRule(rule);
  }

  /** Revokes a refresh token (as an uninstall or a revoke would): next refresh gets BAD_REFRESH_TOKEN. */
  revokeRefreshToken(token: string): void {
    this.ctx.oauth.revokeRefreshToken(token);
  }

  /** How many of an app's refresh tokens in a portal still work (a sign-in must not leave one behind). */
  liveRefreshTokens(portalId: number, appId: number): number {
    return this.ctx.oauth.countLiveRefreshTokens(portalId, appId);
  }

  /** Expires issued access tokens now (all, or one portal's). */
  expireAccessTokens(portalId?: number): void {
    this.ctx.oauth.expireAccessTokens(portalId);
  }

  /** Moves the sandbox clock forward (token expiry, rate-limit windows, timestamps). */
  advanceTime(ms: number): void {
    this.ctx.clock.advance(ms);
  }

  /** The sandbox clock, epoch ms. */
  now(): number {
    return this.ctx.clock.now();
  }

  /** Duplicate deliveries: a random share, and/or the next N deliveries sent twice. */
  setWebhookDuplicates(opts: { rate?: number; next?: number }): void {
    if (opts.rate !== undefined) this.ctx.webhooks.setDuplicateRate(opts.rate);
    if (opts.next) this.ctx.webhooks.duplicateNextDeliveries(opts.next);
  }

  /** Every app lifecycle event written to the webhooks journal so far, and the journal subscriptions of an app. */
  journalEvents(): JournalEvent[] {
    return this.ctx.journal.events();
  }

  journalSubscriptions(appId: number): JournalSubscription[] {
    return this.ctx.journal.listSubscriptions(appId);
  }

  /** Every webhook delivery attempt so far. */
  webhookDeliveries(): DeliveryRecord[] {
    return this.ctx.webhooks.deliveries();
  }

  /** Resolves when all pending webhook deliveries (including retries) have settled. */
  flushWebhooks(): Promise<void> {
    return this.ctx.webhooks.flush();
  }

  /** Forgets portals, installs, tokens, counters, faults, webhooks and clock offset; registered apps stay. */
  reset(): void {
    this.ctx.webhooks.reset();
    this.ctx.workflows.reset();
    this.ctx.faults.set({});
    this.ctx.faults.releaseHanging();
    this.ctx.store.reset();
    this.ctx.oauth.reset();
    this.ctx.journal.reset();
    this.ctx.counters.reset();
    this.ctx.limiter.reset();
    this.ctx.searchLimiter.reset();
    this.ctx.clock.reset();
  }

  private liveRecords(portalId: number, type: ObjectType): RecordSnapshot[] {
    return [...this.ctx.store.requirePortal(portalId).objects[type].values()].filter((r) => !r.archived).map(toRecordSnapshot);
  }

  private mustFind(portal: Portal, type: ObjectType, id: string) {
    const record = this.ctx.store.findRecord(portal, type, id);
    if (!record) throw notFoundError(`${type} ${id} not found in portal ${portal.portalId}`);
    return record;
  }

  private sourceFor(portal: Portal, opts: ControlWriteOptions): WriteSource {
    const userId = opts.userId ?? portal.users[0]?.id;
    const sourceType = opts.source ?? 'CRM_UI';
    if (sourceType === 'CRM_UI') return { sourceType, sourceId: opts.sourceId ?? (userId ? `userId:${userId}` : undefined), userId };
    return { sourceType, sourceId: opts.sourceId };
  }
}

function compileRule(spec: ValidationRuleSpec): ValidationRule {
  return (ctx) => {
    if (spec.contactIds && (ctx.objectType !== 'contacts' || !ctx.objectId || !spec.contactIds.includes(ctx.objectId))) return undefined;
    if (spec.propertyName && !(spec.propertyName in ctx.properties)) return undefined;
    if (spec.propertyName && spec.valueEquals !== undefined && ctx.properties[spec.propertyName] !== spec.valueEquals) return undefined;
    return { message: spec.message ?? 'The value does not meet this account\'s validation rules.', propertyName: spec.propertyName };
  };
}
