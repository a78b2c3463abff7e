import type { Metrics } from '../../observability/metrics';
import { toBadResponseError, toHubSpotError, toNetworkError, type HubSpotApiError } from './hubspot-errors';

/**
 * The transport under every HubSpot call: Node's own `fetch`, one request at a time, no
 * process-global state.
 *
 * Why not `@hubspot/api-client`'s `apiRequest`: its limiter and retry decorators live in a
 * process-wide singleton that the last `new Client()` reconfigures, one Client holds one access
 * token (a shared client would race between portals; one per call rebuilds its decorators),
 * and its generated methods call the legacy `/crm/v3` paths and drop `dataSensitivity`. For the
 * date-versioned paths it would only join a URL and set a header, so we send the request
 * ourselves and keep timeouts, retries and error mapping here, where they are visible and
 * tested (DESIGN.md §3).
 */
export interface HubSpotRequest {
  /** Stable operation name: the `operation` label of `hubspotCalls` and of errors. */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  json?: unknown;
  /** application/x-www-form-urlencoded body (the OAuth endpoints). */
  form?: Readonly<Record<string, string | undefined>>;
  bearer?: string;
  /** Safe to send again after a network error or 5xx (reads, idempotent writes). */
  idempotent: boolean;
  /** The OAuth token endpoint: its 400 invalid_grant has its own error code. */
  oauth?: boolean;
}

export interface HubSpotResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HubSpotHttpOptions {
  baseUrl: string;
  metrics?: Metrics;
  /** Per attempt (default 10 s; HubSpot's own gateway gives up at ~60 s). */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests after a 5xx, network error or a short 429 (default 2). */
  maxRetries?: number;
  /** First back-off (doubles each attempt, ±25 % jitter; default 250 ms). */
  baseDelayMs?: number;
  /** A 429 asking to wait longer than this is returned to the caller instead of waited out (default 2 s). */
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends HubSpot requests with timeouts, bounded retries of idempotent calls, metrics and error mapping. */
export class HubSpotHttp {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: HubSpotHttpOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends the request; resolves for 2xx (including 207), throws HubSpotApiError otherwise. */
  async send<T>(req: HubSpotRequest): Promise<HubSpotResponse<T>> {
    const maxRetries = req.idempotent ? (this.opts.maxRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce<T>(req);
      } catch (error) {
        const wait = this.retryWait(error as HubSpotApiError, attempt);
        if (attempt >= maxRetries || wait === undefined) throw error;
        await this.sleep(wait);
      }
    }
  }

  private retryWait(error: HubSpotApiError, attempt: number): number | undefined {
    if (!error.retryable) return undefined;
    const base = this.opts.baseDelayMs ?? 250;
    const backoff = base * 2 ** attempt * (0.75 + Math.random() * 0.5);
    if (error.retryAfterMs === undefined) return backoff;
    return error.retryAfterMs <= (this.opts.maxRetryWaitMs ?? 2_000) ? Math.max(error.retryAfterMs, backoff) : undefined;
  }

  private async sendOnce<T>(req: HubSpotRequest): Promise<HubSpotResponse<T>> {
    const { url, init } = this.build(req);
    let res: Response;
    try {
      res = await this.fetchImpl(url, init);
    } catch (cause) {
      this.count(req.operation, 'network_error');
      throw toNetworkError(req.operation, cause);
    }
    this.count(req.operation, String(res.status));
    const body = await readBody(res);
    if (res.status < 200 || res.status >= 300) throw toHubSpotError(req.operation, res.status, body, res.headers, req.oauth);
    if (body === INVALID_JSON) throw toBadResponseError(req.operation, res.status);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  private build(req: HubSpotRequest): { url: string; init: RequestInit } {
    const url = new URL(this.opts.baseUrl + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.bearer) headers.authorization = `Bearer ${req.bearer}`;
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(req.form)) if (v !== undefined) form.set(k, v);
      body = form.toString();
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    const init: RequestInit = { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) };
    return { url: url.toString(), init };
  }

  private count(operation: string, status: string): void {
    this.opts.metrics?.hubspotCalls.inc({ operation, status });
  }
}

const INVALID_JSON = Symbol('invalid json');

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
