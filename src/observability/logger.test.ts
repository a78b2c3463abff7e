import { PassThrough } from 'node:stream';
import { runWithContext } from './context';
import { createLogger } from './logger';

/** A realistic HubSpot contact as a careless caller might pass it to a log line. */
const contact = {
  id: '90210',
  properties: {
    firstname: 'Marisol',
    lastname: 'Quintanilla-Voss',
    email: 'marisol.qv@example-mail.com',
    phone: '+1 415 555 0199',
    zip: '94110',
    message: 'Knee pain getting worse since my fall, need an appointment this week',
    insurance_provider: 'Blue Shield PPO',
  },
};
const accessToken = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';
const clientSecret = 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function captureLogger(format: 'json' | 'pretty') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ level: 'debug', format, secrets: [clientSecret], stream });
  return { logger, output: () => chunks.join('') };
}

describe.each(['json', 'pretty'] as const)('logger (%s)', (format) => {
  it('when a contact and a token are logged carelessly, then none of their values reaches the output', async () => {
    const { logger, output } = captureLogger(format);
    logger.info('contact fetched', { contact, accessToken, authorization: `Bearer ${accessToken}` });
    logger.warn(`refresh failed for token ${accessToken} of ${contact.properties.email}`);
    logger.error('hubspot error', { error: new Error(`bad request for ${contact.properties.email} using ${clientSecret}`) });
    logger.debug('client configured', { config: { clientSecret, nested: [{ note: `secret is ${clientSecret}` }] } });
    await new Promise((r) => setImmediate(r));

    const text = output();
    expect(text).toContain('contact fetched');
    expect(text).toContain('90210'); // ids are fine, and useful
    for (const value of [...Object.values(contact.properties), accessToken, clientSecret]) expect(text).not.toContain(value);
  });

  it('when logging inside a request context, then each line carries its ids', async () => {
    const { logger, output } = captureLogger(format);
    await runWithContext({ requestId: 'req-12345678', portalId: 777 }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    await new Promise((r) => setImmediate(r));
    const [inside, outside] = output().trim().split('\n');
    expect(inside).toContain('req-12345678');
    expect(inside).toContain('777');
    expect(outside).not.toContain('req-12345678');
  });
});

it('when the format is json, then each line is one JSON object with level, message and timestamp', async () => {
  const { logger, output } = captureLogger('json');
  logger.info('hello', { count: 3, propertyNames: ['zip', 'message'] });
  await new Promise((r) => setImmediate(r));
  const line = JSON.parse(output().trim());
  expect(line).toMatchObject({ level: 'info', message: 'hello', count: 3, propertyNames: ['zip', 'message'], service: 'carequal' });
  expect(typeof line.timestamp).toBe('string');
});
