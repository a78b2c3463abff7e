import { tenantId } from './ports/ids';
import { buildDefaultCriteria, criteriaHash, requiredContactProperties } from '../core';
import type { Clock } from './ports/clock.port';
import type { InstallationStatus } from './ports/tenancy.port';
import { createPortalIntakeCache } from './portal-intake-cache';

function setup(statuses: Map<number, InstallationStatus>, maxPortals?: number) {
  let nowMs = Date.parse('2026-11-03T10:00:00Z');
  const clock: Clock = { now: () => new Date(nowMs) };
  const calls = { status: 0, criteria: 0 };
  const criteria = buildDefaultCriteria();
  const view = createPortalIntakeCache({
    clock, ttlMs: 10_000, maxPortals,
    installations: { tryGetStatus: async (p) => (calls.status++, statuses.get(p)) },
    criteria: { tryGetPublished: async (portalId) => (calls.criteria++, { portalId, version: 1, hash: criteriaHash(criteria), criteria }) },
  });
  return { view, calls, advance: (ms: number) => (nowMs += ms) };
}

describe('createPortalIntakeCache', () => {
  it('when an active portal is looked up repeatedly within the TTL, then the criteria are read once and the watched properties come from them', async () => {
    const t = setup(new Map([[1, 'active']]));
    const [a, b] = await Promise.all([t.view(tenantId(1)), t.view(tenantId(1))]);
    const c = await t.view(tenantId(1));
    expect(t.calls.criteria).toBe(1);
    expect(a.active && b.active && a.watched === b.watched).toBe(true);
    expect(c).toEqual({ active: true, watched: new Set(requiredContactProperties(buildDefaultCriteria())) });
    t.advance(10_001);
    await t.view(tenantId(1));
    expect(t.calls.criteria).toBe(2);
  });

  it('when a portal is uninstalled while its view is cached, then the next look-up says inactive at once (its status is never cached)', async () => {
    const statuses = new Map<number, InstallationStatus>([[4, 'active']]);
    const t = setup(statuses);
    expect(await t.view(tenantId(4))).toMatchObject({ active: true });
    statuses.set(4, 'uninstalled');
    expect(await t.view(tenantId(4))).toEqual({ active: false });
    expect(t.calls.status).toBe(2);
  });

  it('when a portal is not installed yet, then that answer is not reused: its install a moment later is seen at once', async () => {
    const statuses = new Map<number, InstallationStatus>();
    const t = setup(statuses);
    expect(await t.view(tenantId(2))).toEqual({ active: false });
    statuses.set(2, 'active');
    expect(await t.view(tenantId(2))).toMatchObject({ active: true });
  });

  it('when more portals are looked up than the cache holds, then only the least recently looked-up one is read again', async () => {
    const t = setup(new Map([[1, 'active'], [2, 'active'], [3, 'active']]), 2);
    await t.view(tenantId(1));
    await t.view(tenantId(2));
    await t.view(tenantId(1));
    await t.view(tenantId(3)); // the cache is full: portal 2 leaves, portal 1 stays
    expect(t.calls.criteria).toBe(3);
    await t.view(tenantId(1));
    expect(t.calls.criteria).toBe(3);
    await t.view(tenantId(2));
    expect(t.calls.criteria).toBe(4);
  });

  it('when the look-up fails, then the failure is not cached', async () => {
    let fail = true;
    const view = createPortalIntakeCache({
      clock: { now: () => new Date() },
      installations: { tryGetStatus: async () => { if (fail) throw new Error('db down'); return 'active'; } },
      criteria: { tryGetPublished: async () => undefined },
    });
    await expect(view(tenantId(3))).rejects.toThrow('db down');
    fail = false;
    expect(await view(tenantId(3))).toEqual({ active: true, watched: undefined });
  });
});
