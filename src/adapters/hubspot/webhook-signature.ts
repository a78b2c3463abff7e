import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot webhook signature v3 (DESIGN.md §3), checked on the raw body bytes.
 *
 * Hand-written instead of `@hubspot/api-client`'s `Signature.isValid`: that helper compares with
 * `===` (not constant-time), skips HubSpot's URI-decoding step and has no timestamp window.
 */

export const SIGNATURE_V3_HEADER = 'x-hubspot-signature-v3';
export const REQUEST_TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
/** HubSpot: "reject the request if the timestamp is older than 5 minutes". */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;
/** A timestamp this far ahead of our clock is implausible (clock skew allowance). */
export const MAX_SIGNATURE_FUTURE_MS = 60 * 1000;

/** base64 of a 32-byte HMAC-SHA256 digest is always 44 characters. */
const SIGNATURE_BASE64_LENGTH = 44;
const TIMESTAMP_PATTERN = /^\d{1,16}$/;

const DECODED_CHARACTERS: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};
const DECODED_PATTERN = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/**
 * Applies HubSpot's v3 URI rule: exactly these percent-encodings are decoded before signing
 * (%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B); every other escape stays as received.
 */
export function decodeUriForSignatureV3(uri: string): string {
  return uri.replace(DECODED_PATTERN, (match) => DECODED_CHARACTERS[match.toUpperCase()] ?? match);
}

/**
 * The URL HubSpot signed: our configured public base URL plus the path and query exactly as
 * received (`req.originalUrl`). Never built from Host or X-Forwarded-* headers.
 */
export function buildSignedUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** base64(HMAC-SHA256(clientSecret, method + decodedUri + rawBody + timestamp)). */
export function computeSignatureV3(input: { clientSecret: string; method: string; uri: string; rawBody: Buffer | string; timestamp: string }): string {
  return createHmac('sha256', input.clientSecret)
    .update(`${input.method.toUpperCase()}${decodeUriForSignatureV3(input.uri)}`, 'utf8')
    .update(input.rawBody)
    .update(input.timestamp, 'utf8')
    .digest('base64');
}

export type SignatureRejection = 'missing_signature' | 'missing_timestamp' | 'malformed_timestamp' | 'stale_timestamp' | 'future_timestamp' | 'mismatch';

export type SignatureVerdict = { ok: true } | { ok: false; reason: SignatureRejection };

export interface SignatureCheckInput {
  clientSecret: string;
  method: string;
  /** The full public URL (see {@link buildSignedUrl}). */
  uri: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
}

/**
 * Verifies a v3 signature: header presence, timestamp window (≤ 5 min old, ≤ 60 s ahead), then
 * the HMAC compared in constant time. The reason is for metrics and logs, never for the caller.
 */
export function verifySignatureV3(input: SignatureCheckInput): SignatureVerdict {
  if (!input.signature) return { ok: false, reason: 'missing_signature' };
  if (!input.timestamp) return { ok: false, reason: 'missing_timestamp' };
  if (!TIMESTAMP_PATTERN.test(input.timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  const timestampMs = Number(input.timestamp);
  if (input.nowMs - timestampMs > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale_timestamp' };
  if (timestampMs - input.nowMs > MAX_SIGNATURE_FUTURE_MS) return { ok: false, reason: 'future_timestamp' };
  const expected = computeSignatureV3({ ...input, timestamp: input.timestamp });
  return signaturesMatch(expected, input.signature) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/**
 * Constant-time comparison of two base64 signatures. The expected length is public (a SHA-256
 * digest), so a length mismatch may return early without leaking anything secret.
 */
function signaturesMatch(expected: string, given: string): boolean {
  if (given.length !== SIGNATURE_BASE64_LENGTH) return false;
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
