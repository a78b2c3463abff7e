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
