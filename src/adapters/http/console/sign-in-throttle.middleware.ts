import type { RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { AttemptThrottle } from '../../locks/attempt-throttle';
import type { Logger } from '../../../observability/logger';

/** The console paths anyone may call without a session: HubSpot sign-in, passkeys, invitations. */
export const SIGN_IN_PATHS = ['/sign-in/start', '/auth/callback', '/invite', '/passkey'];

/**
 * Counts requests to the sign-in paths per client address (the socket's: CareQual never trusts
 * forwarded headers, so behind a proxy every client shares the proxy's count — size
 * CONSOLE_SIGN_IN_ATTEMPT_LIMIT for that). Over the limit: 429 with Retry-After, before any
 * challenge, state or audit row is written, so a flood of ceremonies cannot fill the tables.
 * The warning names no address.
 */
export function throttleSignIn(throttle: AttemptThrottle, logger: Logger): RequestHandler {
  return async (req, _res, next) => {
    const verdict = await throttle.consume(req.socket.remoteAddress ?? 'unknown');
    if (verdict.allowed) return next();
    logger.warn('console sign-in attempts throttled', { code: 'rate_limited', retryAfterMs: verdict.retryAfterMs });
    const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
    next(new AppError('rate_limited', `Too many sign-in attempts from this network. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, {
      expose: true, retryAfterMs: verdict.retryAfterMs,
    }));
  };
}
