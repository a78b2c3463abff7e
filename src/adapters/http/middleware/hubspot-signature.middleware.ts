import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../../app/errors';
import type { Clock } from '../../../app/ports/clock.port';
import type { Logger } from '../../../observability/logger';
import { buildSignedUrl, REQUEST_TIMESTAMP_HEADER, SIGNATURE_V3_HEADER, verifySignatureV3 } from '../../hubspot/webhook-signature';

export interface HubSpotSignatureOptions {
  publicBaseUrl: string;
  clientSecret: string;
  clock: Clock;
  logger: Logger;
  /** The error code a rejected request gets (mapped to 401 in error-status.ts). */
  errorCode: string;
  /** What is being received, for the log line ("webhook", "workflow action"). */
  what: string;
}

/**
 * Lets through only requests HubSpot signed (signature v3 over the raw body bytes, timestamp no
 * older than 5 minutes; DESIGN.md §3). Mount after `express.raw`. A rejection is logged with its
 * reason only and gets no audit entry: the portal id of an unverified body cannot be trusted
 * (recording it would let anyone write into any portal's audit chain).
 */
export function requireHubSpotSignature(opts: HubSpotSignatureOptions): RequestHandler {
  return (req, _res, next) => {
    const refused = checkHubSpotSignature(opts, { method: req.method, pathAndQuery: req.originalUrl, rawBody: rawBodyOf(req), headers: req.headers });
    next(refused);
  };
}

/** A received request as the signature check reads it: method, path and query as received, raw body, headers. */
export interface SignedRequest {
  method: string;
  pathAndQuery: string;
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

/**
 * The signature check itself (for the Express middleware above and for routes served by node:http
 * directly): undefined when HubSpot signed the request, else the AppError to answer with (logged
 * with its reason only).
 */
export function checkHubSpotSignature(opts: HubSpotSignatureOptions, request: SignedRequest): AppError | undefined {
  const verdict = verifySignatureV3({
    clientSecret: opts.clientSecret,
    method: request.method,
    uri: buildSignedUrl(opts.publicBaseUrl, request.pathAndQuery),
    rawBody: request.rawBody,
    signature: headerOf(request.headers, SIGNATURE_V3_HEADER),
    timestamp: headerOf(request.headers, REQUEST_TIMESTAMP_HEADER),
    nowMs: opts.clock.now().getTime(),
  });
  if (verdict.ok) return undefined;
  opts.logger.warn(`${opts.what} signature rejected`, { reason: verdict.reason });
  return new AppError(opts.errorCode, 'Invalid request signature.');
}

/** A single-valued header (node lower-cases names; a repeated header is refused by leaving it out). */
function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The raw body `express.raw` left on the request (empty when there was none). */
export function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
