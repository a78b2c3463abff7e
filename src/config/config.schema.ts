import { z } from 'zod';
import { redisNodeList, type RedisTarget } from './redis-target';

const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/** A 32-byte key given as 64 hex characters or as base64. */
const key32 = (what: string) =>
  z
    .string({ error: `required: ${what} (32 bytes as 64 hex characters or base64)` })
    .refine((v) => decodeKey(v) !== undefined, { message: `must be ${what}: 32 bytes as 64 hex characters or base64` });

const url = (protocols: string[], what: string) =>
  z
    .string({ error: `required: ${what}` })
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, { message: `must be ${what}` });

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/**
 * Every environment variable CareQual reads. Parsed once at start-up (see `loadConfig`);
 * nothing else in the code reads `process.env`.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PUBLIC_BASE_URL: url(['http:', 'https:'], 'the public https URL HubSpot and browsers reach CareQual at')
    .default('http://localhost:3000')
    .transform((v) => v.replace(/\/+$/, '')),
  PORT: z.coerce.number({ error: 'must be a TCP port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** A separate listener serving only /metrics (e.g. 9464); unset = none. Never the public PORT. */
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ error: 'must be a TCP port number' }).int().min(0).max(65535).optional()),
  /** Interface of the metrics listener: loopback by default, so only the host (or a sidecar) can scrape it. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** Bearer token for /metrics (≥ 32 characters). Set, /metrics is also served on the public port, to holders of it only. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  HUBSPOT_CLIENT_ID: z.string({ error: 'required: the HubSpot app client id' }).min(1, 'required: the HubSpot app client id'),
  HUBSPOT_CLIENT_SECRET: z.string({ error: 'required: the HubSpot app client secret' }).min(1, 'required: the HubSpot app client secret'),
  HUBSPOT_APP_ID: z.coerce.number({ error: 'must be the numeric HubSpot app id' }).int().positive('must be the numeric HubSpot app id'),
  HUBSPOT_API_BASE_URL: url(['http:', 'https:'], 'an http(s) URL').default('https://api.hubapi.com').transform((v) => v.replace(/\/+$/, '')),
  HUBSPOT_AUTH_BASE_URL: url(['http:', 'https:'], 'an http(s) URL').default('https://app.hubspot.com').transform((v) => v.replace(/\/+$/, '')),
  DATABASE_URL: z.preprocess(emptyAsUndefined, url(['postgres:', 'postgresql:'], 'a postgres:// connection URL').optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  /** One Redis server; with REDIS_CLUSTER_NODES or REDIS_SENTINELS, only its scheme (rediss: = TLS), credentials (and database, for Sentinel) are used. */
  REDIS_URL: url(['redis:', 'rediss:'], 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  /** Redis Cluster: seed nodes `host:port,host:port,…`; set, CareQual runs on the cluster. */
  REDIS_CLUSTER_NODES: redisNodeList('the Redis Cluster seed nodes'),
  /** Redis Sentinel: the sentinels `host:port,host:port,…`; set, the master is found (and followed on failover) through them. */
  REDIS_SENTINELS: redisNodeList('the Redis sentinels'),
  /** The master group name the sentinels monitor (required with REDIS_SENTINELS). */
  REDIS_SENTINEL_MASTER: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be the sentinel master group name (letters, digits, dots, dashes, underscores)').optional()),
  /** The sentinels' own password, when they require one (the data nodes' password is REDIS_URL's). */
  REDIS_SENTINEL_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
  TOKEN_ENCRYPTION_KEY: key32('the token encryption key'),
  TOKEN_ENCRYPTION_KEY_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1–32 letters, digits, dots, dashes or underscores').default('k1'),
  AUDIT_HMAC_KEY: key32('the audit-log HMAC key'),
  AUDIT_RETENTION_MONTHS: z.coerce.number({ error: 'must be a whole number of months' }).int().min(1).max(1200).default(72),
  SESSION_SECRET: z.string({ error: 'required: the console session signing secret (at least 32 characters)' }).min(32, 'must be at least 32 characters'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(100).max(120_000).default(10_000),
  QUEUE_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, 'must be 1–31 lower-case letters, digits, dashes or underscores, starting with a letter').default('carequal'),
  WORKER_CONCURRENCY: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(64).default(4),
  /**
   * How fast a job of a crashed worker (kill -9, OOM, lost host) is handed to another one (ms). BullMQ
   * moves an active job back to wait once its lock has expired and a stalled check saw it; its
   * defaults (30 s lock, 30 s checks) leave a new lead unscored for up to a minute. A live worker
   * renews its locks every lock/2 whatever the job does (the jobs wait on HTTP and never block the
   * event loop for seconds), so a 10 s lock only shortens the crash case. Jobs are idempotent
   * (re-read before write, claimed tasks), so a job run again after a false stall writes nothing
   * twice. Measured: recovery after kill -9 in ≈ 10–15 s (test/e2e/pipeline-kill.e2e.int.test.ts).
   * Tests shorten it; production keeps the default.
   */
  WORKER_LOCK_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(600_000).default(10_000),
  /** How often a worker looks for jobs whose lock expired (ms; at most WORKER_LOCK_MS). */
  WORKER_STALLED_CHECK_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(500).max(600_000).default(5_000),
  /**
   * A follow-up task claim without a recorded task this old belongs to a worker that died between
   * claiming and recording (ms): longer than any live claim→create→record takes (the task call is
   * sent once, with a 10 s timeout), and longer than WORKER_LOCK_MS, after which the dead worker's
   * job runs again elsewhere.
   */
  FOLLOW_UP_CLAIM_LEASE_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(3_600_000).default(20_000),
  /** Console sign-out after this long without a request (ms; 15 minutes by default). */
  CONSOLE_IDLE_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(24 * 3600_000).default(15 * 60_000),
  /** Console sessions end this long after sign-in, however active (ms; 8 hours by default). */
  CONSOLE_SESSION_MAX_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).max(7 * 24 * 3600_000).default(8 * 3600_000),
  /** Requests to the console's sign-in, passkey and invitation paths per client address per 10 minutes (behind a proxy, all clients share one address). */
  CONSOLE_SIGN_IN_ATTEMPT_LIMIT: z.coerce.number({ error: 'must be a whole number' }).int().min(5).max(1_000_000).default(600),
  /** Shown on the public support, privacy and terms pages; absent, they name no address. */
  SUPPORT_EMAIL: z.preprocess(emptyAsUndefined, z.email({ error: 'must be an e-mail address' }).optional()),
  /** Poll HubSpot's webhooks journal for APP_UNINSTALL this often (ms; 30 s by default, so an uninstall is seen within a minute); 0 = off. */
  HUBSPOT_JOURNAL_POLL_MS: z.coerce.number({ error: 'must be a number of milliseconds (0 = off)' }).int().refine((v) => v === 0 || (v >= 100 && v <= 24 * 3600_000), 'must be 0 (off) or between 100 and 86400000').default(30_000),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

/** Config as the program uses it: the variables plus derived, decoded values. */
export type Config = Readonly<
  RawConfig & {
    tokenEncryptionKey: Buffer;
    auditHmacKey: Buffer;
    logFormat: 'json' | 'pretty';
    /** Where Redis is (one server, a cluster or a sentinel-managed master), from the REDIS_* variables. */
    redis: RedisTarget;
  }
>;

/** Decodes a 32-byte key from 64 hex characters or base64; undefined when it is neither. */
export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    if (buf.length === 32) return buf;
  }
  return undefined;
}
