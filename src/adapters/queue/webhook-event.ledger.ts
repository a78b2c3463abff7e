import type { RedisClient } from './redis';
import type { WebhookEventLedger } from '../../app/ports/job-queue.port';
import { redisUnavailable, whenRedisReady, withTimeout } from './redis-availability';

/** HubSpot retries a delivery for up to 24 h; remember events a little longer than that. */
export const WEBHOOK_EVENT_TTL_SECONDS = 25 * 3600;

/** Sets every key to "1" with the same expiry, in one command (100 SETs as one round trip and one parse). */
const RECORD_SCRIPT = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[1]) end
return #KEYS`;
const RECORD_COMMAND = 'carequalRecordWebhookEvents';

type LedgerRedis = RedisClient & { [RECORD_COMMAND]?: (...args: (string | number)[]) => Promise<number> };

export interface RedisEventLedgerOptions {
  redis: RedisClient;
  /** Key prefix (the queue prefix, so tests stay apart). */
  prefix: string;
  ttlSeconds?: number;
  /** Upper bound for one round trip before answering "unavailable" (default 2 s). */
  timeoutMs?: number;
}

/**
 * The webhook event ledger in Redis: one key per event key (`<prefix>:whs:{<portal>}:<subscription>:
 * <event>:<object>:<occurredAt>`, ids only, value "1") expiring after HubSpot's retry window:
 * about 100 bytes of Redis memory per event. One MGET to look up, one script call to record; on a
 * Redis Cluster, one of each per portal in the delivery (the portal, the event key's first part,
 * is the hash tag, so a portal's events share a slot and portals spread over the cluster).
 */
export function createRedisEventLedger(opts: RedisEventLedgerOptions): WebhookEventLedger {
  const ttl = opts.ttlSeconds ?? WEBHOOK_EVENT_TTL_SECONDS;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const redis = opts.redis as LedgerRedis;
  if (!redis[RECORD_COMMAND]) redis.defineCommand(RECORD_COMMAND, { lua: RECORD_SCRIPT });
  /** The hash tag of an event key: its portal, the part before the first colon. */
  const tagOf = (key: string) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : key);
  const redisKeyOf = (key: string) => `${opts.prefix}:whs:{${tagOf(key)}}${key.slice(tagOf(key).length)}`;
  /** One group on one server; on a cluster, one per portal (a multi-key command must stay in one slot). */
  const groupsOf = (keys: readonly string[]): string[][] => {
    if (!redis.isCluster) return [[...keys]];
    const byTag = new Map<string, string[]>();
    for (const key of keys) {
      const group = byTag.get(tagOf(key));
      if (group) group.push(key);
      else byTag.set(tagOf(key), [key]);
    }
    return [...byTag.values()];
  };
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
      const found = new Set<string>();
      await available(() =>
        Promise.all(
          groupsOf(keys).map(async (group) => {
            const values = await redis.mget(group.map(redisKeyOf));
            for (let i = 0; i < group.length; i++) if (values[i] !== null) found.add(group[i]!);
          }),
        ),
      );
      return found;
    },
    async record(keys) {
      if (keys.length === 0) return;
      await available(() => Promise.all(groupsOf(keys).map((group) => redis[RECORD_COMMAND]!(group.length, ...group.map(redisKeyOf), ttl))));
    },
  };
}
