import { AppError } from '../../app/errors';

/**
 * What CareQual keeps of a HubSpot error answer: an allowlist (status, category,
 * correlationId, message, plus policyName for 429s and the OAuth `status` code such as
 * BAD_REFRESH_TOKEN). Never the body itself: HubSpot's `context`/`errors` members can quote
 * submitted property values.
 */
export interface HubSpotErrorInfo {
  /** HTTP status; 0 when no answer came (network error, timeout). */
  status: number;
  category?: string;
  correlationId?: string;
  /** HubSpot's message, cut to {@link MAX_MESSAGE_CHARS}; kept for operators, never shown to browsers; never kept for a 400. */
  message?: string;
  /** 429 only: TEN_SECONDLY_ROLLING, SECONDLY, DAILY… */
  policyName?: string;
  /** OAuth token endpoint only: BAD_REFRESH_TOKEN, BAD_AUTH_CODE, … (v1 `status`) or OAuth 2 `error`. */
  oauthError?: string;
  /** 400s: the property names HubSpot's `errors[].in` / `context.propertyName` name (names, never values). */
  propertyNames?: string[];
  /** 400s: HubSpot's per-error codes (`errors[].code`: INVALID_OPTION, OBJECT_NOT_FOUND, …). */
  errorCodes?: string[];
}

/** HubSpot's messages are for operators; long ones are cut (a validation message can list many values). */
export const MAX_MESSAGE_CHARS = 200;

/** Stable codes of HubSpot failures, mapped to HTTP status once in error-status.ts. */
export const HUBSPOT_ERROR_CODES = {
  rateLimited: 'hubspot.rate_limited',
  unavailable: 'hubspot.unavailable',
  unauthorized: 'hubspot.unauthorized',
  forbidden: 'hubspot.forbidden',
  validation: 'hubspot.validation_error',
  notFound: 'hubspot.not_found',
  conflict: 'hubspot.conflict',
  invalidGrant: 'hubspot.invalid_grant',
  badResponse: 'hubspot.bad_response',
  locked: 'hubspot.locked',
  migrationInProgress: 'hubspot.migration_in_progress',
} as const;

/**
 * HubSpot's "Error handling" page (https://developers.hubspot.com/docs/api-reference/error-handling):
 * 423 Locked — "Locks will last for 2 seconds … include a delay of at least 2 seconds"; 477
 * Migration in Progress — the account is moving between data hosting locations, "HubSpot will
 * return a Retry-After response header indicating how many seconds to wait" (up to 24 h). Both
 * are refusals of a request HubSpot did not act on, and both pass: retryable, never validation.
 */
const LOCKED_RETRY_AFTER_MS = 2_000;

/** When HubSpot names no Retry-After, how long a rate-limited caller should wait, by policy. */
const RETRY_AFTER_BY_POLICY_MS: Readonly<Record<string, number>> = {
  TEN_SECONDLY_ROLLING: 1_000,
  SECONDLY: 1_000,
  DAILY: 60 * 60 * 1000,
};

/**
 * A HubSpot call that failed. `hubspot` is the allowlisted detail; `toJSON` returns only the
 * code, the safe message and that allowlist, so a logger that serialises the error cannot leak
 * a body.
 */
export class HubSpotApiError extends AppError {
  readonly hubspot: HubSpotErrorInfo;
  readonly operation: string;

  constructor(code: string, operation: string, info: HubSpotErrorInfo, opts: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(code, describe(operation, info), opts);
    this.name = 'HubSpotApiError';
    this.operation = operation;
    this.hubspot = info;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, operation: this.operation, retryable: this.retryable, retryAfterMs: this.retryAfterMs, hubspot: this.hubspot };
  }
}

function describe(operation: string, info: HubSpotErrorInfo): string {
  if (info.status === 0) return `HubSpot ${operation}: no answer (network error or timeout)`;
  const parts = [info.category, info.policyName, info.oauthError].filter(Boolean).join(', ');
  const id = info.correlationId ? ` (correlationId ${info.correlationId})` : '';
  return `HubSpot ${operation} failed with ${info.status}${parts ? ` ${parts}` : ''}${id}`;
}

/** True for the answer HubSpot gives a revoked or unknown refresh token (uninstalled app). */
export function isInvalidGrant(error: unknown): error is HubSpotApiError {
  return error instanceof HubSpotApiError && error.code === HUBSPOT_ERROR_CODES.invalidGrant;
}

/** Reads the allowlisted fields of an error body; anything else in it is dropped here. */
export function pickErrorInfo(status: number, body: unknown, headers?: Headers): HubSpotErrorInfo {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  // A 400's message quotes what was submitted ("Property values were not valid: [{…"message":
  // "jane@… is not a valid email"…}]"): never kept; propertyNames and errorCodes say what failed.
  const message = status === 400 ? undefined : (str(b.message) ?? str(b.error_description));
  const oauthStatus = str(b.status) && b.status !== 'error' ? str(b.status) : undefined;
  return {
    status,
    category: str(b.category) ?? str(b.errorType),
    correlationId: str(b.correlationId) ?? str(b.requestId) ?? str(headers?.get('x-hubspot-correlation-id')),
    message: message && message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message,
    policyName: str(b.policyName),
    oauthError: oauthStatus ?? str(b.error),
    ...namesAndCodesOf(b),
  };
}

/** Identifiers only (property names, error codes): anything else in a body is dropped. */
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_LISTED = 20;

/** Property names and error codes from a 400 body's `errors[]` and `context`, bounded. */
function namesAndCodesOf(body: Record<string, unknown>): { propertyNames?: string[]; errorCodes?: string[] } {
  const entries = Array.isArray(body.errors) ? (body.errors as unknown[]).filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object') : [];
  const listOf = (context: unknown, key: string): unknown[] => {
    const value = context !== null && typeof context === 'object' ? (context as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) ? value : [];
  };
  const names = [...listOf(body.context, 'propertyName'), ...entries.flatMap((e) => [e.in, ...listOf(e.context, 'propertyName')])];
  const codes = entries.map((e) => e.code);
  const keep = (values: unknown[]) => [...new Set(values.filter((v): v is string => typeof v === 'string' && IDENTIFIER.test(v)))].slice(0, MAX_LISTED);
  const propertyNames = keep(names);
  const errorCodes = keep(codes);
  return { ...(propertyNames.length ? { propertyNames } : {}), ...(errorCodes.length ? { errorCodes } : {}) };
}

/**
 * Maps a non-2xx HubSpot answer to the one error family. `oauth` marks the token endpoint,
 * whose 400 `invalid_grant`/BAD_REFRESH_TOKEN means the install was removed or revoked.
 */
export function toHubSpotError(operation: string, status: number, body: unknown, headers: Headers | undefined, oauth = false): HubSpotApiError {
  const info = pickErrorInfo(status, body, headers);
  const make = (code: string, retryable: boolean, retryAfterMs?: number) => new HubSpotApiError(code, operation, info, { retryable, retryAfterMs });
  if (status === 429) return make(HUBSPOT_ERROR_CODES.rateLimited, true, retryAfterOf(headers, info.policyName));
  if (status === 423) return make(HUBSPOT_ERROR_CODES.locked, true, Math.max(LOCKED_RETRY_AFTER_MS, retryAfterHeaderMs(headers) ?? 0));
  if (status === 477) return make(HUBSPOT_ERROR_CODES.migrationInProgress, true, retryAfterHeaderMs(headers) ?? 60_000);
  if (status >= 500) return make(HUBSPOT_ERROR_CODES.unavailable, true);
  if (oauth && isInvalidGrantInfo(info)) return make(HUBSPOT_ERROR_CODES.invalidGrant, false);
  if (status === 401) return make(HUBSPOT_ERROR_CODES.unauthorized, false);
  if (status === 403) return make(HUBSPOT_ERROR_CODES.forbidden, false);
  if (status === 404) return make(HUBSPOT_ERROR_CODES.notFound, false);
  if (status === 409) return make(HUBSPOT_ERROR_CODES.conflict, false);
  return make(HUBSPOT_ERROR_CODES.validation, false);
}

/** A request that got no HTTP answer at all: retryable, like a 5xx. */
export function toNetworkError(operation: string, cause: unknown): HubSpotApiError {
  return new HubSpotApiError(HUBSPOT_ERROR_CODES.unavailable, operation, { status: 0, category: networkCategory(cause) }, { retryable: true });
}

/** A 2xx answer whose body is not what the spec promises. */
export function toBadResponseError(operation: string, status: number): HubSpotApiError {
  return new HubSpotApiError(HUBSPOT_ERROR_CODES.badResponse, operation, { status, category: 'UNEXPECTED_RESPONSE' }, { retryable: false });
}

function isInvalidGrantInfo(info: HubSpotErrorInfo): boolean {
  return info.oauthError === 'invalid_grant' || info.oauthError === 'BAD_REFRESH_TOKEN' || info.oauthError === 'BAD_AUTH_CODE' || info.oauthError === 'BAD_REDIRECT_URI';
}

function retryAfterOf(headers: Headers | undefined, policyName: string | undefined): number {
  return retryAfterHeaderMs(headers) ?? RETRY_AFTER_BY_POLICY_MS[policyName ?? ''] ?? 1_000;
}

/** Retry-After in seconds, as milliseconds; undefined when absent or not a number. */
function retryAfterHeaderMs(headers: Headers | undefined): number | undefined {
  const header = headers?.get('retry-after');
  const seconds = header !== null && header !== undefined ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

function networkCategory(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
  return 'NETWORK_ERROR';
}
