import { getHeapStatistics } from 'node:v8';
import type { Router } from 'express';
import { createAuditLogRepository } from '../adapters/db/audit-log.repository';
import { openDatabase, type Database } from '../adapters/db/database';
import { migrate, pendingMigrations } from '../adapters/db/migrator';
import { createHttpApp } from '../adapters/http/app';
import { withRawRoutes, type RawRoute } from '../adapters/http/raw-route';
import type { ReadinessAlarm } from '../adapters/http/routes/health.routes';
import { createMetricsApp, createMetricsHandler } from '../adapters/http/routes/metrics.routes';
import { closeRedisConnection, createRedisConnection, pingRedis, type RedisClient } from '../adapters/queue/redis';
import { installReferenceData } from '../adapters/reference/reference-data.loader';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import { createMetrics, type Metrics } from '../observability/metrics';
import { listen, type RunningHttpServer } from './http-server';

export type Role = 'serve' | 'web' | 'worker';

/** Something the runtime must close on shutdown, in reverse order of start. */
export interface Closeable {
  name: string;
  close(deadlineMs: number): Promise<void>;
}

/** What feature wiring gets to build its routers and workers from. */
export interface RuntimeServices {
  /** The process role; 'cli' for one-shot commands. */
  role: Role | 'cli';
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  /** Fail-fast connection for enqueueing (webhooks); see createRedisConnection. */
  producerRedis: RedisClient;
}

/** Feature wiring plugged into the runtime: routers for the web role, workers for the worker role. */
export interface FeatureWiring {
  createRouters?(services: RuntimeServices): Router[];
  /** Routes node:http serves in front of Express: hot machine-to-machine paths such as webhooks, which answer no browser. */
  createRawRoutes?(services: RuntimeServices): RawRoute[];
  /** Alarms /readyz lists without failing (web and worker roles alike). */
  createAlarms?(services: RuntimeServices): Record<string, ReadinessAlarm>;
  startWorkers?(services: RuntimeServices): Promise<Closeable[]>;
}

export interface Runtime {
  services: RuntimeServices;
  http: RunningHttpServer;
  /** The internal /metrics listener, when METRICS_PORT is set. */
  metricsHttp?: RunningHttpServer;
  /** Graceful stop: stop accepting, drain in-flight work, close queues and pools within the deadline. */
  stop(): Promise<void>;
}

/**
 * Loads config/ — the safety lexicon (compiled now, so the first inquiry does not wait for it), the
 * criteria templates and the payer names. A malformed file stops the start: no qualification
 * without the screen. The web role qualifies nothing on its hot path (webhooks are stored as
 * jobs): it checks that the screen compiles and compiles it again on first use (a console
 * preview), so its heap — marked by every major GC — is ~29 MB smaller under webhook load.
 */
function prepareReferenceData(logger: Logger, role: Role): void {
  const startedAt = performance.now();
  const versions = installReferenceData(undefined, { safetyScreen: role === 'web' ? 'check' : 'now' });
  logger.info('reference data ready', { ...versions, ms: Math.round(performance.now() - startedAt) });
}

/**
 * Starts one process in the given role. Web and worker both serve /healthz and /readyz (for
 * probes) and /metrics as configured (METRICS_PORT, METRICS_TOKEN; never anonymous on PORT);
 * only web mounts the feature routers, only worker runs the queue workers.
 */
export async function startRuntime(config: Config, role: Role, logger: Logger, wiring: FeatureWiring = {}): Promise<Runtime> {
  prepareReferenceData(logger, role);
  const metrics = createMetrics();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const closeables: Closeable[] = [{ name: 'database', close: () => db.close() }];
  try {
    const applied = await migrate(db);
    logger.info('database ready', { engine: db.kind, migrationsApplied: applied.length });

    const onRedisError = (error: Error) => logger.warn('redis connection error', { code: (error as { code?: string }).code ?? error.name });
    const producerRedis = createRedisConnection(config.redis, 'producer', onRedisError);
    closeables.push({ name: 'redis', close: () => closeRedisConnection(producerRedis) });

    const services: RuntimeServices = { role, config, logger, metrics, db, producerRedis };
    const readiness = {
      database: async () => ((await db.ping()) ? 'ok' : 'unreachable'),
      migrations: async () => ((await pendingMigrations(db)).length === 0 ? 'ok' : 'pending'),
      redis: async () => ((await pingRedis(producerRedis)) ? 'ok' : 'unreachable'),
    };

    if (role !== 'web' && wiring.startWorkers) closeables.push(...(await wiring.startWorkers(services)));
    // Portals whose audit chain met rows stored past its head (issue 18): listed, never failing.
    const auditChains = createAuditLogRepository({ db, hmacKey: config.auditHmacKey });
    const alarms = { audit_tamper: () => auditChains.listTamperedPortals(), ...wiring.createAlarms?.(services) };
    const metricsHandler = createMetricsHandler(metrics.registry, config.METRICS_TOKEN);
    const metricsHttp = config.METRICS_PORT === undefined ? undefined : await listen(createMetricsApp(metricsHandler), config.METRICS_PORT, config.METRICS_HOST);
    if (metricsHttp) closeables.push({ name: 'metrics-http', close: (deadline) => metricsHttp.close(deadline) });

    const routers = role !== 'worker' && wiring.createRouters ? wiring.createRouters(services) : [];
    const rawRoutes = role !== 'worker' && wiring.createRawRoutes ? wiring.createRawRoutes(services) : [];
    const metricsEndpoint = config.METRICS_TOKEN ? metricsHandler : undefined;
    const app = createHttpApp({ logger, metrics, readiness, alarms, metricsEndpoint, routers });
    const http = await listen(withRawRoutes(rawRoutes, app), config.PORT, config.HOST);
    closeables.push({ name: 'http', close: (deadline) => http.close(deadline) });
    // The heap limit in effect (NODE_OPTIONS; see worker-node-options.ts), so an operator sees whether the worker got its flag.
    const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 1048576);
    logger.info('carequal started', { role, port: http.port, heapLimitMb, ...(metricsHttp ? { metricsPort: metricsHttp.port } : {}) });

    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= closeAll(closeables, config.SHUTDOWN_TIMEOUT_MS, logger));
    return { services, http, metricsHttp, stop };
  } catch (error) {
    await closeAll(closeables, config.SHUTDOWN_TIMEOUT_MS, logger);
    throw error;
  }
}

/** Closes in reverse start order, all within one overall deadline. */
async function closeAll(closeables: Closeable[], deadlineMs: number, logger: Logger): Promise<void> {
  const endAt = Date.now() + deadlineMs;
  for (const c of [...closeables].reverse()) {
    const remaining = Math.max(100, endAt - Date.now());
    try {
      await c.close(remaining);
    } catch (error) {
      logger.warn('error while closing', { component: c.name, error });
    }
  }
}
