import type { TenantId } from '../../app/ports/ids';
import type { Command } from 'commander';
import { TokenCipher } from '../../adapters/crypto/token-cipher';
import { CriteriaRepository } from '../../adapters/db/criteria.repository';
import { openDatabase, type Database } from '../../adapters/db/database';
import { createPortalPurge } from '../../adapters/db/installation-recorder';
import { InstallationRepository } from '../../adapters/db/installation.repository';
import { migrate } from '../../adapters/db/migrator';
import { AccessTokenProvider } from '../../adapters/hubspot/access-token.provider';
import { HubSpotHttp } from '../../adapters/hubspot/hubspot-http';
import { HubSpotOAuthClient } from '../../adapters/hubspot/hubspot-oauth.client';
import { HubSpotClient } from '../../adapters/hubspot/hubspot.client';
import { RedisLock } from '../../adapters/locks/redis-lock';
import { createRedisConnection } from '../../adapters/queue/redis';
import { isAppError } from '../../app/errors';
import type { AuditActor } from '../../app/ports/audit-log.port';
import { uninstallPortal } from '../../app/uninstall-portal';
import { decodeKey, type Config } from '../../config/config.schema';
import { createMetrics } from '../../observability/metrics';
import { createAuditLog } from '../audit.wiring';
import { createProcessLogger, loadEnvironmentConfig } from '../environment';
import { EXIT } from '../exit-codes';
import { auditTokenEvents } from '../../app/token-events';
import { parsePortalId } from './cli-arguments';

const CLI_ACTOR: AuditActor = { kind: 'system', role: 'cli' };

/**
 * `carequal uninstall --portal N` and `carequal rotate-key --old-key-id ID [--old-key-env VAR]`.
 *
 * rotate-key: the NEW key is the configured TOKEN_ENCRYPTION_KEY / TOKEN_ENCRYPTION_KEY_ID; the
 * OLD key is read from the environment variable named by --old-key-env (default
 * TOKEN_ENCRYPTION_OLD_KEY), so no secret ever appears on a command line or in `ps`. Rows are
 * re-sealed one by one; a re-run finishes an interrupted rotation. Exit 1 when some row opened
 * with neither key (listed by portal id).
 */
export function registerTenancyCommands(program: Command): void {
  program
    .command('uninstall')
    .description("uninstall CareQual from a HubSpot portal: HubSpot's app uninstall, revoke the refresh token, purge tokens and criteria (the audit log stays)")
    .requiredOption('--portal <id>', 'HubSpot portal id', parsePortalId)
    .action(async (opts: { portal: TenantId }) => {
      const config = loadEnvironmentConfig();
      const logger = createProcessLogger(config);
      await withDatabase(config, async (db) => {
        const redis = createRedisConnection(config.REDIS_URL, 'producer', () => undefined);
        try {
          const deps = buildUninstallDeps(config, db, redis, logger);
          const result = await uninstallPortal(deps, opts.portal, CLI_ACTOR).catch((error: unknown) => {
            if (isAppError(error) && error.expose) {
              process.stderr.write(`carequal: ${error.message}\n`);
              process.exitCode = EXIT.failure;
              return undefined;
            }
            throw error;
          });
          if (result) {
            process.stdout.write(
              `portal ${result.portalId}: uninstalled (HubSpot app uninstall ${result.hubspotUninstalled ? 'done' : 'already gone'}, ` +
                `refresh token ${result.refreshTokenRevoked ? 'revoked' : 'already invalid'}, ${result.criteriaVersionsDeleted} criteria version(s) purged; audit log kept)\n`,
            );
          }
        } finally {
          redis.disconnect();
        }
      });
    });

  program
    .command('rotate-key')
    .description('re-encrypt every stored OAuth token with the configured TOKEN_ENCRYPTION_KEY (the old key comes from an environment variable)')
    .requiredOption('--old-key-id <id>', 'the key id the tokens are sealed with now (e.g. k1)')
    .option('--old-key-env <name>', 'environment variable holding the old key (64 hex characters or base64)', 'TOKEN_ENCRYPTION_OLD_KEY')
    .action(async (opts: { oldKeyId: string; oldKeyEnv: string }, cmd: Command) => {
      const config = loadEnvironmentConfig();
      const oldKey = decodeKey(process.env[opts.oldKeyEnv] ?? '');
      if (!oldKey) cmd.error(`error: environment variable ${opts.oldKeyEnv} must hold the old key (32 bytes as 64 hex characters or base64)`, { exitCode: EXIT.usage });
      if (opts.oldKeyId === config.TOKEN_ENCRYPTION_KEY_ID) cmd.error('error: --old-key-id must differ from TOKEN_ENCRYPTION_KEY_ID (the new key)', { exitCode: EXIT.usage });
      await withDatabase(config, async (db) => {
        const target = new TokenCipher(config.TOKEN_ENCRYPTION_KEY_ID, { [config.TOKEN_ENCRYPTION_KEY_ID]: config.tokenEncryptionKey });
        const source = new TokenCipher(opts.oldKeyId, { [opts.oldKeyId]: oldKey! });
        const result = await new InstallationRepository(db, target).reencryptTokens(source, target);
        process.stdout.write(`re-encrypted ${result.rotated} installation(s) with key ${config.TOKEN_ENCRYPTION_KEY_ID}\n`);
        if (result.unreadable.length > 0) {
          process.stdout.write(`could NOT open tokens of portal(s) ${result.unreadable.join(', ')} with key ${opts.oldKeyId}\n`);
          process.exitCode = EXIT.failure;
        }
      });
    });
}

function buildUninstallDeps(config: Config, db: Database, redis: ReturnType<typeof createRedisConnection>, logger: ReturnType<typeof createProcessLogger>) {
  const metrics = createMetrics();
  const audit = createAuditLog({ config, db, metrics });
  const installations = new InstallationRepository(db, new TokenCipher(config.TOKEN_ENCRYPTION_KEY_ID, { [config.TOKEN_ENCRYPTION_KEY_ID]: config.tokenEncryptionKey }));
  const criteria = new CriteriaRepository(db);
  const http = new HubSpotHttp({ baseUrl: config.HUBSPOT_API_BASE_URL, metrics });
  const oauth = new HubSpotOAuthClient(http, { clientId: config.HUBSPOT_CLIENT_ID, clientSecret: config.HUBSPOT_CLIENT_SECRET });
  const tokens = new AccessTokenProvider({ installations, oauth, lock: new RedisLock(redis), onTokenEvent: auditTokenEvents(audit, CLI_ACTOR), metrics, logger });
  return {
    installations, oauth, audit, hubspot: new HubSpotClient(http, tokens),
    purge: createPortalPurge(db, installations, criteria),
    warn: (message: string, meta: Record<string, unknown>) => logger.warn(message, meta),
  };
}

async function withDatabase(config: Config, fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.close();
  }
}

