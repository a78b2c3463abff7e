import { TokenCipher } from '../adapters/crypto/token-cipher';
import type { AuditLogRepository } from '../adapters/db/audit-log.repository';
import { CriteriaRepository } from '../adapters/db/criteria.repository';
import { InstallationRepository } from '../adapters/db/installation.repository';
import { AccessTokenProvider } from '../adapters/hubspot/access-token.provider';
import { HubSpotClient } from '../adapters/hubspot/hubspot.client';
import { HubSpotHttp } from '../adapters/hubspot/hubspot-http';
import { HubSpotOAuthClient } from '../adapters/hubspot/hubspot-oauth.client';
import { RedisLock } from '../adapters/locks/redis-lock';
import { systemClock, type Clock } from '../app/ports/clock.port';
import { createAuditLog } from './audit.wiring';
import type { RuntimeServices } from './runtime';
import { auditTokenEvents } from '../app/token-events';

/**
 * The application services every feature of one process shares: one audit log, one
 * installation and criteria store (one published-criteria cache), one HubSpot transport and
 * one token provider (so "one refresh in flight per portal per process" holds across features).
 */
export interface AppServices {
  clock: Clock;
  audit: AuditLogRepository;
  tokenCipher: TokenCipher;
  installations: InstallationRepository;
  criteria: CriteriaRepository;
  hubspotHttp: HubSpotHttp;
  oauth: HubSpotOAuthClient;
  tokens: AccessTokenProvider;
  hubspot: HubSpotClient;
}

const built = new WeakMap<RuntimeServices, AppServices>();

/** The process's shared application services, built once per runtime on first use. */
export function appServicesOf(services: RuntimeServices, clock: Clock = systemClock): AppServices {
  let app = built.get(services);
  if (!app) {
    app = buildAppServices(services, clock);
    built.set(services, app);
  }
  return app;
}

function buildAppServices(services: RuntimeServices, clock: Clock): AppServices {
  const { config, logger, metrics, db, producerRedis } = services;
  const audit = createAuditLog(services);
  const tokenCipher = new TokenCipher(config.TOKEN_ENCRYPTION_KEY_ID, { [config.TOKEN_ENCRYPTION_KEY_ID]: config.tokenEncryptionKey });
  const installations = new InstallationRepository(db, tokenCipher);
  const hubspotHttp = new HubSpotHttp({ baseUrl: config.HUBSPOT_API_BASE_URL, metrics });
  const oauth = new HubSpotOAuthClient(hubspotHttp, { clientId: config.HUBSPOT_CLIENT_ID, clientSecret: config.HUBSPOT_CLIENT_SECRET }, () => clock.now());
  const role = services.role === 'web' || services.role === 'cli' ? services.role : 'worker';
  const tokens = new AccessTokenProvider({ installations, oauth, lock: new RedisLock(producerRedis), onTokenEvent: auditTokenEvents(audit, { kind: 'system', role }), metrics, logger, clock });
  return {
    clock,
    audit,
    tokenCipher,
    installations,
    criteria: new CriteriaRepository(db, { clock }),
    hubspotHttp,
    oauth,
    tokens,
    hubspot: new HubSpotClient(hubspotHttp, tokens),
  };
}
