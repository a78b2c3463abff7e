import type { AuditActor } from './ports/audit-log.port';

/**
 * How an actor is stored in a text column (`created_by`, `published_by`, `requested_by`):
 * `user:<hubspot user id>`, `system:<role>` or `hubspot`. {@link actorFromLabel} reads it back,
 * so the rest of the code only ever handles the typed {@link AuditActor}.
 */
export function actorLabel(actor: AuditActor): string {
  if (actor.kind === 'user') return `user:${actor.hubspotUserId}`;
  if (actor.kind === 'system') return `system:${actor.role}`;
  return 'hubspot';
}

const SYSTEM_ROLES = new Set(['web', 'worker', 'cli']);

/** The actor a stored label names; labels written before roles were recorded (`cli`) read as the CLI. */
export function actorFromLabel(label: string): AuditActor {
  if (label.startsWith('user:')) return { kind: 'user', hubspotUserId: label.slice(5) };
  const role = label.startsWith('system:') ? label.slice(7) : label;
  if (SYSTEM_ROLES.has(role)) return { kind: 'system', role: role as 'web' | 'worker' | 'cli' };
  return { kind: 'hubspot' };
}

const SYSTEM_WORDS = { cli: 'CareQual command line', worker: 'CareQual background worker', web: 'CareQual web' } as const;

/**
 * An actor in words for people reading the console: a user by the name the portal's admin gave
 * them (`names`, keyed by HubSpot user id), else as a HubSpot user; CareQual's own processes and
 * HubSpot by what they are. Never a bare number on its own.
 */
export function describeActor(actor: AuditActor, names: ReadonlyMap<string, string> = new Map()): string {
  if (actor.kind === 'user') return names.get(actor.hubspotUserId) ?? `HubSpot user ${actor.hubspotUserId}`;
  if (actor.kind === 'system') return SYSTEM_WORDS[actor.role];
  return 'HubSpot';
}
