import { createHash } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import type { Metrics } from '../../../observability/metrics';
import { keepKnownFields } from '../../hubspot/webhook-event.schemas';
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
  /** Makes the delivery durable (resolves once it is); rejects with a retryable AppError when it cannot. */
  store: (delivery: VerifiedDelivery) => Promise<void>;
}

/** A verified delivery as the route hands it on: to be classified and taken in by a worker. */
export interface VerifiedDelivery {
  /** sha256 of the raw body (base64url): the same bytes delivered twice are one delivery. */
  digest: string;
  /** Request id; becomes the jobs' trace id. */
  requestId: string;
  /** The body's elements with only the fields the event schema reads (see keepKnownFields): no property values. */
  elements: unknown[];
}

/**
 * `POST /webhooks/hubspot`: raw body (≤1 MiB, else 413) → signature v3 on the raw bytes (401,
 * no detail) → JSON array (else 400 with a reason code) → the delivery stored as ONE job (ids
 * and event fields only) → 200. Redis unreachable → 503, so HubSpot retries; nothing is
 * acknowledged before the delivery is durable. Classifying, filtering, dedupe, the per-portal
 * qualify jobs and the audit entry happen in the intake worker, off HubSpot's 5-second path.
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

/**
 * The route is mounted before helmet (it answers HubSpot, never a browser): its answers, errors
 * included, carry the two headers that still mean something for an empty or JSON body.
 */
const MACHINE_ROUTE_HEADERS: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

function measureAck(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of MACHINE_ROUTE_HEADERS) res.setHeader(name, value);
    const end = metrics.webhookAckDuration.startTimer();
    res.on('finish', () => end({ status: String(res.statusCode) }));
    next();
  };
}

function takeInDelivery(deps: WebhookRouterDeps): RequestHandler {
  return async (req, res) => {
    const raw = rawBodyOf(req);
    const elements = parseDelivery(raw).map(keepKnownFields);
    const digest = createHash('sha256').update(raw).digest('base64url');
    await deps.store({ digest, requestId: String(res.locals.requestId ?? 'unknown'), elements });
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
