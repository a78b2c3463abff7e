import { listPortalOwners, type OwnerReadDeps } from '../criteria/read-portal-owners';
import type { TenantId } from '../ports/ids';
import type { ConsoleUserStore } from './console-access.port';

/** Where people's names come from: the admin's names for console users, HubSpot's owners for HubSpot users. */
export interface ActorNameDeps extends OwnerReadDeps {
  users: Pick<ConsoleUserStore, 'list'>;
}

/**
 * The names of a portal's people, keyed by user id as audit actors carry it, for
 * {@link describeActor}: the name the portal's admin gave a console user (invited staff) wins,
 * else the HubSpot user's first and last name from the owners API (cached per portal by the
 * CRM adapter). Anyone in neither reads as "HubSpot user <id>". Staff names, never logged.
 */
export async function listActorNames(deps: ActorNameDeps, portalId: TenantId): Promise<Map<string, string>> {
  const [users, owners] = await Promise.all([deps.users.list(portalId), listPortalOwners(portalId, deps)]);
  const names = new Map<string, string>();
  for (const o of owners ?? []) if (o.userId) names.set(o.userId, o.name);
  for (const u of users) if (u.label) names.set(String(u.userId), u.label);
  return names;
}

/** One HubSpot user's name from the owners API, for the signed-in user's header; undefined when HubSpot does not say. */
export async function tryGetHubSpotUserName(deps: OwnerReadDeps, portalId: TenantId, userId: number): Promise<string | undefined> {
  return (await listPortalOwners(portalId, deps))?.find((o) => o.userId === String(userId))?.name;
}
