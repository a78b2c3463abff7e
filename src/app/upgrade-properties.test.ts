import { tenantId } from './ports/ids';
import { createRecordingAuditLog } from '../../test/support/recording-audit-log';
import { upgradeOutdatedProperties } from './upgrade-properties';

const CURRENT = 'v-current';

describe('upgradeOutdatedProperties', () => {
  it('when a release changed the definitions, then only installations on another version are bootstrapped, audited and stamped', async () => {
    const audit = createRecordingAuditLog();
    const saved: Array<[number, string]> = [];
    const result = await upgradeOutdatedProperties({
      currentVersion: CURRENT,
      listActive: async () => [{ portalId: tenantId(1), propertiesVersion: CURRENT, dataMode: 'sensitive' as const }, { portalId: tenantId(2), propertiesVersion: 'older', dataMode: 'standard' as const }, { portalId: tenantId(3), propertiesVersion: undefined, dataMode: 'sensitive' as const }],
      bootstrap: async (portalId) => {
        if (portalId === 3) throw Object.assign(new Error('HubSpot down'), { code: 'hubspot.unavailable' });
        return { version: CURRENT, created: [], updated: ['carequal_band'] };
      },
      saveVersion: async (portalId, version) => void saved.push([portalId, version]),
      audit,
      warn: () => undefined,
    });
    expect(result).toEqual({ upgraded: [2], failed: [3] });
    expect(saved).toEqual([[2, CURRENT]]);
    expect(audit.entries).toEqual([expect.objectContaining({ portalId: 2, action: 'properties.bootstrapped', propertyNames: ['carequal_band'] })]);
  });
});
