import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { HubSpotHttpError, authenticationError, buildErrorBody, rateLimitError, validationError } from './hubspot-errors';
import { routeKey } from './rate-limit';
import type { SandboxContext } from './sandbox-context';

/**
 * Bearer-token check for API routes: missing/unknown tokens and tokens of uninstalled apps
 * get INVALID_AUTHENTICATION, expired ones EXPIRED_AUTHENTICATION (both 401). A legacy
 * `portalId` query parameter naming another portal is refused the same way.
 */
export function authenticate(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const result = ctx.oauth.authenticate(bearer);
    if (!result.ok) return next(authenticationError(result.reason, result.expiredAtMs, ctx.clock.now()));
    const portalParam = req.query.portalId ?? req.query.hubId;
    if (typeof portalParam === 'string' && Number(portalParam) !== result.token.portalId) return next(authenticationError('invalid'));
    res.locals.auth = result.token;
    const counters = ctx.counters.for(result.token.portalId);
    counters.requests++;
    const key = routeKey(req.method, req.originalUrl);
    counters.byRoute[key] = (counters.byRoute[key] ?? 0) + 1;
    next();
  };
}

/** Counts a 429 (real or injected) against the caller's portal. */
export function countRateLimited(ctx: SandboxContext, res: Response): void {
  const token = res.locals.auth as { portalId: number } | undefined;
  if (token) ctx.counters.for(token.portalId).rateLimited++;
}

/**
 * The per-portal rolling limit (default 110 per 10 s). Every answer carries HubSpot's
 * `X-HubSpot-RateLimit-*` headers; the 111th call in the window gets 429 TEN_SECONDLY_ROLLING.
 */
export function enforceRateLimit(ctx: SandboxContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const portalId = (res.locals.auth as { portalId: number }).portalId;
    const decision = ctx.limiter.take(String(portalId), ctx.clock.now());
    const headers = {
      'X-HubSpot-RateLimit-Max': String(decision.max),
      'X-HubSpot-RateLimit-Remaining': String(decision.remaining),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(decision.windowMs),
    };
    res.set(headers);
    if (!decision.allowed) {
      countRateLimited(ctx, res);
      return next(rateLimitError('TEN_SECONDLY_ROLLING', headers));
    }
    next();
  };
}

/** CRM search's own limit: 5 requests per second per portal (429 SECONDLY beyond it). */
export function enforceSearchLimit(ctx: SandboxContext) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const portalId = (res.locals.auth as { portalId: number }).portalId;
    if (ctx.searchLimiter.take(String(portalId), ctx.clock.now()).allowed) return next();
    countRateLimited(ctx, res);
    next(rateLimitError('SECONDLY', {}));
  };
}

/** 404 for paths the sandbox does not serve, in HubSpot's shape. */
export function notFoundHandler(req: Request, res: Response): void {
  res.status(404).json(buildErrorBody('OBJECT_NOT_FOUND', `The HubSpot sandbox does not serve ${req.method} ${req.path}`));
}

/** Maps thrown errors to HubSpot's bodies; unexpected errors become 500 INTERNAL_ERROR. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    let error = err;
    if (isBodyParserError(err)) error = validationError(`Invalid input JSON on line 1: ${err.message}`);
    if (error instanceof HubSpotHttpError) {
      res.status(error.statusCode).set(error.headers).json(error.body);
      return;
    }
    log(`sandbox internal error: ${error instanceof Error ? error.stack : String(error)}`);
    res.status(500).json(buildErrorBody('INTERNAL_ERROR', 'internal error'));
  };
}

function isBodyParserError(err: unknown): err is Error & { type: string } {
  return err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && (err as { status?: number }).status === 400;
}
