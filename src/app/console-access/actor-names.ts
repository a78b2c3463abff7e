import type { TenantId } from '../ports/ids';
import type { ConsoleUserStore } from './console-access.port';

/**
 * The names a portal's admin gave its console users (invited staff), keyed by user id as audit
 * actors carry it, for {@link describeActor}. HubSpot users have no name in CareQual: they read
 * as "HubSpot user <id>".
 */
export async function listActorNames(users: Pick<ConsoleUserStore, 'list'>, portalId: TenantId): Promise<Map<string, string>> {
  return new Map((await users.list(portalId)).flatMap((u) => (u.label ? [[String(u.userId), u.label] as const] : [])));
}
