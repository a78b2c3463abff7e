import type { Redis } from 'ioredis';
import type { WebhookEventLedger } from '../../app/ports/job-queue.port';
import { redisUnavailable, whenRedisReady, withTimeout } from './redis-availability';

/** HubSpot retries a delivery for up to 24 h; remember events a little longer than that. */
export const WEBHOOK_EVENT_TTL_SECONDS = 25 * 3600;

/** Sets every key to "1" with the same expiry, in one command (100 SETs as one round trip and one parse). */
const RECORD_SCRIPT = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end
return #KEYS`;
const RECORD_COMMAND = 'carequalRecordWebhookEvents';

type LedgerRedis = Redis & { [RECORD_COMMAND]?: (...args: (string | number)[]) => Promise<number> };

export interface RedisEventLedgerOptions {
  redis: Redis;
  /** Key prefix (the queue prefix, so tests stay apart). */
  prefix: string;
  ttlSeconds?: number;
  /** Upper bound for one round trip before answering "unavailable" (default 2 s). */
  timeoutMs?: number;
}

/**
 * The webhook event ledger in Redis: one key per event key (`<prefix>:whs:<portal>:<subscription>:
 * <event>:<object>:<occurredAt>`, ids only, value "1") expiring after HubSpot's retry window:
 * about 100 bytes of Redis memory per event. One MGET to look up, one script call to record.
 */
export function createRedisEventLedger(opts: RedisEventLedgerOptions): WebhookEventLedger {
  const ttl = opts.ttlSeconds ?? WEBHOOK_EVENT_TTL_SECONDS;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const redis = opts.redis as LedgerRedis;
  if (!redis[RECORD_COMMAND]) redis.defineCommand(RECORD_COMMAND, { lua: RECORD_SCRIPT });
  const keyPrefix = `${opts.prefix}:whs:`;
  const available = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      await whenRedisReady(redis, timeoutMs);
      return await withTimeout(fn(), timeoutMs);
    } catch (error) {
      throw redisUnavailable(error);
    }
  };
  return {
    async findRecorded(keys) {
      if (keys.length === 0) return new Set();
      const values = await available(() => redis.mget(keys.map((k) => keyPrefix + k)));
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i++) if (values[i] !== null) found.add(keys[i]!);
      return found;
    },
    async record(keys) {
      if (keys.length === 0) return;
      await available(() => redis[RECORD_COMMAND]!(keys.length, ...keys.map((k) => keyPrefix + k), ttl));
    },
  };
}
