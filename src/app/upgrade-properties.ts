import type { TenantId } from './ports/ids';
import type { DataMode } from '../core';
import type { AuditLog } from './ports/audit-log.port';

export interface PropertyUpgradeDeps {
  /** The version of the definitions this release puts in place (the CRM adapter's). */
  currentVersion: string;
  /** Active installations with the properties version they were bootstrapped with. */
  listActive(): Promise<Array<{ portalId: TenantId; propertiesVersion: string | undefined; dataMode: DataMode }>>;
  /** Bootstraps with the portal's stored token. */
  bootstrap(portalId: TenantId, mode: DataMode): Promise<{ version: string; created: string[]; updated: string[] }>;
  saveVersion(portalId: TenantId, version: string): Promise<void>;
  audit: AuditLog;
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/**
 * Re-runs the bootstrap for every active installation whose `properties_version` is not the
 * current one (a release changed a label or an option). One portal failing does not stop the
 * others; it is retried at the next start.
 */
export async function upgradeOutdatedProperties(deps: PropertyUpgradeDeps): Promise<{ upgraded: number[]; failed: number[] }> {
  const upgraded: number[] = [];
  const failed: number[] = [];
  for (const { portalId, propertiesVersion, dataMode } of await deps.listActive()) {
    if (propertiesVersion === deps.currentVersion) continue;
    try {
      const result = await deps.bootstrap(portalId, dataMode);
      await deps.saveVersion(portalId, result.version);
      await deps.audit.append([{
        portalId, action: 'properties.bootstrapped', actor: { kind: 'system', role: 'worker' }, objectType: 'installation', objectId: String(portalId),
        outcome: 'success', propertyNames: [...result.created, ...result.updated],
      }]);
      upgraded.push(portalId);
    } catch (error) {
      deps.warn('property upgrade failed; retried at the next start', { portalId, code: (error as { code?: string }).code ?? 'internal_error' });
      failed.push(portalId);
    }
  }
  return { upgraded, failed };
}
