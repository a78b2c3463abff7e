import { contactId, tenantId } from '../ports/ids';
import { AppError } from '../errors';
import type { CallBudget } from '../ports/pipeline.port';
import type { EffectivenessCrm } from './effectiveness.ports';
import { ScoredContactReader, SEARCH_MIN_INTERVAL_MS, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP } from './scored-contact-reader';

/** A search API over `count` contacts spread evenly across [0, spanMs), paging by offset like HubSpot's `after`. */
function fakeCrm(count: number, spanMs: number) {
  const calls: { from: number; to: number; after?: string }[] = [];
  const scoredAt = (i: number) => Math.floor((i * spanMs) / count);
  const crm: Pick<EffectivenessCrm, 'searchScoredContacts'> = {
    async searchScoredContacts(_portalId, req) {
      calls.push({ from: req.from.getTime(), to: req.to.getTime(), after: req.after });
      const offset = Number(req.after ?? 0);
      if (offset + req.limit > SEARCH_RESULT_CAP) throw new Error('HubSpot refuses paging past 10,000 results');
      const ids = Array.from({ length: count }, (_, i) => i).filter((i) => scoredAt(i) >= req.from.getTime() && scoredAt(i) < req.to.getTime());
      const page = ids.slice(offset, offset + req.limit).map((i) => ({ id: contactId(String(i + 1)), properties: {} }));
      return { contacts: page, total: ids.length, ...(offset + page.length < ids.length ? { nextAfter: String(offset + page.length) } : {}) };
    },
  };
  return { crm, calls };
}

function fakeTime() {
  let nowMs = 0;
  const sleeps: number[] = [];
  return { clock: { now: () => new Date(nowMs) }, sleep: async (ms: number) => { sleeps.push(ms); nowMs += ms; }, sleeps };
}

const unlimited: CallBudget = { reserve: async () => undefined, refund: async () => undefined };

describe('ScoredContactReader', () => {
  it('when a window holds 450 contacts, then it reads three pages of at most 200, spaced for 5 searches a second', async () => {
    const { crm, calls } = fakeCrm(450, 1000);
    const time = fakeTime();
    const reader = new ScoredContactReader(tenantId(7), (p, req) => crm.searchScoredContacts(p, { ...req, properties: ['carequal_band'] }), { budget: unlimited, ...time });
    const seen: string[] = [];
    await reader.readWindow(new Date(0), new Date(1000), async (contacts) => { seen.push(...contacts.map((c) => c.id)); });
    expect(new Set(seen).size).toBe(450);
    expect(calls.map((c) => c.after)).toEqual([undefined, '200', '400']);
    expect(reader.calls).toBe(3);
    expect(time.sleeps).toEqual([SEARCH_MIN_INTERVAL_MS, SEARCH_MIN_INTERVAL_MS]);
    expect(SEARCH_PAGE_SIZE).toBe(200);
  });

  it('when a window matches more than 10,000 contacts, then it is split until each part can be paged, and every contact is read once', async () => {
    const { crm, calls } = fakeCrm(25_000, 1_000_000);
    const time = fakeTime();
    const reader = new ScoredContactReader(tenantId(7), (p, req) => crm.searchScoredContacts(p, { ...req, properties: [] }), { budget: unlimited, ...time });
    const seen = new Set<string>();
    let pages = 0;
    await reader.readWindow(new Date(0), new Date(1_000_000), async (contacts) => { pages += 1; for (const c of contacts) seen.add(c.id); });
    expect(seen.size).toBe(25_000);
    expect(calls.every((c) => Number(c.after ?? 0) < SEARCH_RESULT_CAP)).toBe(true);
    // 4 windows of 6,250 need 32 pages each; the 3 windows found too big cost one probe each
    expect(pages).toBe(4 * 32);
    expect(reader.calls).toBe(4 * 32 + 3);
  });

  it('when the portal budget is spent, then the reader waits as told and goes on', async () => {
    const { crm } = fakeCrm(10, 1000);
    const time = fakeTime();
    let refusals = 2;
    const budget: CallBudget = {
      reserve: async () => {
        if (refusals-- > 0) throw new AppError('hubspot.budget_exhausted', 'no budget', { retryable: true, retryAfterMs: 1500 });
      },
      refund: async () => undefined,
    };
    const reader = new ScoredContactReader(tenantId(7), (p, req) => crm.searchScoredContacts(p, { ...req, properties: [] }), { budget, ...time });
    let read = 0;
    await reader.readWindow(new Date(0), new Date(1000), async (contacts) => { read += contacts.length; });
    expect(read).toBe(10);
    expect(time.sleeps).toEqual([1500, 1500]);
  });

  it('when the budget fails for another reason, then the error reaches the caller', async () => {
    const { crm } = fakeCrm(10, 1000);
    const budget: CallBudget = { reserve: async () => { throw new AppError('redis.unavailable', 'down', { retryable: true }); }, refund: async () => undefined };
    const reader = new ScoredContactReader(tenantId(7), (p, req) => crm.searchScoredContacts(p, { ...req, properties: [] }), { budget, ...fakeTime() });
    await expect(reader.readWindow(new Date(0), new Date(1000), async () => undefined)).rejects.toMatchObject({ code: 'redis.unavailable' });
  });
});
