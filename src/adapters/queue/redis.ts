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
 * Closes a connection and leaves nothing running behind it. One still in its handshake (status
 * `connect`: the client-info commands and the ready check) is let finish it first, for at most
 * `settleMs`: disconnected in the middle of it, ioredis fails the ready check and disconnects a
 * second time, after the socket has closed, which keeps a 2 s timer alive (a process, or a jest
 * worker, that cannot exit promptly).
 */
export async function closeRedisConnection(redis: Redis, settleMs = 1000): Promise<void> {
  if (redis.status === 'connect') {
    let timer: NodeJS.Timeout | undefined;
    let settled: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      settled = resolve;
      timer = setTimeout(resolve, settleMs);
      redis.once('ready', resolve);
      redis.once('close', resolve);
    });
    clearTimeout(timer);
    redis.off('ready', settled!);
    redis.off('close', settled!);
  }
  redis.disconnect();
}

/** True when Redis answers PING within `timeoutMs` (waiting for a connection still being made). */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
    });
    const ready = redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', (onReady = resolve)));
    const ping = ready.then(() => redis.ping());
    ping.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
    return (await Promise.race([ping, timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    if (onReady) redis.off('ready', onReady);
  }
}
