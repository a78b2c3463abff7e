import type { Redis } from 'ioredis';

/**
 * Per-portal HubSpot call budget, shared by every worker process through Redis.
 *
 * HubSpot's policy is a *rolling* window (110 requests per any 10 s per installed account).
 * Fixed-window limiters (rate-limiter-flexible and peers) either overshoot at window
 * boundaries (up to 2× in the worst case) or must give up ~10% of the budget to stay safe, so
 * this is an exact sliding-window log: one sorted set per portal, trimmed and checked in one
 * Lua script, atomic across processes. ~20 lines of Lua, no extra dependency.
 */

export interface PortalRateLimiterOptions {
  /** Requests allowed in any rolling window (default 100: HubSpot's 110 less headroom). */
  maxRequests: number;
  windowMs: number;
  keyPrefix: string;
}

export const DEFAULT_RATE_LIMIT: PortalRateLimiterOptions = { maxRequests: 100, windowMs: 10_000, keyPrefix: 'carequal:ratelimit' };

/** Either the calls are granted now, or the caller should come back after `retryInMs`. */
export type Reservation = { granted: true } | { granted: false; retryInMs: number };

// KEYS[1] = log key; ARGV = now ms, window ms, max, cost, unique member prefix.
// Returns 0 when granted, else ms until enough old entries leave the window.
const RESERVE_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
if used + cost <= max then
  for i = 1, cost do redis.call('ZADD', key, now, ARGV[5] .. ':' .. i) end
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, used + cost - max - 1, used + cost - max - 1, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export class PortalRateLimiter {
  private sequence = 0;
  private readonly instance = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly redis: Redis,
    private readonly opts: PortalRateLimiterOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (opts.maxRequests < 1 || opts.windowMs < 1) throw new Error('rate limit must allow at least one request per window');
  }

  /** Reserves `cost` calls for the portal, all or nothing. */
  async tryReserve(portalId: number, cost = 1): Promise<Reservation> {
    if (cost > this.opts.maxRequests) throw new Error(`cannot reserve ${cost} calls: the window allows ${this.opts.maxRequests}`);
    const member = `${this.instance}-${++this.sequence}`;
    const result = (await this.redis.eval(
      RESERVE_SCRIPT,
      1,
      `${this.opts.keyPrefix}:${portalId}`,
      this.now(),
      this.opts.windowMs,
      this.opts.maxRequests,
      cost,
      member,
    )) as number;
    return result === 0 ? { granted: true } : { granted: false, retryInMs: result };
  }

  /**
   * Gives back `calls` reserved but not made: removes that many of the newest entries of the
   * portal's window (entries are interchangeable counts; the newest are the ones just reserved).
   */
  async refund(portalId: number, calls: number): Promise<void> {
    if (calls > 0) await this.redis.zpopmax(`${this.opts.keyPrefix}:${portalId}`, calls);
  }

  /** Calls currently counted in the portal's window (for health pages and tests). */
  async used(portalId: number): Promise<number> {
    const key = `${this.opts.keyPrefix}:${portalId}`;
    await this.redis.zremrangebyscore(key, '-inf', this.now() - this.opts.windowMs);
    return this.redis.zcard(key);
  }
}
