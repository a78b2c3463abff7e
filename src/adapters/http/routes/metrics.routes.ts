import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { Registry } from 'prom-client';

/**
 * The Prometheus exposition. With a token, a scrape must send `Authorization: Bearer <token>`
 * (compared in constant time); without one the handler is anonymous and must only be mounted
 * on the internal metrics listener (METRICS_PORT), never on the public port (issue 18).
 */
export function createMetricsHandler(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return async (req, res) => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        res.status(401).json({ error: { code: 'auth.required', message: 'Metrics need the bearer token (METRICS_TOKEN).' } });
        return;
      }
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
}

/** The internal metrics listener's app: /metrics and nothing else. */
export function createMetricsApp(handler: RequestHandler): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', handler);
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such resource.' } }));
  return app;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
