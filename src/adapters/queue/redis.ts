import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../../config/redis-target';

/**
 * Redis connections for BullMQ. Workers block on Redis and must never give up a command
 * (`maxRetriesPerRequest: null`, BullMQ's requirement); producers (the webhook endpoint) must
 * fail fast instead of queueing commands while Redis is away, so HubSpot gets a 503 and retries.
 */
export type RedisRole = 'worker' | 'producer' | 'probe';

/** One Redis server (or a sentinel-managed master) or a Redis Cluster: every adapter takes either. */
export type RedisClient = Redis | Cluster;

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 },
  probe: { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, lazyConnect: true, retryStrategy: () => null },
};

/**
 * Opens a connection for the given role: to one server by URL, or to the target the configuration
 * names (one server, a Redis Cluster, or a master through Sentinel). Errors are reported through
 * `onError`, never thrown into the void.
 */
export function createRedisConnection(url: string, role: RedisRole, onError?: (error: Error) => void): Redis;
export function createRedisConnection(target: RedisTarget, role: RedisRole, onError?: (error: Error) => void): RedisClient;
export function createRedisConnection(target: string | RedisTarget, role: RedisRole, onError?: (error: Error) => void): RedisClient {
  const redis = typeof target === 'string' ? new Redis(target, { ...ROLE_OPTIONS[role], connectionName: `carequal-${role}` }) : connect(target, role);
  redis.on('error', (error: Error) => onError?.(error));
  return redis;
}

function connect(target: RedisTarget, role: RedisRole): RedisClient {
  const connectionName = `carequal-${role}`;
  switch (target.mode) {
    case 'standalone':
      return new Redis(target.url, { ...ROLE_OPTIONS[role], connectionName });
    case 'sentinel':
      return new Redis(sentinelOptions(target, role));
    case 'cluster':
      return new Cluster(target.nodes, clusterOptions(target, role));
  }
}

/** ioredis options for a master found through Sentinel (exported for its unit test). */
export function sentinelOptions(target: Extract<RedisTarget, { mode: 'sentinel' }>, role: RedisRole): RedisOptions {
  return {
    ...ROLE_OPTIONS[role],
    connectionName: `carequal-${role}`,
    sentinels: target.sentinels,
    name: target.masterName,
    role: 'master',
    db: target.db,
    ...(target.sentinelPassword !== undefined ? { sentinelPassword: target.sentinelPassword } : {}),
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
  };
}

/**
 * ioredis options for a Redis Cluster (exported for its unit test). The role's offline-queue and
 * ready-check choices belong to the Cluster object (it queues while slots are being discovered);
 * retries per command and timeouts belong to each node's connection.
 */
export function clusterOptions(target: Extract<RedisTarget, { mode: 'cluster' }>, role: RedisRole): ClusterOptions {
  const { enableOfflineQueue, enableReadyCheck, lazyConnect, retryStrategy, ...perNode } = ROLE_OPTIONS[role];
  return {
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(enableReadyCheck !== undefined ? { enableReadyCheck } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(retryStrategy ? { clusterRetryStrategy: () => null } : {}),
    redisOptions: {
      ...perNode,
      connectionName: `carequal-${role}`,
      ...(target.username !== undefined ? { username: target.username } : {}),
      ...(target.password !== undefined ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  };
}

/**
 * Resolves true once the connection is ready, false if it is not within `timeoutMs`. Commands on a
 * connection without an offline queue fail at once while it is still connecting (right after
 * start, or after a reconnect): callers that may wait a moment wait here first.
 */
export async function whenReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
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
export async function pingRedis(redis: RedisClient, timeoutMs = 1000): Promise<boolean> {
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

/**
 * Closes a connection and leaves nothing running behind it. One still in its handshake (status
 * `connect`: the client-info commands and the ready check) is let finish it first, for at most
 * `settleMs`: disconnected in the middle of it, ioredis fails the ready check and disconnects a
 * second time, after the socket has closed, which keeps a 2 s timer alive (a process, or a jest
 * worker, that cannot exit promptly).
 */
export async function closeRedisConnection(redis: RedisClient, settleMs = 1000): Promise<void> {
  if (redis.status === 'connect') await whenReady(redis, settleMs);
  redis.disconnect();
}
