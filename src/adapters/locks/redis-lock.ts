import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../queue/redis';
import { AppError } from '../../app/errors';

/** Runs work while holding a named lock shared by every CareQual process. */
export interface DistributedLock {
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface RedisLockOptions {
  /** How long a holder keeps the lock if it dies without releasing it (default 20 s). */
  ttlMs?: number;
  /** How long a caller waits for a busy lock before giving up (default 15 s). */
  waitMs?: number;
  /** Pause between attempts while waiting (default 50 ms, with jitter). */
  retryDelayMs?: number;
  keyPrefix?: string;
}

// Deletes the key only if it still holds our token: a holder whose TTL ran out must not free
// the lock a later holder took.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A mutual-exclusion lock on one Redis: `SET key token NX PX ttl`, released by a
 * compare-and-delete Lua script. This is the single-instance algorithm the Redis documentation
 * gives; Redlock's multi-master quorum buys nothing with one Redis (CareQual's queues already
 * depend on that one), and the `redlock` package has sat in beta for years. The lock guards a
 * token refresh, which is safe to repeat: if a holder outlives its TTL, the worst case is one
 * extra refresh call, never a wrong token.
 */
export class RedisLock implements DistributedLock {
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly retryDelayMs: number;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: RedisClient,
    opts: RedisLockOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 20_000;
    this.waitMs = opts.waitMs ?? 15_000;
    this.retryDelayMs = opts.retryDelayMs ?? 50;
    this.keyPrefix = opts.keyPrefix ?? 'carequal:lock:';
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const key = this.keyPrefix + name;
    const token = randomBytes(16).toString('hex');
    await this.acquire(key, token);
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined); // expires by TTL anyway
    }
  }

  private async acquire(key: string, token: string): Promise<void> {
    const giveUpAt = Date.now() + this.waitMs;
    await this.waitUntilReady(giveUpAt);
    for (;;) {
      let acquired: string | null;
      try {
        acquired = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
      } catch (cause) {
        throw new AppError('redis.unavailable', 'Redis is unreachable; cannot take a lock', { retryable: true, cause });
      }
      if (acquired === 'OK') return;
      if (Date.now() >= giveUpAt) throw new AppError('lock.timeout', `Timed out waiting for lock ${key}`, { retryable: true });
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * (0.5 + Math.random())));
    }
  }

  /** A fail-fast connection (no offline queue) refuses commands until it is ready: wait for that, within the deadline. */
  private async waitUntilReady(giveUpAt: number): Promise<void> {
    if (this.redis.status === 'ready') return;
    let onReady: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.redis.once('ready', (onReady = resolve));
        timer = setTimeout(() => reject(new AppError('redis.unavailable', 'Redis is unreachable; cannot take a lock', { retryable: true })), Math.max(0, giveUpAt - Date.now()));
      });
    } finally {
      clearTimeout(timer);
      if (onReady) this.redis.off('ready', onReady);
    }
  }
}
