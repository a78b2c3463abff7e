import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../app/errors';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import type { Metrics } from '../../../observability/metrics';
import { compactElement } from '../../hubspot/webhook-event.schemas';
import { answerForError } from '../middleware/error.middleware';
import { checkHubSpotSignature, type HubSpotSignatureOptions } from '../middleware/hubspot-signature.middleware';
import { requestIdOf } from '../middleware/request-context.middleware';
import { readRawBody, type RawRoute } from '../raw-route';

export const WEBHOOK_PATH = '/webhooks/hubspot';
/** HubSpot sends ≤100 events per delivery; 1 MiB is far above that and bounds the work per request. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export interface WebhookRouteDeps {
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
  /** The body's elements cut down to the fields the event schema reads (see compactElement): no property values. */
  elements: unknown[];
}

/**
 * The route answers HubSpot, never a browser: its answers, errors included, carry the headers that
 * still mean something for an empty or JSON body (it is served before helmet and Express).
 */
const MACHINE_ROUTE_HEADERS: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

/**
 * `POST /webhooks/hubspot`: raw body (≤1 MiB, else 413) → signature v3 on the raw bytes (401,
 * no detail) → JSON array (else 400 with a reason code) → the delivery stored as ONE job (ids
 * and event fields only) → 200. Redis unreachable → 503, so HubSpot retries; nothing is
 * acknowledged before the delivery is durable. Classifying, filtering, dedupe, the per-portal
 * qualify jobs and the audit entry happen in the intake worker, off HubSpot's 5-second path.
 *
 * Served by node:http directly, in front of Express: a profile of the web role under
 * scripts/bench-webhook-ingest.ts put Express's router, request-context middleware and body
 * parser at ~15 % of its CPU per delivery, for nothing this route uses. It keeps what they gave
 * it: the request id (echoed, the jobs' trace id), the request-duration and ack histograms, the
 * error body of every other route.
 *
 * A rejected signature is counted (ack histogram, status 401) and logged with its reason only:
 * no audit entry, because audit entries belong to a portal and the portal id of an unverified
 * body cannot be trusted (recording it would let anyone write into any portal's audit chain).
 */
export function createWebhookRoute(deps: WebhookRouteDeps): RawRoute {
  const signature: HubSpotSignatureOptions = { ...deps, errorCode: 'webhook.signature_invalid', what: 'webhook' };
  return { method: 'POST', path: WEBHOOK_PATH, handle: (req, res) => void takeInDelivery(req, res, deps, signature) };
}

async function takeInDelivery(req: IncomingMessage, res: ServerResponse, deps: WebhookRouteDeps, signature: HubSpotSignatureOptions): Promise<void> {
  const endAck = deps.metrics.webhookAckDuration.startTimer();
  const endRequest = deps.metrics.httpRequestDuration.startTimer({ method: 'POST', route: WEBHOOK_PATH });
  const requestId = requestIdOf(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', requestId);
  for (const [name, value] of MACHINE_ROUTE_HEADERS) res.setHeader(name, value);
  let status = 200;
  try {
    const raw = await readRawBody(req, WEBHOOK_BODY_LIMIT_BYTES);
    const refused = checkHubSpotSignature(signature, { method: 'POST', pathAndQuery: req.url ?? WEBHOOK_PATH, rawBody: raw, headers: req.headers });
    if (refused) throw refused;
    const elements = parseDelivery(raw).map(compactElement);
    const digest = createHash('sha256').update(raw).digest('base64url');
    await deps.store({ digest, requestId, elements });
    res.statusCode = 200;
    res.end();
  } catch (error) {
    const answer = answerForError(error, deps.logger, { requestId });
    status = answer.status;
    if (res.headersSent || res.destroyed) return;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(answer.body));
  } finally {
    endAck({ status: String(status) });
    endRequest({ status: String(status) });
  }
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
