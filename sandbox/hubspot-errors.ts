import { randomUUID } from 'node:crypto';

/**
 * HubSpot's error bodies, as the API returns them (and as the `Error` schema of
 * ../shared/hubspot-openapi names them: `category`, `correlationId`, `message` required,
 * `status: 'error'` always present on the wire).
 */
export interface HubSpotErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]>; subCategory?: string }[];
  links?: Record<string, string>;
  [extra: string]: unknown;
}

/** A failure a route handler throws; the error middleware turns it into HubSpot's body. */
export class HubSpotHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: HubSpotErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Builds a HubSpot error body with a fresh correlation id. */
export function buildErrorBody(category: string, message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** 400 VALIDATION_ERROR, HubSpot's answer to a malformed request. */
export function validationError(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotHttpError {
  return new HubSpotHttpError(400, buildErrorBody('VALIDATION_ERROR', message, extra));
}

/** 404 OBJECT_NOT_FOUND. */
export function notFoundError(message = 'resource not found'): HubSpotHttpError {
  return new HubSpotHttpError(404, buildErrorBody('OBJECT_NOT_FOUND', message));
}

/** 409 OBJECT_ALREADY_EXISTS (duplicate property or property group). */
export function conflictError(message: string, name: string, subCategory: string): HubSpotHttpError {
  return new HubSpotHttpError(409, buildErrorBody('OBJECT_ALREADY_EXISTS', message, { subCategory, context: { name: [name] } }));
}

/**
 * 401 as HubSpot sends it for a missing/unknown token (INVALID_AUTHENTICATION) or an
 * expired one (EXPIRED_AUTHENTICATION, with `context['expire time']`).
 */
export function authenticationError(kind: 'missing' | 'invalid' | 'expired', expiredAtMs?: number, nowMs?: number): HubSpotHttpError {
  if (kind === 'expired' && expiredAtMs !== undefined && nowMs !== undefined) {
    const ago = Math.max(0, Math.floor((nowMs - expiredAtMs) / 1000));
    return new HubSpotHttpError(401, buildErrorBody('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${ago} second(s) ago.`, {
      context: { 'expire time': [new Date(expiredAtMs).toISOString()] },
    }));
  }
  const message = kind === 'missing'
    ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
    : 'The OAuth token used to make this call is not valid.';
  return new HubSpotHttpError(401, buildErrorBody('INVALID_AUTHENTICATION', message));
}

/**
 * 429 as HubSpot sends it. The live API sends `errorType: 'RATE_LIMIT'` and `policyName`;
 * `category: 'RATE_LIMITS'` is added so the body also satisfies the spec's `Error` schema.
 */
export function rateLimitError(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY', headers: Record<string, string>): HubSpotHttpError {
  const message = policyName === 'SECONDLY'
    ? 'You have reached your secondly limit.'
    : 'You have reached your ten_secondly_rolling limit.';
  return new HubSpotHttpError(429, buildErrorBody('RATE_LIMITS', message, {
    errorType: 'RATE_LIMIT',
    policyName,
    groupName: 'publicapi:app-limited',
  }), headers);
}

/** An injected 5xx, shaped like HubSpot's internal-error answers. */
export function serverError(statusCode: number): HubSpotHttpError {
  return new HubSpotHttpError(statusCode, buildErrorBody('INTERNAL_ERROR', 'internal error (injected by the HubSpot sandbox)'));
}

/**
 * 423 Locked: HubSpot's "Error handling" page — returned when syncing a large volume of data in
 * a short time; "Locks will last for 2 seconds", so callers wait at least 2 s before retrying.
 * The page shows no body: this one keeps the `Error` shape, with Retry-After: 2.
 */
export function lockedError(): HubSpotHttpError {
  return new HubSpotHttpError(423, buildErrorBody('LOCKED', 'The records are locked by another write in progress; retry after at least 2 seconds (injected by the HubSpot sandbox).'), { 'retry-after': '2' });
}

/**
 * 477 Migration in Progress: HubSpot's "Error handling" page — the account is being moved
 * between data hosting locations; HubSpot sends a Retry-After header with the seconds to wait
 * (typically up to 24 hours).
 */
export function migrationInProgressError(retryAfterSeconds: number): HubSpotHttpError {
  return new HubSpotHttpError(477, buildErrorBody('MIGRATION_IN_PROGRESS', 'This account is being migrated between data hosting locations (injected by the HubSpot sandbox).'), { 'retry-after': String(retryAfterSeconds) });
}
