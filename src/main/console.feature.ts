import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { BackfillRunRepository } from '../adapters/db/backfill-run.repository';
import { CriteriaRepository } from '../adapters/db/criteria.repository';
import { InvitationRepository, PasskeyRepository, WebAuthnChallengeRepository } from '../adapters/db/console-passkey.repository';
import { ConsoleUserRepository } from '../adapters/db/console-user.repository';
import { ConsoleSessionRepository } from '../adapters/db/console-session.repository';
import { InstallationRepository } from '../adapters/db/installation.repository';
import { OAuthStateRepository } from '../adapters/db/oauth-state.repository';
import type { ConsoleDeps } from '../adapters/http/console/console.ports';
import { createConsoleRouter } from '../adapters/http/console/console.router';
import { cacheContactProperties, cacheOwners } from '../adapters/hubspot/contact-property-cache';
import { createHubSpotCrmGateway } from '../adapters/hubspot/hubspot-crm.adapter';
import { HubSpotClient } from '../adapters/hubspot/hubspot.client';
import { HubSpotOAuthClient } from '../adapters/hubspot/hubspot-oauth.client';
import { createIdentityProvider } from '../adapters/hubspot/sign-in-identity';
import { createAttemptThrottle } from '../adapters/locks/attempt-throttle';
import { DEFAULT_RATE_LIMIT, PortalRateLimiter, portalRateLimitOptions } from '../adapters/queue/portal-rate-limiter';
import type { CriteriaDeps } from '../app/criteria/criteria-deps';
import { systemClock, type Clock } from '../app/ports/clock.port';
import type { CriteriaVersionStore } from '../app/ports/criteria-versions.port';
import { appServicesOf } from './app-services';
import type { createAuditLog } from './audit.wiring';
import { createOperationsReader } from './console-operations';
import { propertySubscriptionsOf } from './install.feature';
import type { FeatureWiring, RuntimeServices } from './runtime';
import { createEffectivenessConsole } from './effectiveness.wiring';
import { queuesOf } from './queues.wiring';

/** Services the console can share with the other features of the process (see app-services.ts). */
export interface SharedConsoleServices {
  audit: ReturnType<typeof createAuditLog>;
  installations: InstallationRepository;
  criteria: CriteriaRepository;
  oauth: HubSpotOAuthClient;
  hubspot: HubSpotClient;
}

export interface ConsoleFeatureOptions {
  /** The process's shared services (one token provider, one criteria cache); default appServicesOf. */
  shared?: (services: RuntimeServices) => SharedConsoleServices;
  /** The criteria versions store; default: the tenancy feature's CriteriaRepository on this runtime's database. */
  criteria?: (services: RuntimeServices) => CriteriaVersionStore;
  clock?: Clock;
  /** BullMQ key prefix (default QUEUE_PREFIX) and queue names (tests use fresh ones); must match the pipeline's. */
  prefix?: string;
  qualifyQueueName?: string;
  backfillQueueName?: string;
  /** Must match the pipeline's limiter to report its use (default 105 per 10 s: HubSpot's 110 less a small margin). */
  rateLimit?: { maxRequests: number; windowMs: number };
}

/**
 * The console at /console (web role only): sign-in with HubSpot, criteria editor, try a lead,
 * simulate, audit log, health with "Re-score all", users (roles, passkeys, invitations). Everything it touches is
 * built here from the runtime's database and Redis (the criteria store can be swapped).
 */
export function createConsoleFeature(opts: ConsoleFeatureOptions = {}): FeatureWiring {
  return {
    createRouters(services): Router[] {
      return [createConsoleRouter(buildConsoleDeps(services, opts))];
    },
  };
}

/** The window CONSOLE_SIGN_IN_ATTEMPT_LIMIT counts over. */
const SIGN_IN_WINDOW_MS = 10 * 60_000;

/** Builds the console's ports from the runtime services (exported for tests that swap one). */
export function buildConsoleDeps(services: RuntimeServices, opts: ConsoleFeatureOptions): ConsoleDeps {
  const { config, logger, db, producerRedis } = services;
  const clock = opts.clock ?? systemClock;
  const prefix = opts.prefix ?? config.QUEUE_PREFIX;
  const shared = opts.shared ? opts.shared(services) : appServicesOf(services, clock);
  const { audit, installations, oauth, hubspot } = shared;
  const queues = queuesOf(services, { prefix, qualify: opts.qualifyQueueName, backfill: opts.backfillQueueName });
  const rateLimit = opts.rateLimit ?? { maxRequests: DEFAULT_RATE_LIMIT.maxRequests, windowMs: DEFAULT_RATE_LIMIT.windowMs };
  const limiter = new PortalRateLimiter(producerRedis, portalRateLimitOptions(prefix, rateLimit));
  const criteria: CriteriaDeps = {
    versions: opts.criteria ? opts.criteria(services) : shared.criteria,
    audit, clock,
    crm: cacheOwners(cacheContactProperties(createHubSpotCrmGateway(hubspot), clock), clock),
    rescore: { runs: new BackfillRunRepository(db), audit, enqueueNextPage: queues.enqueueNextPage, newRunId: randomUUID },
    follow: { criteria: opts.criteria ? opts.criteria(services) : shared.criteria, subscriptions: propertySubscriptionsOf(services) },
    warn: (message, meta) => logger.warn(message, meta),
  };
  return {
    settings: {
      publicBaseUrl: config.PUBLIC_BASE_URL, hubspotAuthBaseUrl: config.HUBSPOT_AUTH_BASE_URL, hubspotClientId: config.HUBSPOT_CLIENT_ID,
      sessionSecret: config.SESSION_SECRET, idleTimeoutMs: config.CONSOLE_IDLE_TIMEOUT_MS, sessionMaxMs: config.CONSOLE_SESSION_MAX_MS,
    },
    logger, clock, audit,
    sessions: new ConsoleSessionRepository(db),
    signInStates: new OAuthStateRepository(db),
    users: new ConsoleUserRepository(db),
    passkeys: new PasskeyRepository(db),
    invitations: new InvitationRepository(db),
    challenges: new WebAuthnChallengeRepository(db),
    signInAttempts: createAttemptThrottle(producerRedis, { attempts: config.CONSOLE_SIGN_IN_ATTEMPT_LIMIT, windowMs: SIGN_IN_WINDOW_MS, keyPrefix: `${prefix}:console-sign-in` }),
    identity: createIdentityProvider(oauth, (message, meta) => services.logger.warn(message, meta)),
    installations,
    criteria,
    auditTrail: audit,
    operations: createOperationsReader(queues.qualify, limiter, rateLimit),
    effectiveness: createEffectivenessConsole(services, { prefix, clock, rateLimit }),
  };
}

