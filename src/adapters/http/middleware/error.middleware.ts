import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from '../../../app/errors';
import type { Logger } from '../../../observability/logger';
import { statusForCode } from '../error-status';

/** The body every error answer has: a stable code and a message safe to show. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Answers 404 for any route nobody handled. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('not_found', 'No such resource.', { expose: true }));
};

/**
 * Maps every error to `{ error: { code, message } }` once. Unknown errors become 500
 * `internal_error` without details; the log gets the code and the error's name and message
 * (through the redacting logger), never the request body.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const { status, body } = answerForError(err, logger);
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}

/**
 * The status and body an error is answered with, logged once (the same for Express routes and
 * for routes served by node:http directly). `context` adds ids to the log line.
 */
export function answerForError(err: unknown, logger: Logger, context: Record<string, string> = {}): { status: number; body: ErrorBody } {
  const appError = toAppError(err);
  const status = statusForCode(appError.code);
  if (status >= 500) logger.error('request failed', { code: appError.code, error: err, ...context });
  else logger.info('request refused', { code: appError.code, status, ...context });
  const message = appError.expose ? appError.message : status >= 500 ? 'Something went wrong on our side.' : 'Request refused.';
  return { status, body: { error: { code: status >= 500 && !appError.expose ? 'internal_error' : appError.code, message } } };
}

/** Body-parser and framework errors carry `type`/`status`; give them stable codes. */
function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new AppError('request.too_large', 'The request body is too large.', { expose: true, cause: err });
  if (e?.type === 'entity.parse.failed') return new AppError('request.malformed_json', 'The request body is not valid JSON.', { expose: true, cause: err });
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new AppError('request.unsupported_media_type', 'Unsupported request encoding.', { expose: true, cause: err });
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('request.invalid', 'Bad request.', { expose: true, cause: err });
  return new AppError('internal_error', 'Unexpected error', { cause: err });
}
