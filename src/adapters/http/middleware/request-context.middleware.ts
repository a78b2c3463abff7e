import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '../../../observability/context';
import type { Metrics } from '../../../observability/metrics';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id (a caller's `X-Request-Id` when it is a plain token, otherwise a
 * fresh UUID), echoes it, runs the rest of the request inside that log context, and records
 * the request duration by route template (never by raw path, which could hold ids).
 */
export function requestContext(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdOf(req.get('x-request-id'));
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const end = metrics.httpRequestDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    runWithContext({ requestId }, () => next());
  };
}

/** A caller's `X-Request-Id` when it is a plain token, otherwise a fresh UUID. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
