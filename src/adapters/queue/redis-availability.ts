import type { RedisClient } from './redis';
import { AppError } from '../../app/errors';

/** The one error for "Redis could not take this now": HTTP 503, retryable. */
export function redisUnavailable(cause: unknown): AppError {
  return new AppError('redis.unavailable', 'The queue is temporarily unavailable; retry later.', { cause, retryable: true, expose: true });
}

/** Rejects when `promise` has not settled within `ms` (the work may still complete later). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // a late rejection after the timeout is not unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves when the connection is ready, waiting up to `ms` for one still being made (at boot
 * or after a blip): the fail-fast producer connection has no offline queue, so commands sent
 * before it is ready would fail at once.
 */
export async function whenRedisReady(redis: RedisClient, ms: number): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'end') throw new Error('redis connection closed');
  let onReady: (() => void) | undefined;
  try {
    await withTimeout(new Promise<void>((resolve) => redis.once('ready', (onReady = resolve))), ms);
  } finally {
    if (onReady) redis.off('ready', onReady);
  }
}
