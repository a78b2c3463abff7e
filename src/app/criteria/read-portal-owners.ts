import { AppError } from '../errors';
import type { CrmGateway, PortalOwnerOption } from '../ports/crm-gateway.port';
import type { TenantId } from '../ports/ids';

/** What reading the portal's owners needs: the CRM's owner list and a warning channel (ids and codes only). */
export interface OwnerReadDeps {
  crm: Pick<CrmGateway, 'listOwners'>;
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/**
 * The portal's HubSpot users and teams for the follow-up owner picker. Undefined when HubSpot
 * cannot be asked (unreachable, or an install from before CareQual asked for the owners scope):
 * the editor then offers a text field, and nothing else on the page is held up.
 */
export async function listPortalOwners(portalId: TenantId, deps: OwnerReadDeps): Promise<PortalOwnerOption[] | undefined> {
  try {
    return await deps.crm.listOwners(portalId);
  } catch (error) {
    deps.warn('console: HubSpot owners unavailable', { portalId, code: error instanceof AppError ? error.code : 'unknown' });
    return undefined;
  }
}
