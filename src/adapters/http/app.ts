import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { errorHandler, notFound } from './middleware/error.middleware';
import { requestContext } from './middleware/request-context.middleware';
import { createHealthRouter, type ReadinessAlarm, type ReadinessCheck } from './routes/health.routes';

export const JSON_BODY_LIMIT = '100kb';

export interface HttpAppDeps {
  logger: Logger;
  metrics: Metrics;
  readiness: Readonly<Record<string, ReadinessCheck>>;
  /** Alarms /readyz lists without failing (e.g. audit tamper alarms). */
  alarms?: Readonly<Record<string, ReadinessAlarm>>;
  /**
   * /metrics on this (public) port: only when it needs a bearer token (createMetricsHandler
   * with METRICS_TOKEN). Absent, /metrics is not served here (see METRICS_PORT).
   */
  metricsEndpoint?: RequestHandler;
  /**
   * Feature routers, mounted in order. Each parses its own body with its own limit (the webhook
   * route needs the raw bytes to check the signature; JSON routes use `JSON_BODY_LIMIT`).
   */
  routers?: readonly Router[];
}

/**
 * Builds the Express app: request ids, security headers, health, feature routers, one error mapper.
 * (The webhook route is served in front of it, by node:http: see raw-route.ts.)
 */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false); // URLs and client identity come from configuration, never forwarded headers.
  app.use(requestContext(deps.metrics));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        // Nothing frames CareQual: HubSpot shows the app card and settings page as UI extensions.
        directives: { 'frame-ancestors': ["'none'"] },
      },
      frameguard: false, // frame-ancestors above governs framing.
    }),
  );
  app.use(createHealthRouter(deps.readiness, deps.metricsEndpoint, deps.alarms));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
