/** HubSpot's limit for public OAuth apps: 110 requests per rolling 10 s per installed account. */
export const DEFAULT_RATE_LIMIT = { max: 110, windowMs: 10_000 };
/** CRM search: 5 requests per second per account. */
export const DEFAULT_SEARCH_PER_SECOND = 5;

/** The outcome of asking for one request slot. */
export interface RateDecision { allowed: boolean; max: number; remaining: number; windowMs: number }

/**
 * A rolling-window counter per key (portal id). A refused request does not use a slot,
 * so a client that backs off recovers once the window rolls past its earlier calls.
 */
export class RollingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private limit: { max: number; windowMs: number }) {}

  /** Tries to take a slot for `key` at time `nowMs`. */
  take(key: string, nowMs: number): RateDecision {
    const { max, windowMs } = this.limit;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    const allowed = recent.length < max;
    if (allowed) recent.push(nowMs);
    this.hits.set(key, recent);
    return { allowed, max, remaining: Math.max(0, max - recent.length), windowMs };
  }

  /** Changes the limit (control API); existing history is kept. */
  configure(limit: { max: number; windowMs: number }): void {
    this.limit = { ...limit };
  }

  get settings(): { max: number; windowMs: number } {
    return { ...this.limit };
  }

  reset(): void {
    this.hits.clear();
  }
}

/** Request counts of one portal, as tests and benchmarks read them. */
export interface PortalCounters {
  requests: number;
  rateLimited: number;
  byRoute: Record<string, number>;
  webhookDeliveries: number;
  webhookFailures: number;
}

/** Counters per portal. */
export class SandboxCounters {
  private readonly byPortal = new Map<number, PortalCounters>();

  for(portalId: number): PortalCounters {
    let counters = this.byPortal.get(portalId);
    if (!counters) {
      counters = { requests: 0, rateLimited: 0, byRoute: {}, webhookDeliveries: 0, webhookFailures: 0 };
      this.byPortal.set(portalId, counters);
    }
    return counters;
  }

  /** A copy, so callers can diff snapshots. */
  snapshot(portalId: number): PortalCounters {
    const c = this.for(portalId);
    return { ...c, byRoute: { ...c.byRoute } };
  }

  reset(): void {
    this.byPortal.clear();
  }
}

/**
 * Turns a request into a route key for counters: ids become `{id}`, e.g.
 * `PATCH /crm/objects/2026-03/contacts/{id}`.
 */
export function routeKey(method: string, path: string): string {
  const normalized = path.split('?')[0]!.replace(/(.)\/+$/, '$1').split('/').map((seg) => (/^\d+$/.test(seg) ? '{id}' : seg)).join('/');
  return `${method.toUpperCase()} ${normalized}`;
}
