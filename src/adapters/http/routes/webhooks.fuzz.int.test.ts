import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signWebhookV3 } from '../../../../sandbox/webhook-signature';
import { startWebhookApp, type WebhookApp } from '../../../../test/support/webhook-app';

/**
 * Thousands of random and mutated deliveries, each correctly signed, so every one gets past
 * the signature check into parsing, validation and intake: never a 5xx, never a crash, and
 * never a property value in the logs or in Redis.
 */

const ACTIVE = 72_000_001;
const MARKER = 'PHI-VALUE-';
const TYPES = ['contact.creation', 'contact.propertyChange', 'contact.deletion', 'contact.privacyDeletion', 'contact.merge', 'contact.restore',
  'object.creation', 'object.propertyChange', 'object.merge', 'contact.associationChange', 'deal.creation', '', 'contact.', '.', 'contact.propertyChange.extra'];
const KEYS = ['eventId', 'subscriptionId', 'portalId', 'appId', 'occurredAt', 'subscriptionType', 'eventType', 'objectTypeId', 'attemptNumber', 'objectId',
  'propertyName', 'propertyValue', 'changeSource', 'sourceId', 'changeFlag', 'mergedObjectIds', 'primaryObjectId', 'newObjectId', '__proto__', 'constructor'];

const phiValue = fc.string({ maxLength: 40 }).map((s) => `${MARKER}${s}`);
const id = fc.oneof({ weight: 12, arbitrary: fc.nat({ max: 2_000_000 }) }, fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.constant(null), fc.constant(2 ** 60));

const event = fc.record({
  eventId: id, subscriptionId: id, portalId: fc.oneof(fc.constant(ACTIVE), fc.constant(ACTIVE), fc.nat(), fc.constant(-5), fc.string()),
  appId: fc.constantFrom(4242, 1, '4242'), occurredAt: fc.oneof({ weight: 8, arbitrary: fc.nat() }, fc.constant(Date.now()), fc.string()),
  subscriptionType: fc.constantFrom(...TYPES), eventType: fc.constantFrom(...TYPES), objectTypeId: fc.constantFrom('0-1', '0-2', '2-123', ''),
  attemptNumber: fc.oneof(fc.nat({ max: 10 }), fc.integer()), objectId: id,
  propertyName: fc.constantFrom('email', 'message', 'phone', 'jobtitle', '', 'x'.repeat(300)), propertyValue: phiValue,
  changeSource: fc.constantFrom('CRM_UI', 'INTEGRATION', 'APP', 'FORM', 'IMPORT', ''), sourceId: fc.oneof(fc.constant('4242'), fc.constant(4242), phiValue),
  changeFlag: fc.constantFrom('CREATED', 'DELETED', 'MERGED', 'NEW'), mergedObjectIds: fc.array(id, { maxLength: 4 }), primaryObjectId: id, newObjectId: id,
}, { requiredKeys: ['eventId', 'subscriptionId', 'portalId', 'occurredAt', 'objectId', 'subscriptionType'] });

/** An event with some fields replaced by arbitrary JSON (wrong types, nesting, values in odd places). */
const mutatedEvent = fc.tuple(event, fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.jsonValue({ maxDepth: 2 }), phiValue), { maxKeys: 3 }))
  .map(([e, mutations]) => ({ ...e, ...mutations }));

/** Bodies as text: mostly arrays of (mutated) events, also any JSON, truncated JSON and junk. */
const textBody = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: mutatedEvent }, fc.jsonValue({ maxDepth: 2 })), { maxLength: 120 }).map((a) => JSON.stringify(a)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.array(mutatedEvent, { minLength: 1, maxLength: 5 }).chain((a) => { const s = JSON.stringify(a); return fc.nat(s.length).map((n) => s.slice(0, n)); }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

describe('POST /webhooks/hubspot under fuzzing (valid signatures)', () => {
  let app: WebhookApp;
  beforeAll(async () => {
    app = await startWebhookApp();
    await app.setInstallation(ACTIVE, 'active');
  });
  afterAll(async () => app?.stop());

  it('when thousands of random and mutated bodies arrive, then no answer is a 5xx and no value reaches logs or Redis', async () => {
    const statuses = new Map<number, number>();
    const record = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    await fc.assert(fc.asyncProperty(textBody, async (body) => {
      const res = await app.send(body);
      await res.arrayBuffer();
      record(res.status);
      expect([200, 400]).toContain(res.status);
    }), { numRuns: 2500 });

    // Raw bytes that are not UTF-8 at all, signed over the exact bytes.
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      const body = Buffer.from(bytes);
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', app.clientSecret).update(`POST${app.signedUrl}`).update(body).update(timestamp).digest('base64');
      const res = await fetch(`${app.url}/webhooks/hubspot`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp } });
      await res.arrayBuffer();
      record(res.status);
      expect([200, 400]).toContain(res.status);
    }), { numRuns: 500 });

    expect(statuses.get(200)).toBeGreaterThan(100); // the fuzz reached intake, not only the parser
    expect((await app.jobs('qualify')).length).toBeGreaterThan(0); // …and some of it was enqueued
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(app.logs()).not.toContain(MARKER);
    expect(app.logs()).toContain('webhook delivery taken in');
    expect(await app.redisDump()).not.toContain(MARKER);
  }, 180_000);

  it('when the same fuzzed delivery is signed with a wrong secret, then it is refused before parsing', async () => {
    await fc.assert(fc.asyncProperty(textBody, async (body) => {
      const timestamp = Date.now();
      const signature = signWebhookV3({ clientSecret: 'not-the-secret', method: 'POST', uri: app.signedUrl, body, timestamp });
      const res = await app.send(body, { headers: { 'x-hubspot-signature-v3': signature } });
      expect(res.status).toBe(401);
    }), { numRuns: 200 });
  });
});
