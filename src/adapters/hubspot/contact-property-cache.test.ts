import { AppError } from '../../app/errors';
import { cacheContactProperties, cacheOwners, OWNER_CACHE_TTL_MS, PROPERTY_CACHE_TTL_MS } from './contact-property-cache';

function countingCrm() {
  const asked: number[] = [];
  let failNext = false;
  return {
    asked,
    failNextList: () => void (failNext = true),
    async listContactProperties(portalId: number) {
      asked.push(portalId);
      if (failNext) {
        failNext = false;
        throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true });
      }
      return [{ name: 'zip', label: 'ZIP', type: 'string' }];
    },
  };
}

describe('cacheContactProperties', () => {
  it('when the list is asked for again within the TTL, then HubSpot is asked once per portal; after the TTL, again', async () => {
    let now = 1_000_000;
    const crm = countingCrm();
    const cached = cacheContactProperties(crm, { now: () => new Date(now) });
    await cached.listContactProperties(1);
    await cached.listContactProperties(1);
    await cached.listContactProperties(2);
    expect(crm.asked).toEqual([1, 2]);
    now += PROPERTY_CACHE_TTL_MS + 1; // an entry exactly TTL old is still fresh (lru-cache's boundary)
    expect(await cached.listContactProperties(1)).toEqual([{ name: 'zip', label: 'ZIP', type: 'string' }]);
    expect(crm.asked).toEqual([1, 2, 1]);
  });

  it('when listing fails, then the failure is not cached and the next request asks HubSpot again', async () => {
    const crm = countingCrm();
    const cached = cacheContactProperties(crm, { now: () => new Date(5_000) });
    crm.failNextList();
    await expect(cached.listContactProperties(3)).rejects.toMatchObject({ code: 'hubspot.unavailable' });
    await expect(cached.listContactProperties(3)).resolves.toHaveLength(1);
    expect(crm.asked).toEqual([3, 3]);
  });

  it('when more portals are listed than the cache holds, then the least recently used lists leave it and nothing grows past the bound', async () => {
    const crm = countingCrm();
    const cached = cacheContactProperties(crm, { now: () => new Date(5_000) }, PROPERTY_CACHE_TTL_MS, 10);
    for (let portalId = 1; portalId <= 1_000; portalId++) await cached.listContactProperties(portalId);
    expect(cached.cachedPortals()).toBe(10);
    await cached.listContactProperties(1_000); // still held
    await cached.listContactProperties(1); // long gone
    expect(crm.asked.slice(1_000)).toEqual([1]);
  });
});

describe('cacheOwners', () => {
  it('when staff names are asked for on page after page, then HubSpot\'s owners are read once per portal for five minutes', async () => {
    let now = 2_000_000;
    const asked: number[] = [];
    const cached = cacheOwners({ listOwners: async (portalId: number) => (asked.push(portalId), [{ id: '1', userId: '42', name: 'Avery Admin', teams: [] }]) }, { now: () => new Date(now) });
    await Promise.all([cached.listOwners(7), cached.listOwners(7)]);
    now += OWNER_CACHE_TTL_MS - 1;
    expect(await cached.listOwners(7)).toEqual([{ id: '1', userId: '42', name: 'Avery Admin', teams: [] }]);
    expect(asked).toEqual([7]);
    now += 2; // past the five minutes (lru-cache keeps an entry exactly TTL old)
    await cached.listOwners(7);
    expect(asked).toEqual([7, 7]);
  });
});
