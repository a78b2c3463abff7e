import { tenantId } from '../../app/ports/ids';
import type { StoredAuditEntry } from '../../app/audit/audit-trail.port';
import { createAuditExportStream } from './audit-export';
import { waitFor } from '../../../test/support/wait';

const entry = (overrides: Partial<StoredAuditEntry> = {}): StoredAuditEntry => ({
  portalId: tenantId(4_812_345), seq: 1, occurredAt: new Date('2026-11-03T09:15:00.123Z'), actorKind: 'system', actorId: null, actorRole: 'worker',
  actorJobId: 'qualify:4812345:1', action: 'contact.read', objectType: 'contact', objectId: '151', propertyNames: ['email', 'firstname'],
  criteriaVersion: null, outcome: 'success', errorCode: null, requestId: null, jobId: 'qualify:4812345:1', prevMac: '0'.repeat(64), mac: 'a'.repeat(64), keyId: 'h0123456789abcde',
  ...overrides,
});

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

async function* many(n: number, pulled: { count: number }) {
  for (let i = 1; i <= n; i++) {
    pulled.count = i;
    yield entry({ seq: i });
  }
}

describe('audit export formats', () => {
  it('when exported as CSV, then the header and rows follow RFC 4180 with CRLF and names joined by ;', async () => {
    const csv = await text(createAuditExportStream(many(2, { count: 0 }), 'csv'));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(`4812345,1,2026-11-03T09:15:00.123Z,system,,worker,qualify:4812345:1,contact.read,contact,151,email;firstname,,success,,,qualify:4812345:1,${'0'.repeat(64)},${'a'.repeat(64)},h0123456789abcde`);
  });

  it('when an id starts with a formula character, then the CSV cell is neutralised (the JSONL keeps it exact)', async () => {
    const e = entry({ objectType: 'backfill', objectId: '-A1' });
    const csv = await text(createAuditExportStream((async function* () { yield e; })(), 'csv'));
    expect(csv).toContain(",backfill,'-A1,");
    const jsonl = await text(createAuditExportStream((async function* () { yield e; })(), 'jsonl'));
    expect(JSON.parse(jsonl.trim())).toMatchObject({ objectId: '-A1', occurredAt: '2026-11-03T09:15:00.123Z' });
  });

  it('when the consumer reads slowly, then entries are pulled as needed, not all at once', async () => {
    const pulled = { count: 0 };
    const stream = createAuditExportStream(many(100_000, pulled), 'jsonl');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    // Once its buffer is full the stream stops pulling; an eager one would have pulled everything by now.
    await waitFor(() => stream.readableLength >= stream.readableHighWaterMark, { what: 'the export stream to fill its buffer' });
    expect(pulled.count).toBeLessThan(1000);
    stream.destroy();
  });
});
