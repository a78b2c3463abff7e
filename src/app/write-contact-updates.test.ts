import { contactId, tenantId } from './ports/ids';
import fc from 'fast-check';
import { AppError } from './errors';
import { ContactBatchRejectedError, type ContactBatchWrite, type ContactUpdate, type CrmGateway } from './ports/crm-gateway.port';
import { MAX_ISOLATION_CALLS, writeContactUpdates } from './write-contact-updates';

const PORTAL = tenantId(7001);

/**
 * HubSpot's batch update as the sandbox and HubSpot answer it: a batch naming an id twice, or
 * holding any refused record, is refused whole (400) and nothing of it is written.
 */
class StrictBatchCrm implements Pick<CrmGateway, 'batchUpdateContacts'> {
  readonly written = new Map<string, number>();
  readonly batches: string[][] = [];
  constructor(private readonly refused: ReadonlySet<string>, private readonly refusedProperty = 'carequal_band') {}
  async batchUpdateContacts(_portalId: number, updates: readonly ContactUpdate[]): Promise<ContactBatchWrite> {
    const ids = updates.map((u) => u.id);
    this.batches.push(ids);
    if (new Set(ids).size !== ids.length) throw new ContactBatchRejectedError('hubspot.validation_error', 'VALIDATION_ERROR', []);
    if (ids.some((id) => this.refused.has(id))) throw new ContactBatchRejectedError('hubspot.validation_error', 'VALIDATION_ERROR', [this.refusedProperty]);
    for (const id of ids) this.written.set(id, (this.written.get(id) ?? 0) + 1);
    return { writtenIds: ids, failed: [] };
  }
}

const updatesFor = (ids: readonly string[]): ContactUpdate[] => ids.map((id) => ({ id: contactId(id), properties: { carequal_score: '80', carequal_band: 'high' } }));
const hundredIds = Array.from({ length: 100 }, (_, i) => String(1001 + i));

function write(ids: readonly string[], crm: StrictBatchCrm) {
  let spent = 0;
  const result = writeContactUpdates(updatesFor(ids), PORTAL, { crm, spendCall: async () => void spent++ });
  return result.then((r) => ({ ...r, spent }));
}

describe('writeContactUpdates', () => {
  it('when HubSpot refuses a batch of 100 for one bad record, then the other 99 are written once and the bad one is reported with the property HubSpot named', async () => {
    const crm = new StrictBatchCrm(new Set(['1043']));
    const result = await write(hundredIds, crm);

    expect([...result.writtenIds].sort()).toEqual(hundredIds.filter((id) => id !== '1043'));
    expect([...crm.written.values()].every((n) => n === 1)).toBe(true);
    expect(result.failed).toEqual([{ id: '1043', category: 'VALIDATION_ERROR', code: 'hubspot.validation_error', propertyNames: ['carequal_band'] }]);
    expect(result.calls).toBeLessThanOrEqual(1 + 2 * 7);
    expect(result.spent).toBe(result.calls);
  });

  it('when the batch goes through, then it is one call', async () => {
    const crm = new StrictBatchCrm(new Set());
    const result = await write(hundredIds, crm);
    expect(result).toMatchObject({ calls: 1, failed: [] });
    expect(result.writtenIds).toHaveLength(100);
  });

  it('when a merge left the surviving contact twice in the updates, then it is sent once and written once', async () => {
    const crm = new StrictBatchCrm(new Set());
    const result = await write(['1001', '1002', '1001'], crm);
    expect(crm.batches).toEqual([['1001', '1002']]);
    expect(result.writtenIds).toEqual(['1001', '1002']);
  });

  it('when HubSpot refuses every record (a property it no longer has), then the isolation calls are capped and every contact is reported refused', async () => {
    const crm = new StrictBatchCrm(new Set(hundredIds));
    const result = await write(hundredIds, crm);
    expect(result.calls).toBeLessThanOrEqual(1 + MAX_ISOLATION_CALLS);
    expect(result.writtenIds).toEqual([]);
    expect(result.failed.map((f) => f.id).sort()).toEqual(hundredIds);
    expect(result.failed.every((f) => f.code === 'hubspot.validation_error')).toBe(true);
  });

  it('when HubSpot says a property does not exist in the portal, then no record can pass: nothing is split and the refusal is thrown', async () => {
    let calls = 0;
    const crm = {
      async batchUpdateContacts(): Promise<ContactBatchWrite> {
        calls++;
        throw new ContactBatchRejectedError('hubspot.validation_error', 'VALIDATION_ERROR', ['carequal_band'], { errorCodes: ['PROPERTY_DOESNT_EXIST'] });
      },
    };
    await expect(writeContactUpdates(updatesFor(hundredIds), PORTAL, { crm, spendCall: async () => {} })).rejects.toMatchObject({ code: 'hubspot.validation_error', retryable: false });
    expect(calls).toBe(1);
  });

  it('when a call fails for another reason (5xx, budget), then the error is thrown for the queue to retry', async () => {
    const crm = new StrictBatchCrm(new Set(['1002']));
    let calls = 0;
    const spendCall = async () => {
      if (++calls === 2) throw new AppError('hubspot.budget_exhausted', 'no budget', { retryable: true, retryAfterMs: 500 });
    };
    await expect(writeContactUpdates(updatesFor(['1001', '1002']), PORTAL, { crm, spendCall })).rejects.toMatchObject({ code: 'hubspot.budget_exhausted' });
  });

  it('when any ≤3 of up to 100 records are refused, then exactly the others are written, each once, and exactly the refused ones are reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }))), async ([n, badIndexes]) => {
        const ids = hundredIds.slice(0, n);
        const bad = new Set(badIndexes.map((i) => ids[i]!));
        const crm = new StrictBatchCrm(bad);
        const result = await write(ids, crm);
        expect([...result.writtenIds].sort()).toEqual(ids.filter((id) => !bad.has(id)));
        expect(result.failed.map((f) => f.id).sort()).toEqual([...bad].sort());
        expect([...crm.written.values()].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
