import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { PassThrough } from 'node:stream';
import express from 'express';
import { contactId, tenantId } from '../../../app/ports/ids';
import { createLogger } from '../../../observability/logger';
import { errorHandler } from './error.middleware';

/**
 * The one map from error codes to HTTP status, over the wire: an id no CRM gives, met where a
 * request becomes the app's branded ids (src/app/ports/ids.ts), is the caller's mistake (400),
 * not CareQual's (500) — and HubSpot retries a 5xx for days but not a 400.
 */
describe('error answers for ids no CRM gives', () => {
  let server: Server;
  let baseUrl: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logLines.push(chunk.toString('utf8')));
    const app = express();
    // A boundary like the ones that parse webhooks, workflow actions and console inputs.
    app.get('/portals/:portalId/contacts/:contactId', (req, res) => {
      res.json({ portalId: tenantId(Number(req.params.portalId)), contactId: contactId(req.params.contactId) });
    });
    app.use(errorHandler(createLogger({ level: 'info', format: 'json', stream })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['a contact id that is not digits', '/portals/42/contacts/jane.doe%40example.com', 'contact.invalid_id', 'jane.doe@example.com'],
    ['a portal id past 2^53', '/portals/9007199254740993/contacts/151', 'tenant.invalid_id', '9007199254740993'],
    ['a portal id of zero', '/portals/0/contacts/151', 'tenant.invalid_id', undefined],
  ])('when a request carries %s, then CareQual answers 400 with the code and a message that does not repeat what was sent', async (_what, path, code, sent) => {
    const response = await fetch(`${baseUrl}${path}`);
    const body = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(400);
    expect(body).toEqual({ error: { code, message: expect.stringMatching(/^A (contact|tenant \(portal\)) id is /) } });
    if (sent) expect(JSON.stringify(body)).not.toContain(sent);
    if (sent) expect(logLines.join('')).not.toContain(sent);
  });

  it('when ids are ones the CRM gives, then the route answers', async () => {
    const response = await fetch(`${baseUrl}/portals/42/contacts/151`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ portalId: 42, contactId: '151' });
  });
});
