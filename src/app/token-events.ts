import type { TenantId } from './ports/ids';
import type { AuditActor, AuditEntryInput, AuditLog } from './ports/audit-log.port';

/** Where a token event happened: the job or request it ran in (ids only). */
export interface TokenEventContext {
  jobId?: string;
  requestId?: string;
}

/**
 * What the access-token provider (an adapter) reports about a portal's access; the provider
 * itself writes no audit entries (issue 16: audit comes from use cases only).
 */
export type TokenEvent =
  | { kind: 'refreshed'; portalId: TenantId; context: TokenEventContext }
  /** `needsReauth`: this refusal moved the installation to needs_reauth (HubSpot refused the refresh token). */
  | { kind: 'refresh_failed'; portalId: TenantId; errorCode: string; needsReauth: boolean; context: TokenEventContext };

export type TokenEventListener = (event: TokenEvent) => Promise<void>;

/** The audit entries a token event stands for: token.refreshed, or token.refresh_failed (+ installation.needs_reauth). */
export function tokenAuditEntries(event: TokenEvent, actor: AuditActor): AuditEntryInput[] {
  const base = { portalId: event.portalId, actor, objectId: String(event.portalId), ...event.context };
  if (event.kind === 'refreshed') return [{ ...base, action: 'token.refreshed', objectType: 'token', outcome: 'success' }];
  return [
    { ...base, action: 'token.refresh_failed', objectType: 'token', outcome: 'failure', errorCode: event.errorCode },
    ...(event.needsReauth ? [{ ...base, action: 'installation.needs_reauth' as const, objectType: 'installation' as const, outcome: 'success' as const }] : []),
  ];
}

/** Audits every token event as `actor` (the process role that refreshed: web, worker or CLI). */
export function auditTokenEvents(audit: AuditLog, actor: AuditActor): TokenEventListener {
  return (event) => audit.append(tokenAuditEntries(event, actor));
}
