import type { AuditEntryInput, AuditLog } from './ports/audit-log.port';
import type { PurgeRequest } from './ports/job-queue.port';
import type { ContactId, TenantId } from './ports/ids';

/** Where CareQual's bookkeeping of contacts lives: CareQual keeps no property values, only follow-up task ids. */
export interface ContactBookkeeping {
  /** Removes the follow-up task bookkeeping of these contacts; resolves with how many rows went. */
  purgeContacts(portalId: TenantId, contactIds: readonly ContactId[]): Promise<number>;
}

export interface PurgeOutcome {
  contacts: number;
  followUpTasksDeleted: number;
}

/**
 * Deletes what CareQual holds for contacts deleted (or privacy-deleted) in the CRM and audits
 * `contact.purged` per contact. Idempotent: a retried or duplicate purge deletes nothing more and
 * audits again, which is true (the purge ran again). Qualify jobs still queued for these contacts
 * are harmless: the pipeline re-reads each contact and skips the ones that no longer exist.
 */
export async function purgeContacts(deps: { followUps: ContactBookkeeping; audit: AuditLog }, req: Pick<PurgeRequest, 'portalId' | 'contactIds'>, jobId: string): Promise<PurgeOutcome> {
  const followUpTasksDeleted = await deps.followUps.purgeContacts(req.portalId, req.contactIds);
  await deps.audit.append(req.contactIds.map((contactId): AuditEntryInput => ({
    portalId: req.portalId, action: 'contact.purged', actor: { kind: 'system', role: 'worker', jobId }, objectType: 'contact', objectId: contactId,
    outcome: 'success', jobId,
  })));
  return { contacts: req.contactIds.length, followUpTasksDeleted };
}
