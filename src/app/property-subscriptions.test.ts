import { type TenantId, tenantId } from './ports/ids';
import { buildDefaultCriteria, criteriaHash, requiredContactProperties } from '../core';
import { AppError } from './errors';
import { followCriteriaOfActivePortals, followPublishedCriteria } from './property-subscriptions';

function setup(failFor: number[] = []) {
  const criteria = buildDefaultCriteria();
  const calls: Array<[number, readonly string[]]> = [];
  const warnings: Array<Record<string, unknown>> = [];
  const deps = {
    criteria: { tryGetPublished: async (portalId: TenantId) => (portalId === 404 ? undefined : { portalId, version: 1, hash: criteriaHash(criteria), criteria }) },
    subscriptions: {
      followContactProperties: async (portalId: TenantId, properties: readonly string[]) => {
        if (failFor.includes(portalId)) throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true });
        calls.push([portalId, properties]);
        // As the HubSpot adapter does: some properties are never followed.
        return properties.filter((name) => !name.startsWith('hs_analytics_'));
      },
    },
    warn: (_message: string, meta: Record<string, unknown>) => void warnings.push(meta),
  };
  return { deps, calls, warnings };
}

describe('following the published criteria with property subscriptions', () => {
  it('when a portal has published criteria, then its subscription is asked for the properties they read and the ones followed are returned', async () => {
    const { deps, calls } = setup();
    const followed = await followPublishedCriteria(deps, tenantId(8100001));
    expect(calls).toEqual([[8100001, requiredContactProperties(buildDefaultCriteria())]]);
    expect(followed).toContain('insurance_provider');
    expect(followed).not.toContain('hs_analytics_num_page_views');
  });

  it('when HubSpot refuses the subscription, then it is logged with its code and the caller carries on; other portals still follow', async () => {
    const { deps, warnings, calls } = setup([8100002]);
    const result = await followCriteriaOfActivePortals({ ...deps, listActivePortals: async () => [8100001, 8100002, 404].map(tenantId) });
    expect(result).toEqual({ followed: [8100001], failed: [8100002, 404] });
    expect(warnings).toEqual([{ portalId: 8100002, code: 'hubspot.unavailable' }]);
    expect(calls.map(([p]) => p)).toEqual([8100001]);
  });
});
