import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signWebhookV3 } from '../../../sandbox/webhook-signature';
import { buildSignedUrl, computeSignatureV3, decodeUriForSignatureV3, MAX_SIGNATURE_AGE_MS, verifySignatureV3 } from './webhook-signature';

const SECRET = 'a6a6f1d2-77b5-4c1e-9d0e-3f1c2b7a9e10';
const NOW = Date.parse('2026-11-03T14:05:00Z');
const BODY = JSON.stringify([{ eventId: 1, subscriptionId: 2, portalId: 62515, appId: 4242, occurredAt: NOW - 1000, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 123, changeFlag: 'CREATED', changeSource: 'CRM_UI' }]);

/** The reference: HubSpot's documented recipe written out literally, no shared code. */
function referenceSignature(secret: string, signedString: string): string {
  return createHmac('sha256', secret).update(signedString, 'utf8').digest('base64');
}

function check(overrides: Partial<Parameters<typeof verifySignatureV3>[0]> = {}) {
  const uri = 'https://carequal.test/webhooks/hubspot';
  const timestamp = String(NOW - 2000);
  return verifySignatureV3({
    clientSecret: SECRET, method: 'POST', uri, rawBody: Buffer.from(BODY), timestamp, nowMs: NOW,
    signature: referenceSignature(SECRET, `POST${uri}${BODY}${timestamp}`),
    ...overrides,
  });
}

describe('webhook signature v3', () => {
  it('when the signature was computed by HubSpot\'s recipe, then it verifies', () => {
    expect(check()).toEqual({ ok: true });
  });

  it('when the URL query holds encoded characters, then exactly HubSpot\'s twelve escapes are decoded before signing', () => {
    const received = '/webhooks/hubspot?next=%2Fconsole%3Fa%3Db&who=J%C3%BCrgen%20%28x%29&list=a%2Cb%3Bc&at=%40home%21%24%27%2a';
    const uri = buildSignedUrl('https://carequal.test/', received);
    expect(uri).toBe(`https://carequal.test${received}`);
    const decodedByHand = 'https://carequal.test/webhooks/hubspot?next=/console?a%3Db&who=J%C3%BCrgen%20(x)&list=a,b;c&at=@home!$\'*';
    expect(decodeUriForSignatureV3(uri)).toBe(decodedByHand);
    const timestamp = String(NOW);
    const signature = referenceSignature(SECRET, `POST${decodedByHand}${BODY}${timestamp}`);
    expect(computeSignatureV3({ clientSecret: SECRET, method: 'post', uri, rawBody: Buffer.from(BODY), timestamp })).toBe(signature);
    expect(verifySignatureV3({ clientSecret: SECRET, method: 'POST', uri, rawBody: Buffer.from(BODY), signature, timestamp, nowMs: NOW })).toEqual({ ok: true });
    // Signing the undecoded URL (what @hubspot/api-client does) must not verify.
    const naive = referenceSignature(SECRET, `POST${uri}${BODY}${timestamp}`);
    expect(verifySignatureV3({ clientSecret: SECRET, method: 'POST', uri, rawBody: Buffer.from(BODY), signature: naive, timestamp, nowMs: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when the body holds non-ASCII characters, then the raw bytes are what is signed', () => {
    const body = '[{"propertyName":"firstname","propertyValue":"Zoë 😀"}]';
    const uri = 'https://carequal.test/webhooks/hubspot';
    const timestamp = String(NOW);
    const signature = referenceSignature(SECRET, `POST${uri}${body}${timestamp}`);
    expect(verifySignatureV3({ clientSecret: SECRET, method: 'POST', uri, rawBody: Buffer.from(body, 'utf8'), signature, timestamp, nowMs: NOW })).toEqual({ ok: true });
  });

  it.each([
    ['the signature header is missing', { signature: undefined }, 'missing_signature'],
    ['the signature is empty', { signature: '' }, 'missing_signature'],
    ['the timestamp header is missing', { timestamp: undefined }, 'missing_timestamp'],
    ['the timestamp is not a number', { timestamp: '2026-11-03T14:05:00Z' }, 'malformed_timestamp'],
    ['the timestamp is older than five minutes', { timestamp: String(NOW - MAX_SIGNATURE_AGE_MS - 1) }, 'stale_timestamp'],
    ['the timestamp is two minutes in the future', { timestamp: String(NOW + 120_000) }, 'future_timestamp'],
    ['the secret differs', { clientSecret: 'another-app-secret' }, 'mismatch'],
    ['the method differs', { method: 'PUT' }, 'mismatch'],
    ['the URL differs', { uri: 'https://evil.test/webhooks/hubspot' }, 'mismatch'],
    ['the signature is truncated', { signature: 'abc' }, 'mismatch'],
  ])('when %s, then it is rejected', (_what, overrides, reason) => {
    expect(check(overrides as never)).toEqual({ ok: false, reason });
  });

  it('when the timestamp itself was changed (but is fresh), then the signature no longer matches', () => {
    const uri = 'https://carequal.test/webhooks/hubspot';
    const signature = referenceSignature(SECRET, `POST${uri}${BODY}${NOW - 2000}`);
    expect(check({ signature, timestamp: String(NOW - 1000) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('when any single byte of the body is flipped, then it is rejected', () => {
    fc.assert(fc.property(fc.nat(BODY.length - 1), fc.integer({ min: 1, max: 255 }), (index, xor) => {
      const tampered = Buffer.from(BODY);
      tampered[index] = tampered[index]! ^ xor;
      expect(check({ rawBody: tampered })).toEqual({ ok: false, reason: 'mismatch' });
    }));
  });

  it('when the local HubSpot sandbox signs any URL and body, then our verifier agrees', () => {
    const pathChars = fc.constantFrom('a', 'Z', '0', '-', '_', '.', '~', '%3A', '%2F', '%3F', '%40', '%21', '%24', '%27', '%28', '%29', '%2A', '%2C', '%3B', '%20', '%C3%BC', '%3a', '=', '&');
    fc.assert(fc.property(fc.array(pathChars, { maxLength: 30 }), fc.string(), (parts, body) => {
      const uri = `https://carequal.test/webhooks/hubspot?q=${parts.join('')}`;
      const timestamp = NOW;
      const signature = signWebhookV3({ clientSecret: SECRET, method: 'POST', uri, body, timestamp });
      expect(verifySignatureV3({ clientSecret: SECRET, method: 'POST', uri, rawBody: Buffer.from(body, 'utf8'), signature, timestamp: String(timestamp), nowMs: NOW })).toEqual({ ok: true });
    }));
  });
});
