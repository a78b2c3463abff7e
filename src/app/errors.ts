/**
 * The one error family of CareQual. `code` is stable (dotted/snake), mapped to an HTTP status
 * once in the error middleware and to retry behaviour once in the worker wrapper.
 */
export class AppError extends Error {
  readonly code: string;
  /** Worth trying again later (network, 5xx, rate limit). */
  readonly retryable: boolean;
  /** The message may be shown to the caller; otherwise callers see a generic text. */
  readonly expose: boolean;
  /** Milliseconds to wait before retrying, when the cause says so (rate limits). */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: string,
    message: string,
    opts: { cause?: unknown; retryable?: boolean; expose?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.expose = opts.expose ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Narrowing helper for catch blocks. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
