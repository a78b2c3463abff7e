import { createInstallationRecorder } from '../adapters/db/installation-recorder';
import { OAuthStateRepository } from '../adapters/db/oauth-state.repository';
import { HubSpotClient } from '../adapters/hubspot/hubspot.client';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../adapters/hubspot/oauth-scopes';
import { createOAuthRouter } from '../adapters/http/routes/oauth.routes';
import { bootstrapProperties, CAREQUAL_PROPERTIES_VERSION } from '../adapters/hubspot/bootstrap-properties';
import { AppError } from '../app/errors';
import { InstallPortal } from '../app/install-portal';
import type { PropertyBootstrapper } from '../app/ports/install.port';
import type { PropertySubscriptions } from '../app/ports/property-subscriptions.port';
import { createStoredGrantCheck, recordUninstallFromHubSpot } from '../app/uninstall-portal';
import { upgradeOutdatedProperties } from '../app/upgrade-properties';
import { createPortalPurge } from '../adapters/db/installation-recorder';
import { JournalCursorRepository } from '../adapters/db/journal-cursor.repository';
import { JournalUninstallPoller } from '../adapters/hubspot/journal-uninstall.poller';
import { AppTokenProvider } from '../adapters/hubspot/app-token.provider';
import { createLifecycleSubscriber, createPropertySubscriptions } from '../adapters/hubspot/journal.client';
import { RedisLock } from '../adapters/locks/redis-lock';
import { createQueuedJobs } from '../adapters/queue/queued-jobs';
import { ensureLifecycleSubscriptions } from '../app/lifecycle-subscriptions';
import { handleWebhookDelivery } from '../app/handle-webhook-delivery';
import { systemClock } from '../app/ports/clock.port';
import { followCriteriaOfActivePortals } from '../app/property-subscriptions';
import { createDeliveryDeps } from './webhooks.feature';
import { appServicesOf, type AppServices } from './app-services';
import { queuesOf } from './queues.wiring';
import type { Closeable, FeatureWiring, RuntimeServices } from './runtime';

/** Builds the install use case from a process's services. */
export function buildInstallPortal(services: RuntimeServices, app: AppServices = appServicesOf(services)): InstallPortal {
  const { config, db, logger } = services;
  return new InstallPortal({
    config: {
      clientId: config.HUBSPOT_CLIENT_ID, authBaseUrl: config.HUBSPOT_AUTH_BASE_URL, redirectUri: `${config.PUBLIC_BASE_URL}/oauth/callback`,
      requiredScopes: REQUIRED_SCOPES, optionalScopes: OPTIONAL_SCOPES,
    },
    states: new OAuthStateRepository(db),
    oauth: app.oauth,
    bootstrap: createPropertyBootstrapper(app),
    recorder: createInstallationRecorder(db, app.installations, app.criteria),
    audit: app.audit,
    clock: app.clock,
    lifecycle: lifecycleSubscriberOf(services, app).subscriber,
    follow: { criteria: app.criteria, subscriptions: lifecycleSubscriberOf(services, app).properties },
    warn: (message, meta) => logger.warn(message, meta),
  });
}

const appTokens = new WeakMap<RuntimeServices, AppTokenProvider>();

/** The process's one app-level token (webhooks journal) and the lifecycle and property subscriptions built on it. */
function lifecycleSubscriberOf(services: RuntimeServices, app: AppServices = appServicesOf(services)) {
  let tokens = appTokens.get(services);
  if (!tokens) {
    tokens = new AppTokenProvider(app.oauth, () => app.clock.now());
    appTokens.set(services, tokens);
  }
  return { tokens, subscriber: createLifecycleSubscriber(app.hubspotHttp, tokens), properties: createPropertySubscriptions(app.hubspotHttp, tokens) };
}

/** The per-install property-change subscriptions (webhooks journal), on the process's one app-level token. */
export function propertySubscriptionsOf(services: RuntimeServices): PropertySubscriptions {
  return lifecycleSubscriberOf(services).properties;
}

/**
 * Bootstraps with the token given (install: the installation is not stored yet, so the token
 * provider has nothing to hand out) or with the portal's stored token (upgrade).
 */
export function createPropertyBootstrapper(app: Pick<AppServices, 'hubspotHttp' | 'hubspot'>): PropertyBootstrapper {
  return async (portalId, accessToken, mode) => {
    const client = accessToken === undefined ? app.hubspot : new HubSpotClient(app.hubspotHttp, {
      getAccessToken: async (asked) => {
        if (asked !== portalId) throw new AppError('tenancy.cross_portal_access', `An install of portal ${portalId} asked for portal ${asked}'s credentials`);
        return accessToken;
      },
    });
    return bootstrapProperties(client, portalId, mode);
  };
}

/**
 * Install and tenancy: the OAuth routes (web role); the property upgrade at start and, unless
 * HUBSPOT_JOURNAL_POLL_MS is 0, uninstall detection: lifecycle subscriptions for the active
 * installs and the webhooks-journal poller (worker role). `prefix`: the queues' key prefix
 * (default QUEUE_PREFIX), for dropping an uninstalled portal's queued jobs.
 */
export function createInstallFeature(opts: { prefix?: string } = {}): FeatureWiring {
  return {
    createRouters(services) {
      return [createOAuthRouter({ install: buildInstallPortal(services), publicBaseUrl: services.config.PUBLIC_BASE_URL, hubspotAuthBaseUrl: services.config.HUBSPOT_AUTH_BASE_URL, logger: services.logger })];
    },
    async startWorkers(services) {
      if (services.config.HUBSPOT_JOURNAL_POLL_MS === 0) return [startPropertyUpgrade(services)];
      return [startPropertyUpgrade(services), startLifecycleSubscriptions(services), startJournalPoller(services, opts.prefix ?? services.config.QUEUE_PREFIX)];
    },
  };
}

/** The install feature with the configured queue prefix. */
export const installFeature: FeatureWiring = createInstallFeature();

/** Upgrades outdated property definitions in the background after start; waits for it on close. */
function startPropertyUpgrade(services: RuntimeServices): Closeable {
  const app = appServicesOf(services);
  const bootstrap = createPropertyBootstrapper(app);
  const done = upgradeOutdatedProperties({
    currentVersion: CAREQUAL_PROPERTIES_VERSION,
    listActive: async () => (await app.installations.list('active')).map((i) => ({ portalId: i.portalId, propertiesVersion: i.propertiesVersion, dataMode: i.dataMode })),
    bootstrap: (portalId, mode) => bootstrap(portalId, undefined, mode),
    saveVersion: (portalId, version) => app.installations.savePropertiesVersion(portalId, version),
    audit: app.audit,
    warn: (message, meta) => services.logger.warn(message, meta),
  })
    .then((r) => r.upgraded.length + r.failed.length > 0 && services.logger.info('property definitions upgraded', { upgraded: r.upgraded.length, failed: r.failed.length }))
    .catch((error: unknown) => services.logger.warn('property upgrade did not run', { error }));
  return { name: 'property-upgrade', close: async () => void (await done) };
}

/**
 * Subscribes the active installations to their lifecycle events and to changes of the properties
 * their published criteria read, in the background; waits for it on close.
 */
function startLifecycleSubscriptions(services: RuntimeServices): Closeable {
  const app = appServicesOf(services);
  const listActivePortals = async () => (await app.installations.list('active')).map((i) => i.portalId);
  const warn = (message: string, meta: Record<string, unknown>) => services.logger.warn(message, meta);
  const { subscriber, properties } = lifecycleSubscriberOf(services, app);
  const done = ensureLifecycleSubscriptions({ listActivePortals, lifecycle: subscriber, warn })
    .then((r) => r.subscribed.length + r.failed.length > 0 && services.logger.info('lifecycle subscriptions ensured', { subscribed: r.subscribed.length, failed: r.failed.length }))
    .then(() => followCriteriaOfActivePortals({ listActivePortals, criteria: app.criteria, subscriptions: properties, warn }))
    .then((r) => r.followed.length + r.failed.length > 0 && services.logger.info('property subscriptions ensured', { followed: r.followed.length, failed: r.failed.length }))
    .catch((error: unknown) => services.logger.warn('lifecycle subscriptions were not ensured', { error }));
  return { name: 'lifecycle-subscriptions', close: async () => void (await done) };
}

/**
 * The webhooks-journal uninstall poller: every HUBSPOT_JOURNAL_POLL_MS, APP_UNINSTALL events
 * purge the portal, drop its queued qualify and purge jobs, and are audited (the use case).
 */
function startJournalPoller(services: RuntimeServices, prefix: string): Closeable {
  const { config, db, logger, producerRedis } = services;
  const app = appServicesOf(services);
  const purge = createPortalPurge(db, app.installations, app.criteria);
  const queues = queuesOf(services, { prefix });
  const jobs = createQueuedJobs([queues.qualify, queues.purge]);
  const grant = createStoredGrantCheck({ installations: app.installations, introspectRefreshToken: (token) => app.oauth.introspectToken(token, 'refresh_token') });
  // Property changes of the per-install subscriptions go through the webhook intake use case.
  const delivery = createDeliveryDeps(services, {
    installations: () => app.installations, criteria: () => app.criteria, audit: async () => app.audit, clock: systemClock, prefix,
  });
  const poller = new JournalUninstallPoller({
    http: app.hubspotHttp, appToken: lifecycleSubscriberOf(services, app).tokens, cursor: new JournalCursorRepository(db), appId: config.HUBSPOT_APP_ID,
    // One poller per deployment (QUEUE_PREFIX), not per Redis: deployments sharing a Redis poll their own journals.
    lock: new RedisLock(producerRedis, { waitMs: 0, ttlMs: Math.max(30_000, config.HUBSPOT_JOURNAL_POLL_MS), keyPrefix: `${prefix}:lock:` }), logger,
    onContactChanges: async (events, traceId) => {
      const outcome = await handleWebhookDelivery({ events: events.map((event) => ({ status: 'contact' as const, event })), requestId: traceId }, delivery);
      logger.info('property changes taken from the webhooks journal', { events: events.length, jobs: outcome.jobs.length });
    },
    onUninstall: async (portalId) => {
      const result = await recordUninstallFromHubSpot({ purge, audit: app.audit, jobs, grant }, portalId, 'hubspot_journal_app_uninstall');
      if (result.stale) logger.info('APP_UNINSTALL older than the portal\'s current install: ignored', { portalId });
      if (result.uninstalled) logger.info('portal uninstalled in HubSpot: purged', { portalId, jobsDropped: result.jobsDropped });
      return result.uninstalled;
    },
  });
  const running = poller.start(config.HUBSPOT_JOURNAL_POLL_MS);
  return {
    name: running.name,
    close: async () => {
      await running.close();
    },
  };
}
