import type { TenantId } from './ids';
/**
 * The one port every PHI-touching use case writes its audit entries through (DESIGN.md §7,
 * issue 8). Entries carry ids and property *names* only: never a property value, a token or
 * free text from a contact.
 */

/** Stable dotted action names. Add new ones here, never rename. */
export const AUDIT_ACTIONS = [
  'contact.read',
  'contact.written',
  'contact.qualified',
  'contact.purged',
  'task.created',
  'task.updated',
  'task.completed',
  'webhook.accepted',
  'webhook.rejected',
  'console.signed_in',
  'console.signed_out',
  'console.sign_in_failed',
  'console.access_denied',
  'console.access_granted',
  'console.access_revoked',
  'console.user_removed',
  'console.invite_created',
  'console.invite_used',
  'console.invite_expired',
  'console.passkey_added',
  'console.passkey_removed',
  'criteria.viewed',
  'criteria.saved',
  'criteria.published',
  'criteria.rolled_back',
  'criteria.simulated',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'audit.purged',
  'audit.tamper_detected',
  'token.issued',
  'token.refreshed',
  'token.refresh_failed',
  'token.revoked',
  'installation.installed',
  'installation.uninstalled',
  'installation.needs_reauth',
  'installation.data_mode_changed',
  'properties.bootstrapped',
  'backfill.started',
  'backfill.finished',
  'effectiveness.signals_changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who acted: a CareQual process (with its job id when it is a job), a console user, or HubSpot
 * itself. Console users are HubSpot users (their HubSpot user id) or invited staff, whose ids
 * (from 9000000000001) are CareQual's own and never collide with HubSpot's.
 */
export type AuditActor =
  | { kind: 'system'; role: 'web' | 'worker' | 'cli'; jobId?: string }
  | { kind: 'user'; hubspotUserId: string }
  | { kind: 'hubspot' };

export type AuditObjectType = 'contact' | 'criteria' | 'installation' | 'token' | 'task' | 'audit_log' | 'webhook_delivery' | 'backfill' | 'session' | 'console_user' | 'invitation' | 'passkey';

export interface AuditEntryInput {
  portalId: TenantId;
  action: AuditAction;
  actor: AuditActor;
  objectType?: AuditObjectType;
  objectId?: string;
  /** HubSpot property names read or written — names, never values. */
  propertyNames?: readonly string[];
  /**
   * Criteria version (content hash or version number) that produced a result; for
   * `contact.qualified`, `<criteria hash>:<safety lexicon version>`.
   */
  criteriaVersion?: string;
  outcome: 'success' | 'failure';
  /** Stable error code when outcome is failure, e.g. 'hubspot.validation_error'. */
  errorCode?: string;
  requestId?: string;
  jobId?: string;
  /** Defaults to the audit log's clock. */
  occurredAt?: Date;
}

export interface AuditLog {
  /**
   * Appends entries (any number of portals) atomically: a 100-contact batch is one round trip,
   * not one INSERT per entry. Resolves once they are durable.
   */
  append(entries: readonly AuditEntryInput[]): Promise<void>;
}
