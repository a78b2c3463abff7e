import { createInstallationRecorder } from '../adapters/db/installation-recorder';
import { OAuthStateRepository } from '../adapters/db/oauth-state.repository';
import { HubSpotClient } from '../adapters/hubspot/hubspot.client';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../adapters/hubspot/oauth-scopes';
import { createOAuthRouter } from '../adapters/http/routes/oauth.routes';
import { bootstrapProperties } from '../app/bootstrap-properties';
import { AppError } from '../app/errors';
import { InstallPortal } from '../app/install-portal';
import type { PropertyBootstrapper } from '../app/ports/install.port';
import { recordUninstallFromHubSpot } from '../app/uninstall-portal';
import { upgradeOutdatedProperties } from '../app/bootstrap-properties';
import { createPortalPurge } from '../adapters/db/installation-recorder';
import { JournalCursorRepository } from '../adapters/db/journal-cursor.repository';
import { JournalUninstallPoller } from '../adapters/hubspot/journal-uninstall.poller';
import { RedisLock } from '../adapters/locks/redis-lock';
import { appServicesOf, type AppServices } from './app-services';
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
    warn: (message, meta) => logger.warn(message, meta),
  });
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
 * Install and tenancy: the OAuth routes (web role); the property upgrade at start and the
 * optional webhooks-journal uninstall poller (worker role).
 */
export const installFeature: FeatureWiring = {
  createRouters(services) {
    return [createOAuthRouter({ install: buildInstallPortal(services), publicBaseUrl: services.config.PUBLIC_BASE_URL, logger: services.logger })];
  },
  async startWorkers(services) {
    return [startPropertyUpgrade(services), ...startJournalPoller(services)];
  },
};

/** Upgrades outdated property definitions in the background after start; waits for it on close. */
function startPropertyUpgrade(services: RuntimeServices): Closeable {
  const app = appServicesOf(services);
  const bootstrap = createPropertyBootstrapper(app);
  const done = upgradeOutdatedProperties({
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

/** The webhooks-journal uninstall poller, when HUBSPOT_JOURNAL_POLL_MS is set. */
function startJournalPoller(services: RuntimeServices): Closeable[] {
  const { config, db, logger, producerRedis } = services;
  if (config.HUBSPOT_JOURNAL_POLL_MS === 0) return [];
  const app = appServicesOf(services);
  const purge = createPortalPurge(db, app.installations, app.criteria);
  const poller = new JournalUninstallPoller({
    http: app.hubspotHttp, oauth: app.oauth, cursor: new JournalCursorRepository(db), appId: config.HUBSPOT_APP_ID,
    lock: new RedisLock(producerRedis, { waitMs: 0, ttlMs: Math.max(30_000, config.HUBSPOT_JOURNAL_POLL_MS) }), logger,
    onUninstall: (portalId) => recordUninstallFromHubSpot({ purge, audit: app.audit }, portalId, 'hubspot_journal_app_uninstall'),
  });
  return [poller.start(config.HUBSPOT_JOURNAL_POLL_MS)];
}
