import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { DeliveryOutcome, WebhookDelivery } from '../../../app/handle-webhook-delivery';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import type { Metrics } from '../../../observability/metrics';
import { classifyWebhookEvent } from '../../hubspot/webhook-event.schemas';
import { rawBodyOf, requireHubSpotSignature } from '../middleware/hubspot-signature.middleware';

export const WEBHOOK_PATH = '/webhooks/hubspot';
/** HubSpot sends ≤100 events per delivery; 1 MiB is far above that and bounds the work per request. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export interface WebhookRouterDeps {
  publicBaseUrl: string;
  clientSecret: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  takeIn: (delivery: WebhookDelivery) => Promise<DeliveryOutcome>;
}

/**
 * `POST /webhooks/hubspot`: raw body (≤1 MiB, else 413) → signature v3 on the raw bytes (401,
 * no detail) → JSON array (else 400 with a reason code) → the intake use case → 200. Redis or
 * the audit log unreachable → 503, so HubSpot retries; nothing is acknowledged before its work
 * is durable.
 *
 * A rejected signature is counted (ack histogram, status 401) and logged with its reason only:
 * no audit entry, because audit entries belong to a portal and the portal id of an unverified
 * body cannot be trusted (recording it would let anyone write into any portal's audit chain).
 */
export function createWebhookRouter(deps: WebhookRouterDeps): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES, inflate: false });
  const verifySignature = requireHubSpotSignature({ ...deps, errorCode: 'webhook.signature_invalid', what: 'webhook' });
  router.post(WEBHOOK_PATH, measureAck(deps.metrics), rawBody, verifySignature, takeInDelivery(deps));
  return router;
}

function measureAck(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    const end = metrics.webhookAckDuration.startTimer();
    res.on('finish', () => end({ status: String(res.statusCode) }));
    next();
  };
}

function takeInDelivery(deps: WebhookRouterDeps): RequestHandler {
  return async (req, res) => {
    const elements = parseDelivery(rawBodyOf(req));
    const outcome = await deps.takeIn({ events: elements.map(classifyWebhookEvent), requestId: String(res.locals.requestId ?? 'unknown') });
    for (const { type, fate } of outcome.fates) deps.metrics.webhookEvents.inc({ type, fate });
    deps.logger.debug('webhook delivery taken in', { events: outcome.fates.length, jobs: outcome.jobs.length });
    res.status(200).end();
  };
}

function parseDelivery(raw: Buffer): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('webhook.not_json', 'The webhook body is not JSON.', { expose: true });
  }
  if (!Array.isArray(parsed)) throw new AppError('webhook.not_array', 'The webhook body is not a JSON array of events.', { expose: true });
  return parsed;
}
