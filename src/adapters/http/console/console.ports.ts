import type { Criteria } from '../../../core';
import type { AuditActor, AuditLog } from '../../../app/ports/audit-log.port';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import type { AuditTrail } from '../../../app/audit/audit-trail.port';
import type { OAuthStateStore } from '../../../app/ports/install.port';
import type { ConsoleGrant } from '../../db/console-grant.repository';
import type { ConsoleSessionRecord } from '../../db/console-session.repository';
import type { InstallationRecord } from '../../db/installation.repository';
import type { EffectivenessConsole } from '../../../app/effectiveness/effectiveness.ports';

/**
 * What the console needs from the rest of CareQual, stated as small ports so each page can be
 * tested on its own and wired to whichever adapter owns the data (console.feature.ts).
 */

export type ConsoleRole = 'admin' | 'editor' | 'viewer';

/** Settings the console reads from configuration. */
export interface ConsoleSettings {
  publicBaseUrl: string;
  hubspotAuthBaseUrl: string;
  hubspotClientId: string;
  sessionSecret: string;
  idleTimeoutMs: number;
  sessionMaxMs: number;
}

/** Who signed in through HubSpot: learned from the code exchange plus token info. */
export interface HubSpotIdentity {
  portalId: number;
  userId: number;
}

export interface IdentityProvider {
  /** Exchanges the sign-in code and introspects the token; the token is never kept. */
  identify(code: string, redirectUri: string): Promise<HubSpotIdentity>;
}

export interface SessionStore {
  create(idHash: string, session: ConsoleSessionRecord): Promise<void>;
  tryGet(idHash: string): Promise<ConsoleSessionRecord | undefined>;
  touch(idHash: string, at: Date): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  /** Removes sessions past either limit (called on each sign-in, so the table stays small). */
  deleteExpired(now: Date, idleMs: number): Promise<number>;
}

export interface GrantStore {
  list(portalId: number): Promise<ConsoleGrant[]>;
  tryGetRole(portalId: number, userId: number): Promise<'editor' | undefined>;
  grantEditor(portalId: number, userId: number, grantedBy: number): Promise<void>;
  revoke(portalId: number, userId: number): Promise<boolean>;
}

export interface InstallationReader {
  tryGet(portalId: number): Promise<InstallationRecord | undefined>;
}

/** One saved criteria version (immutable). */
export interface CriteriaVersionInfo {
  version: number;
  contentHash: string;
  note: string | undefined;
  createdBy: string;
  createdAt: Date;
}

export interface CriteriaVersionDocument extends CriteriaVersionInfo {
  criteria: Criteria;
}

export interface PublishedPointer {
  version: number;
}

/** Who changes criteria, for the audit entry the store writes with the change. */
export interface CriteriaChange {
  actor: AuditActor;
  requestId?: string;
  note?: string;
}

/**
 * Criteria versions of one portal: save (new immutable version), publish, roll back, list,
 * read. The store audits its own changes (criteria.saved / published / rolled_back).
 */
export interface CriteriaStore {
  listVersions(portalId: number): Promise<CriteriaVersionInfo[]>;
  tryGetVersion(portalId: number, version: number): Promise<CriteriaVersionDocument | undefined>;
  saveVersion(portalId: number, criteria: Criteria, change: CriteriaChange): Promise<CriteriaVersionInfo>;
  publish(portalId: number, version: number, change: CriteriaChange): Promise<void>;
  rollback(portalId: number, version: number, change: CriteriaChange): Promise<void>;
  tryGetPublishedPointer(portalId: number): Promise<PublishedPointer | undefined>;
}

/** A contact property as the field-mapping picker offers it. */
export interface ContactPropertyOption {
  name: string;
  label: string;
  type: string;
}

export interface ContactPropertyCatalog {
  /** The portal's contact properties (cached briefly). */
  list(portalId: number): Promise<ContactPropertyOption[]>;
}

/** A recent contact's values, read for a simulation and dropped afterwards. */
export interface SampledContact {
  id: string;
  properties: Record<string, string | null>;
}

export interface ContactSampler {
  /** Up to `limit` (≤200) most recently created contacts with only the named properties. */
  sampleRecent(portalId: number, properties: readonly string[], limit: number): Promise<SampledContact[]>;
}

/** Queue figures for the health page. */
export interface QueueFigures {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Error codes of the most recent failed jobs (no messages: they could hold data). */
  recentFailureCodes: Array<{ code: string; at: Date }>;
}

export interface OperationsReader {
  /** Queue counts (shared service) and this portal's most recent failed-job codes. */
  qualifyQueue(portalId: number): Promise<QueueFigures>;
  rateLimit(portalId: number): Promise<{ used: number; budget: number; windowMs: number }>;
}

/** Progress of a re-score run. */
export interface RescoreProgress {
  runId: string;
  status: 'running' | 'finished' | 'failed' | 'cancelled';
  contactsEnqueued: number;
  contactsDone: number;
  startedAt: Date;
  finishedAt: Date | undefined;
}

export interface RescoreStarter {
  start(portalId: number, userId: number): Promise<{ progress: RescoreProgress; alreadyRunning: boolean }>;
  progress(portalId: number): Promise<RescoreProgress | undefined>;
}

export interface ConsoleDeps {
  settings: ConsoleSettings;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  sessions: SessionStore;
  /** Single-use sign-in states (purpose console_sign_in), shared with the install flow's store. */
  signInStates: OAuthStateStore;
  grants: GrantStore;
  identity: IdentityProvider;
  installations: InstallationReader;
  criteria: CriteriaStore;
  properties: ContactPropertyCatalog;
  contacts: ContactSampler;
  auditTrail: AuditTrail;
  operations: OperationsReader;
  rescore: RescoreStarter;
  /** The Effectiveness page (issue 20); absent: the page answers 404. */
  effectiveness?: EffectivenessConsole;
}
