import { PassThrough } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { signWebhookV3 } from '../../sandbox/webhook-signature';
import { TokenCipher } from '../../src/adapters/crypto/token-cipher';
import { CriteriaRepository } from '../../src/adapters/db/criteria.repository';
import { InstallationRepository } from '../../src/adapters/db/installation.repository';
import type { AuditEntryInput, AuditLog } from '../../src/app/ports/audit-log.port';
import type { InstallationStatus } from '../../src/app/ports/tenancy.port';
import { buildDefaultCriteria } from '../../src/core';
import { createLogger, createSilentLogger } from '../../src/observability/logger';
import { composeFeatures } from '../../src/main/features';
import { startRuntime, type Closeable, type Runtime } from '../../src/main/runtime';
import { createWebhooksFeature } from '../../src/main/webhooks.feature';
import { buildTestConfig } from './config';
import { freshDataDir } from './databases';
import { waitFor } from './wait';

export const WEBHOOK_PATH = '/webhooks/hubspot';

export interface WebhookAppOptions {
  redisUrl?: string;
  port?: number;
  publicBaseUrl?: string;
  appId?: number;
  clientSecret?: string;
  role?: 'web' | 'serve';
  captureLogs?: boolean;
  /** In the web role, run the intake worker beside it (default true); false: deliveries stay stored until `startIntakeWorker`. */
  intakeWorker?: boolean;
  /** How long the intake worker reuses a portal's watched properties (default 0: never). */
  portalCacheTtlMs?: number;
  /** Age of the oldest waiting delivery that raises /readyz's intake_backlog (default: the feature's). */
  intakeBacklogAlarmSeconds?: number;
}

export interface WebhookApp {
  runtime: Runtime;
  /** Where the app listens (127.0.0.1). */
  url: string;
  /** The URL HubSpot signs (PUBLIC_BASE_URL + path). */
  signedUrl: string;
  clientSecret: string;
  appId: number;
  prefix: string;
  intakeQueueName: string;
  qualifyQueueName: string;
  purgeQueueName: string;
  audit: AuditEntryInput[];
  logs(): string;
  setInstallation(portalId: number, status: InstallationStatus): Promise<void>;
  /** POSTs a body signed like HubSpot does (override headers to break it). */
  send(body: unknown, opts?: { timestamp?: number; headers?: Record<string, string | undefined>; pathAndQuery?: string }): Promise<Response>;
  /** Resolves once every stored delivery was taken in by the intake worker (none waiting or running). */
  settled(): Promise<void>;
  /** Starts the intake worker (when started with `intakeWorker: false`). */
  startIntakeWorker(): void;
  /** The stored deliveries (intake jobs) in every state. */
  intakeJobs(): Promise<Job[]>;
  /** The qualify or purge jobs, after every stored delivery was taken in. */
  jobs(queue: 'qualify' | 'purge'): Promise<Job[]>;
  /** Every string value stored under this app's Redis prefix (job hashes, ledger keys). */
  redisDump(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real runtime with the webhook feature, a recording audit log and fresh queue names.
 * In the web role the webhook intake worker runs beside it (in production it runs in the worker
 * role), so a delivery's qualify jobs and audit entry appear once it is taken in (`settled`).
 */
export async function startWebhookApp(opts: WebhookAppOptions = {}): Promise<WebhookApp> {
  const clientSecret = opts.clientSecret ?? `secret-${randomBytes(12).toString('hex')}`;
  const appId = opts.appId ?? 4242;
  const suffix = randomBytes(6).toString('hex');
  const prefix = `cqtest-${suffix}`;
  const intakeQueueName = `intake-${suffix}`;
  const qualifyQueueName = `qualify-${suffix}`;
  const purgeQueueName = `purge-${suffix}`;
  const redisUrl = opts.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const config = buildTestConfig({
    DATA_DIR: freshDataDir('carequal-webhooks-'), REDIS_URL: redisUrl, PORT: String(opts.port ?? 0),
    PUBLIC_BASE_URL: opts.publicBaseUrl ?? 'https://carequal.test', HUBSPOT_CLIENT_SECRET: clientSecret, HUBSPOT_APP_ID: String(appId), LOG_LEVEL: 'debug',
  });
  let logText = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const logger = opts.captureLogs === false ? createSilentLogger() : createLogger({ level: 'debug', format: 'json', stream, secrets: [clientSecret] });
  const audit: AuditEntryInput[] = [];
  const recordingAudit: AuditLog = { append: async (entries) => void audit.push(...entries) };
  // The real installation and criteria repositories (what features.ts wires); a recording audit log.
  let criteriaRepository: CriteriaRepository | undefined;
  const feature = createWebhooksFeature({
    installations: (s) => new InstallationRepository(s.db, new TokenCipher(s.config.TOKEN_ENCRYPTION_KEY_ID, { [s.config.TOKEN_ENCRYPTION_KEY_ID]: s.config.tokenEncryptionKey })),
    criteria: (s) => (criteriaRepository ??= new CriteriaRepository(s.db, { cacheTtlMs: 0 })),
    audit: () => recordingAudit,
    prefix, intakeQueueName, qualifyQueueName, purgeQueueName, portalCacheTtlMs: opts.portalCacheTtlMs ?? 0, auditBatchWaitMs: 0,
    intakeBacklogAlarmSeconds: opts.intakeBacklogAlarmSeconds,
  });
  const role = opts.role ?? 'web';
  const runtime = await startRuntime(config, role, logger, composeFeatures([feature]));
  let intakeWorker: Closeable | undefined = role === 'web' && opts.intakeWorker !== false ? feature.startIntakeWorker(runtime.services) : undefined;
  const signedUrl = `${config.PUBLIC_BASE_URL}${WEBHOOK_PATH}`;
  const inspector = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  inspector.on('error', () => undefined);
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    if (!queues.has(name)) queues.set(name, new Queue(name, { connection: inspector, prefix }));
    return queues.get(name)!;
  };
  const settled = async () => {
    const pending = async () => Object.values(await queueOf(intakeQueueName).getJobCounts('waiting', 'active', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0);
    await waitFor(async () => (await pending()) === 0, { what: 'stored deliveries taken in' });
  };
  return {
    runtime, url: runtime.http.url, signedUrl, clientSecret, appId, prefix, intakeQueueName, qualifyQueueName, purgeQueueName, audit, settled,
    startIntakeWorker: () => void (intakeWorker ??= feature.startIntakeWorker(runtime.services)),
    intakeJobs: () => queueOf(intakeQueueName).getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']),
    logs: () => logText,
    async setInstallation(portalId, status) {
      await runtime.services.db.query(
        `INSERT INTO installations (portal_id, status) VALUES ($1, $2) ON CONFLICT (portal_id) DO UPDATE SET status = EXCLUDED.status`,
        [portalId, status],
      );
      // A fresh install publishes the default template (the install flow does this in its transaction).
      criteriaRepository ??= new CriteriaRepository(runtime.services.db, { cacheTtlMs: 0 });
      await criteriaRepository.publishIfNone(runtime.services.db, portalId, buildDefaultCriteria(), { actor: { kind: 'system', role: 'cli' } });
    },
    async send(body, sendOpts = {}) {
      const raw = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
      const timestamp = sendOpts.timestamp ?? Date.now();
      const pathAndQuery = sendOpts.pathAndQuery ?? WEBHOOK_PATH;
      const signature = signWebhookV3({ clientSecret, method: 'POST', uri: `${config.PUBLIC_BASE_URL}${pathAndQuery}`, body: raw, timestamp });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) };
      for (const [k, v] of Object.entries(sendOpts.headers ?? {})) {
        if (v === undefined) delete headers[k];
        else headers[k] = v;
      }
      return fetch(`${runtime.http.url}${pathAndQuery}`, { method: 'POST', headers, body: Buffer.isBuffer(body) ? body : raw });
    },
    async jobs(queue) {
      await settled();
      return queueOf(queue === 'qualify' ? qualifyQueueName : purgeQueueName).getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
    },
    async redisDump() {
      const keys = await inspector.keys(`${prefix}:*`);
      const parts: string[] = [];
      for (const key of keys) {
        const type = await inspector.type(key);
        if (type === 'hash') parts.push(JSON.stringify(await inspector.hgetall(key)));
        else if (type === 'string') parts.push((await inspector.get(key)) ?? '');
        else if (type === 'list') parts.push(JSON.stringify(await inspector.lrange(key, 0, -1)));
        else if (type === 'zset') parts.push(JSON.stringify(await inspector.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await inspector.xrange(key, '-', '+')));
      }
      return parts.join('\n');
    },
    async stop() {
      await intakeWorker?.close(5000);
      await runtime.stop();
      for (const q of queues.values()) await q.close().catch(() => undefined);
      if (inspector.status === 'ready') {
        const keys = await inspector.keys(`${prefix}:*`);
        if (keys.length) await inspector.del(...keys);
      }
      inspector.disconnect();
    },
  };
}
