import { createHmac } from 'node:crypto';
import { Client } from '@hubspot/api-client';
import { startHubSpotSandbox, type HubSpotSandbox } from './hubspot-sandbox';
import { buildApp, startInstalledSandbox, startWebhookReceiver, type WebhookReceiver } from './test-support/sandbox-fixture';

/**
 * HubSpot's documented v3 algorithm, written independently of the sandbox: decode only
 * %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B in the URI, then
 * base64(HMAC-SHA256(secret, method + uri + body + timestamp)).
 */
function documentedSignatureV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  const decodable: Record<string, string> = { '3A': ':', '2F': '/', '3F': '?', '40': '@', '21': '!', '24': '$', '27': "'", '28': '(', '29': ')', '2A': '*', '2C': ',', '3B': ';' };
  let decoded = '';
  for (let i = 0; i < uri.length; i++) {
    const hex = uri.slice(i + 1, i + 3).toUpperCase();
    if (uri[i] === '%' && decodable[hex]) {
      decoded += decodable[hex];
      i += 2;
    } else decoded += uri[i];
  }
  return createHmac('sha256', secret).update(`${method}${decoded}${body}${timestamp}`).digest('base64');
}

describe('webhook signature v3', () => {
  let sandbox: HubSpotSandbox;
  let receiver: WebhookReceiver;
  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('when the target URL has encoded characters in its query, then the signature matches HubSpot\'s documented algorithm over the decoded URL', async () => {
    receiver = await startWebhookReceiver(undefined, '/webhooks/hubspot?a=%3A%2F%40x&b=%20y%2a');
    sandbox = await startHubSpotSandbox({ webhookBatchMs: 5 });
    const app = buildApp({ webhookTargetUrl: receiver.url, subscriptions: [{ eventType: 'contact.creation' }] });
    sandbox.registerApp(app);
    const { portalId } = sandbox.createPortal();
    sandbox.installApp({ clientId: app.clientId, portalId });
    await sandbox.createContacts(portalId, [{ email: 'sig@example.com' }]);
    await sandbox.flushWebhooks();

    const [delivery] = receiver.deliveries;
    const timestamp = String(delivery!.headers['x-hubspot-request-timestamp']);
    expect(delivery!.headers['x-hubspot-signature-version']).toBe('v3');
    expect(Math.abs(Date.now() - Number(timestamp))).toBeLessThan(60_000);
    expect(delivery!.headers['x-hubspot-signature-v3']).toBe(documentedSignatureV3(app.clientSecret, 'POST', receiver.url, delivery!.rawBody, timestamp));
    // The decoding step matters: signing the raw URL would give a different value.
    expect(delivery!.headers['x-hubspot-signature-v3']).not.toBe(createHmac('sha256', app.clientSecret).update(`POST${receiver.url}${delivery!.rawBody}${timestamp}`).digest('base64'));
    expect(receiver.url).toContain('%20y');
  });
});

describe('@hubspot/api-client 13 against the sandbox', () => {
  it('when the official client exchanges a code, reads and updates contacts in batches and creates a property, then every call succeeds', async () => {
    const env = await startInstalledSandbox();
    try {
      const { code } = env.sandbox.approveInstall({ clientId: env.app.clientId, portalId: env.portalId });
      const oauthClient = new Client({ basePath: env.sandbox.url });
      const tokens = await oauthClient.oauth.tokensApi.create('authorization_code', code, env.app.redirectUris[0], env.app.clientId, env.app.clientSecret);
      expect(tokens.expiresIn).toBe(1800);
      expect(tokens.tokenType).toBe('bearer');

      const client = new Client({ accessToken: tokens.accessToken, basePath: env.sandbox.url });
      const property = await client.crm.properties.coreApi.create('contacts', {
        name: 'carequal_score', label: 'CareQual score', type: 'number' as never, fieldType: 'number' as never, groupName: 'contactinformation',
      });
      expect(property.name).toBe('carequal_score');

      const ids = await env.sandbox.createContacts(env.portalId, [{ email: 'a@example.com', zip: '10001' }, { email: 'b@example.com' }]);
      const read = await client.crm.contacts.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['email', 'zip', 'carequal_score'], propertiesWithHistory: [] });
      expect(read.results.map((r) => r.properties.email).sort()).toEqual(['a@example.com', 'b@example.com']);
      expect(read.results[0]!.createdAt).toBeInstanceOf(Date);

      const updated = await client.crm.contacts.batchApi.update({ inputs: ids.map((id, i) => ({ id, properties: { carequal_score: String(80 + i) } })) });
      expect(updated.results).toHaveLength(2);
      const stored = env.sandbox.getContact(env.portalId, ids[1]!)!;
      expect(stored.properties.carequal_score).toBe('81');
      expect(stored.history.carequal_score![0]).toMatchObject({ sourceType: 'INTEGRATION', sourceId: String(env.app.appId) });
    } finally {
      await env.sandbox.close();
    }
  });
});
