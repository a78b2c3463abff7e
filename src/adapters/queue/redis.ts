import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connections for BullMQ. Workers block on Redis and must never give up a command
 * (`maxRetriesPerRequest: null`, BullMQ's requirement); producers (the webhook endpoint) must
 * fail fast instead of queueing commands while Redis is away, so HubSpot gets a 503 and retries.
 */
export type RedisRole = 'worker' | 'producer' | 'probe';

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 },
  probe: { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, lazyConnect: true, retryStrategy: () => null },
};

/** Opens a connection for the given role. Errors are reported through `onError`, never thrown into the void. */
export function createRedisConnection(url: string, role: RedisRole, onError?: (error: Error) => void): Redis {
  const redis = new Redis(url, { ...ROLE_OPTIONS[role], connectionName: `carequal-${role}` });
  redis.on('error', (error: Error) => onError?.(error));
  return redis;
}

/**
 * Resolves true once the connection is ready, false if it is not within `timeoutMs`. Commands on a
 * connection without an offline queue fail at once while it is still connecting (right after
 * start, or after a reconnect): callers that may wait a moment wait here first.
 */
export async function whenReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  try {
    return await Promise.race([
      new Promise<boolean>((resolve) => redis.once('ready', (onReady = () => resolve(true)))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    if (onReady) redis.off('ready', onReady);
  }
}

/** True when Redis answers PING within `timeoutMs` (waiting for a connection still being made). */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  if (!(await whenReady(redis, timeoutMs))) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = redis.ping();
    ping.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis ping timed out')), Math.max(0, deadline - Date.now()));
    });
    return (await Promise.race([ping, timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
