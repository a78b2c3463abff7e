import type { TenantId } from './ports/ids';
import { requiredContactProperties } from '../core';
import { isAppError } from './errors';
import type { PropertySubscriptions } from './ports/property-subscriptions.port';
import type { PublishedCriteriaReader } from './ports/tenancy.port';

export interface FollowCriteriaDeps {
  criteria: PublishedCriteriaReader;
  subscriptions: PropertySubscriptions;
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/**
 * Points the portal's property-change subscription at exactly the properties its published
 * criteria read (the adapter leaves out what it never follows). Called at install,
 * after every publish or rollback, and for every active install when a worker starts. Best
 * effort: the criteria are live either way; a failure is logged (codes only) and the next start
 * tries again. Resolves with the properties followed, or undefined when nothing was done.
 */
export async function followPublishedCriteria(deps: FollowCriteriaDeps, portalId: TenantId): Promise<string[] | undefined> {
  try {
    const published = await deps.criteria.tryGetPublished(portalId);
    if (!published) return undefined;
    return await deps.subscriptions.followContactProperties(portalId, requiredContactProperties(published.criteria));
  } catch (error) {
    deps.warn('could not update the portal\'s property-change subscription; retried at the next start', { portalId, code: isAppError(error) ? error.code : 'internal_error' });
    return undefined;
  }
}

/** {@link followPublishedCriteria} for every active installation (at worker start); `failed`: not followed (no published criteria, or HubSpot refused). */
export async function followCriteriaOfActivePortals(deps: FollowCriteriaDeps & { listActivePortals(): Promise<TenantId[]> }): Promise<{ followed: TenantId[]; failed: TenantId[] }> {
  const followed: TenantId[] = [];
  const failed: TenantId[] = [];
  for (const portalId of await deps.listActivePortals()) {
    ((await followPublishedCriteria(deps, portalId)) ? followed : failed).push(portalId);
  }
  return { followed, failed };
}
