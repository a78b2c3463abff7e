import { openDatabase } from '../../adapters/db/database';
import { migrate } from '../../adapters/db/migrator';
import { closeRedisConnection, createRedisConnection } from '../../adapters/queue/redis';
import { createMetrics } from '../../observability/metrics';
import { createProcessLogger, loadEnvironmentConfig } from '../environment';
import type { RuntimeServices } from '../runtime';

/**
 * Runs a one-shot command with the same services a process gets (database migrated, a Redis
 * connection, logger, metrics) and closes them afterwards, whatever happens.
 */
export async function withCliServices<T>(fn: (services: RuntimeServices) => Promise<T>): Promise<T> {
  const config = loadEnvironmentConfig();
  const logger = createProcessLogger(config);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const redis = createRedisConnection(config.redis, 'worker', (error) => logger.warn('redis connection error', { code: (error as { code?: string }).code ?? error.name }));
  try {
    await migrate(db);
    return await fn({ role: 'cli', config, logger, metrics: createMetrics(), db, producerRedis: redis });
  } finally {
    await closeRedisConnection(redis);
    await db.close();
  }
}
