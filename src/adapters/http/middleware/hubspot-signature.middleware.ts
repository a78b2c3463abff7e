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
    const verdict = verifySignatureV3({
      clientSecret: opts.clientSecret,
      method: req.method,
      uri: buildSignedUrl(opts.publicBaseUrl, req.originalUrl),
      rawBody: rawBodyOf(req),
      signature: req.get(SIGNATURE_V3_HEADER),
      timestamp: req.get(REQUEST_TIMESTAMP_HEADER),
      nowMs: opts.clock.now().getTime(),
    });
    if (verdict.ok) return next();
    opts.logger.warn(`${opts.what} signature rejected`, { reason: verdict.reason });
    next(new AppError(opts.errorCode, 'Invalid request signature.'));
  };
}

/** The raw body `express.raw` left on the request (empty when there was none). */
export function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
