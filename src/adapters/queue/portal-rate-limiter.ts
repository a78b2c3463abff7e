import type { RedisClient } from './redis';

/**
 * Per-portal HubSpot call budget, shared by every worker process through Redis.
 *
 * HubSpot's policy is a *rolling* window (110 requests per any 10 s per installed account).
 * Fixed-window limiters (rate-limiter-flexible and peers) either overshoot at window
 * boundaries (up to 2× in the worst case) or must give up ~10% of the budget to stay safe, so
 * this is an exact sliding-window log: one sorted set per portal, trimmed and checked in one
 * Lua script, atomic across processes. ~25 lines of Lua, no extra dependency.
 *
 * Two lanes share the window: `live` work (new inquiries, merges, re-checks) may use all of it;
 * `bulk` work (backfills, re-scores) stops `liveReserve` calls short, so a portal re-scoring
 * 20,000 contacts always leaves room for its own new inquiries. A 429 from HubSpot pauses the
 * portal (both lanes) until its window frees: the margin is not what keeps us clear of 429s.
 */

export interface PortalRateLimiterOptions {
  /** Requests allowed in any rolling window (default 105: HubSpot's 110 less a small margin). */
  maxRequests: number;
  windowMs: number;
  keyPrefix: string;
  /** Calls of the window only live work may take (default 10). */
  liveReserve?: number;
}

/** Whose call it is: a live inquiry, or a backfill / re-score page. */
export type BudgetLane = 'live' | 'bulk';

export const DEFAULT_RATE_LIMIT: PortalRateLimiterOptions = { maxRequests: 105, windowMs: 10_000, keyPrefix: 'carequal:ratelimit', liveReserve: 10 };

/**
 * The options every process uses for the shared per-portal budget: the defaults, a test's
 * override of the rate, and keys under the deployment's prefix — so the pipeline, the console,
 * the workflow actions and the effectiveness job all count in the same Redis window.
 */
export function portalRateLimitOptions(prefix: string, rate?: { maxRequests: number; windowMs: number }): PortalRateLimiterOptions {
  return { ...DEFAULT_RATE_LIMIT, ...rate, keyPrefix: `${prefix}:ratelimit` };
}

/** Either the calls are granted now, or the caller should come back after `retryInMs`. */
export type Reservation = { granted: true } | { granted: false; retryInMs: number };

// KEYS[1] = log key, KEYS[2] = pause key; ARGV = now ms, window ms, lane max, cost, unique member prefix.
// Returns 0 when granted, else ms until the pause ends or enough old entries leave the window.
const RESERVE_SCRIPT = `
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
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

// KEYS[1] = pause key; ARGV[1] = ms. Extends a pause, never shortens one.
const PAUSE_SCRIPT = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 0
`;

export class PortalRateLimiter {
  private sequence = 0;
  private readonly instance = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly liveReserve: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly opts: PortalRateLimiterOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (opts.maxRequests < 1 || opts.windowMs < 1) throw new Error('rate limit must allow at least one request per window');
    this.liveReserve = Math.min(opts.liveReserve ?? 0, opts.maxRequests - 1);
    if (this.liveReserve < 0) throw new Error('the live reserve cannot be negative');
  }

  /** Reserves `cost` calls for the portal in `lane`, all or nothing. */
  async tryReserve(portalId: number, cost = 1, lane: BudgetLane = 'live'): Promise<Reservation> {
    const max = lane === 'live' ? this.opts.maxRequests : this.opts.maxRequests - this.liveReserve;
    if (cost > max) throw new Error(`cannot reserve ${cost} calls: the ${lane} lane allows ${max} per window`);
    const member = `${this.instance}-${++this.sequence}`;
    const result = (await this.redis.eval(RESERVE_SCRIPT, 2, this.logKey(portalId), this.pauseKey(portalId), this.now(), this.opts.windowMs, max, cost, member)) as number;
    return result === 0 ? { granted: true } : { granted: false, retryInMs: result };
  }

  /**
   * Gives back `calls` reserved but not made: removes that many of the newest entries of the
   * portal's window (entries are interchangeable counts; the newest are the ones just reserved).
   */
  async refund(portalId: number, calls: number): Promise<void> {
    if (calls > 0) await this.redis.zpopmax(this.logKey(portalId), calls);
  }

  /**
   * Grants the portal nothing for `ms` (HubSpot answered 429: our count and HubSpot's disagree,
   * e.g. another app of the same account or a clock skew), then counting resumes. The key
   * expires by itself, so nothing per portal outlives the pause.
   */
  async pause(portalId: number, ms: number): Promise<void> {
    await this.redis.eval(PAUSE_SCRIPT, 1, this.pauseKey(portalId), Math.max(1, Math.ceil(ms)));
  }

  /** Milliseconds the portal stays paused (0 when it is not), for health pages and tests. */
  async pausedForMs(portalId: number): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.pauseKey(portalId)));
  }

  /** Calls currently counted in the portal's window (for health pages and tests). */
  async used(portalId: number): Promise<number> {
    const key = this.logKey(portalId);
    await this.redis.zremrangebyscore(key, '-inf', this.now() - this.opts.windowMs);
    return this.redis.zcard(key);
  }

  // The portal id is the keys' hash tag: the reserve script reads the log and the pause key at
  // once, so on a Redis Cluster both must live in the portal's slot (and portals spread over slots).
  private logKey(portalId: number): string {
    return `${this.opts.keyPrefix}:{${portalId}}`;
  }

  private pauseKey(portalId: number): string {
    return `${this.opts.keyPrefix}:pause:{${portalId}}`;
  }
}
