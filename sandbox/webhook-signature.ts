import { createHmac } from 'node:crypto';

/**
 * HubSpot's v3 rule: before signing, these percent-encoded characters in the URI are
 * decoded (and only these): %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;
 */
const DECODED: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** Applies HubSpot's URI-decoding step of signature v3. */
export function decodeUriForSignature(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

/**
 * `X-HubSpot-Signature-v3`: base64(HMAC-SHA256(clientSecret, method + decodedUri + body + timestamp)),
 * with the timestamp in epoch milliseconds as sent in `X-HubSpot-Request-Timestamp`.
 */
export function signWebhookV3(input: { clientSecret: string; method: string; uri: string; body: string; timestamp: number | string }): string {
  const source = `${input.method.toUpperCase()}${decodeUriForSignature(input.uri)}${input.body}${input.timestamp}`;
  return createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64');
}
