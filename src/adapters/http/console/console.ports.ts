import type { TenantId } from '../../../app/ports/ids';
import type { CriteriaDeps } from '../../../app/criteria/criteria-deps';
import type { AuditLog } from '../../../app/ports/audit-log.port';
import type { OperationsReader } from '../../../app/ports/operations.port';
import type { InstallationDirectory } from '../../../app/ports/tenancy.port';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import type { AttemptThrottle } from '../../locks/attempt-throttle';
import type { AuditTrail } from '../../../app/audit/audit-trail.port';
import type { OAuthStateStore } from '../../../app/ports/install.port';
import type { ConsoleRole, ConsoleUserStore, InvitationStore, PasskeyStore } from '../../../app/console-access/console-access.port';
import type { WebAuthnChallengeRepository } from '../../db/console-passkey.repository';
import type { ConsoleSessionRecord } from '../../db/console-session.repository';
import type { EffectivenessConsole } from '../../../app/effectiveness/effectiveness.ports';

/**
 * What the console needs from the rest of CareQual, stated as small ports so each page can be
 * tested on its own and wired to whichever adapter owns the data (console.feature.ts).
 */

export type { ConsoleRole };

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
  portalId: TenantId;
  userId: number;
  /** A Super Admin of the HubSpot account (every Super Admin is a console admin). */
  superAdmin: boolean;
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

/** WebAuthn challenges in flight, each bound to the browser that asked. */
export type ChallengeStore = Pick<WebAuthnChallengeRepository, 'save' | 'consume'>;

export interface ConsoleDeps {
  settings: ConsoleSettings;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  sessions: SessionStore;
  /** Single-use sign-in states (purpose console_sign_in), shared with the install flow's store. */
  signInStates: OAuthStateStore;
  /** Console users and their roles (the one place roles live), passkeys, invitations. */
  users: ConsoleUserStore;
  passkeys: PasskeyStore;
  invitations: InvitationStore;
  challenges: ChallengeStore;
  /** Counts sign-in, passkey and invitation requests per client address (sign-in-throttle.middleware.ts). */
  signInAttempts: AttemptThrottle;
  identity: IdentityProvider;
  installations: Pick<InstallationDirectory, 'tryGet'>;
  /** The ports of the criteria use cases (src/app/criteria): editor, simulate, try a lead, re-score. */
  criteria: CriteriaDeps;
  auditTrail: AuditTrail;
  operations: OperationsReader;
  /** The Effectiveness page (issue 20); absent: the page answers 404. */
  effectiveness?: EffectivenessConsole;
}
