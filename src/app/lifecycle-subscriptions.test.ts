import { tenantId } from './ports/ids';
import { AppError } from './errors';
import { ensureLifecycleSubscriptions } from './lifecycle-subscriptions';

describe('ensureLifecycleSubscriptions (at start)', () => {
  it('when one portal cannot be subscribed, then the others still are and the failure is reported by portal and code', async () => {
    const warnings: Record<string, unknown>[] = [];
    const subscribed: number[] = [];
    const result = await ensureLifecycleSubscriptions({
      listActivePortals: async () => [101, 102, 103].map(tenantId),
      lifecycle: {
        subscribe: async (portalId) => {
          if (portalId === 102) throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true });
          subscribed.push(portalId);
        },
      },
      warn: (_message, meta) => void warnings.push(meta),
    });
    expect(result).toEqual({ subscribed: [101, 103], failed: [102] });
    expect(subscribed).toEqual([101, 103]);
    expect(warnings).toEqual([{ portalId: 102, code: 'hubspot.unavailable' }]);
  });
});
