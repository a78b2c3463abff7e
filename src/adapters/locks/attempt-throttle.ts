import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../app/errors';
import { whenReady } from '../queue/redis';

/** How long an attempt waits for a connection still being made (after start or a reconnect). */
const READY_WAIT_MS = 2000;

/** Counts attempts per key over a fixed window, shared by every CareQual process. */
export interface AttemptThrottle {
  /** Counts one attempt; `allowed: false` with the wait once the key is over its limit. */
  consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export interface AttemptThrottleOptions {
  /** Attempts a key may make per window. */
  attempts: number;
  windowMs: number;
  keyPrefix: string;
}

/**
 * A fixed-window counter in Redis (rate-limiter-flexible's `RateLimiterRedis`: one INCR + PEXPIRE
 * script per attempt, each key expiring with its window, so nothing per client outlives it).
 * A Redis failure is not an allowance: the attempt is refused with 503 (`redis.unavailable`), as
 * any request whose Redis is down.
 */
export function createAttemptThrottle(redis: Redis, opts: AttemptThrottleOptions): AttemptThrottle {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: opts.keyPrefix,
    points: opts.attempts,
    duration: Math.ceil(opts.windowMs / 1000),
  });
  return {
    async consume(key) {
      await whenReady(redis, READY_WAIT_MS);
      try {
        await limiter.consume(key, 1);
        return { allowed: true, retryAfterMs: 0 };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1000, refusal.msBeforeNext) };
        throw new AppError('redis.unavailable', 'Sign-in is unavailable for a moment. Please try again.', { expose: true, retryable: true, cause: refusal });
      }
    },
  };
}
