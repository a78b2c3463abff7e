import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WebhookEventLedger } from '../../app/ports/job-queue.port';
import { redisUnavailable, whenRedisReady, withTimeout } from './redis-availability';

/** HubSpot retries a delivery for up to 24 h; remember events a little longer than that. */
export const WEBHOOK_EVENT_TTL_SECONDS = 25 * 3600;

export interface RedisEventLedgerOptions {
  redis: Redis;
  /** Key prefix (the queue prefix, so tests stay apart). */
  prefix: string;
  ttlSeconds?: number;
  /** Upper bound for one round trip before answering "unavailable" (default 2 s). */
  timeoutMs?: number;
}

/**
 * The webhook event ledger in Redis: one short key per event key (a 128-bit hash, ~80 bytes of
 * Redis memory per event) expiring after HubSpot's retry window. One MGET to look up, one
 * pipeline to record. Keys hold nothing but "1".
 */
export function createRedisEventLedger(opts: RedisEventLedgerOptions): WebhookEventLedger {
  const ttl = opts.ttlSeconds ?? WEBHOOK_EVENT_TTL_SECONDS;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const toRedisKey = (key: string) => `${opts.prefix}:webhook-seen:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
  return {
    async findRecorded(keys) {
      if (keys.length === 0) return new Set();
      const values = await whenRedisReady(opts.redis, timeoutMs).then(() => withTimeout(opts.redis.mget(keys.map(toRedisKey)), timeoutMs)).catch((e) => {
        throw redisUnavailable(e);
      });
      return new Set(keys.filter((_, i) => values[i] !== null));
    },
    async record(keys) {
      if (keys.length === 0) return;
      await whenRedisReady(opts.redis, timeoutMs).catch((e) => {
        throw redisUnavailable(e);
      });
      const pipeline = opts.redis.pipeline();
      for (const key of keys) pipeline.set(toRedisKey(key), '1', 'EX', ttl);
      const results = await withTimeout(pipeline.exec(), timeoutMs).catch((e) => {
        throw redisUnavailable(e);
      });
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw redisUnavailable(failed?.[0] ?? new Error('pipeline aborted'));
    },
  };
}
