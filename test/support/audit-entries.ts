import { tenantId } from '../../src/app/ports/ids';
import type { AuditAction, AuditEntryInput } from '../../src/app/ports/audit-log.port';

const worker = (jobId: string) => ({ kind: 'system' as const, role: 'worker' as const, jobId });
const web = { kind: 'system' as const, role: 'web' as const };
const admin = { kind: 'user' as const, hubspotUserId: '9182736' };
const REQUEST = 'req-3f2a6c1e-8d4b-4f7a-9c1e-2b3d4e5f6a7b';
const JOB = 'qualify:4812345:01JC4Q8Z7W';
const HASH = 'c7a1f0e9b2d3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d';

/**
 * One realistic entry per audit action, as the use case that performs it would write it.
 * A Record over every action: adding an action to AUDIT_ACTIONS without an example here is a
 * type error, so the table-driven tests cover every action.
 */
export function exampleAuditEntries(portalId: number): Record<AuditAction, AuditEntryInput> {
  const p = { portalId: tenantId(portalId) };
  return {
    'contact.read': { ...p, action: 'contact.read', actor: worker(JOB), objectType: 'contact', objectId: '151', propertyNames: ['email', 'firstname', 'hs_language', 'insurance_carrier', 'zip'], outcome: 'success', jobId: JOB },
    'contact.written': { ...p, action: 'contact.written', actor: worker(JOB), objectType: 'contact', objectId: '151', propertyNames: ['carequal_band', 'carequal_outcome', 'carequal_score'], criteriaVersion: HASH, outcome: 'success', jobId: JOB },
    'contact.qualified': { ...p, action: 'contact.qualified', actor: worker(JOB), objectType: 'contact', objectId: '151', criteriaVersion: HASH, outcome: 'success', jobId: JOB },
    'contact.purged': { ...p, action: 'contact.purged', actor: worker('purge:4812345:151'), objectType: 'contact', objectId: '151', outcome: 'success', jobId: 'purge:4812345:151' },
    'task.created': { ...p, action: 'task.created', actor: worker(JOB), objectType: 'task', objectId: '88120331', criteriaVersion: HASH, outcome: 'success', jobId: JOB },
    'task.updated': { ...p, action: 'task.updated', actor: worker(JOB), objectType: 'task', objectId: '88120331', criteriaVersion: HASH, outcome: 'success', jobId: JOB },
    'task.completed': { ...p, action: 'task.completed', actor: worker(JOB), objectType: 'task', objectId: '88120331', criteriaVersion: HASH, outcome: 'success', jobId: JOB },
    'webhook.accepted': { ...p, action: 'webhook.accepted', actor: { kind: 'hubspot' }, objectType: 'webhook_delivery', objectId: 'dlv-5e1c9a', outcome: 'success', requestId: REQUEST },
    'webhook.rejected': { ...p, action: 'webhook.rejected', actor: { kind: 'hubspot' }, objectType: 'webhook_delivery', outcome: 'failure', errorCode: 'webhook.signature_invalid', requestId: REQUEST },
    'console.signed_in': { ...p, action: 'console.signed_in', actor: admin, objectType: 'session', outcome: 'success', requestId: REQUEST },
    'console.signed_out': { ...p, action: 'console.signed_out', actor: admin, objectType: 'session', outcome: 'success', requestId: REQUEST },
    'console.sign_in_failed': { ...p, action: 'console.sign_in_failed', actor: web, objectType: 'session', outcome: 'failure', errorCode: 'oauth.access_denied', requestId: REQUEST },
    'console.access_denied': { ...p, action: 'console.access_denied', actor: { kind: 'user', hubspotUserId: '5551212' }, outcome: 'failure', errorCode: 'auth.forbidden', requestId: REQUEST },
    'console.access_granted': { ...p, action: 'console.access_granted', actor: admin, objectType: 'console_user', objectId: '9000000000004:compliance', outcome: 'success', requestId: REQUEST },
    'console.access_revoked': { ...p, action: 'console.access_revoked', actor: admin, objectType: 'console_user', objectId: '5551212:editor', outcome: 'success', requestId: REQUEST },
    'console.user_removed': { ...p, action: 'console.user_removed', actor: admin, objectType: 'console_user', objectId: '9000000000004:compliance', outcome: 'success', requestId: REQUEST },
    'console.invite_created': { ...p, action: 'console.invite_created', actor: admin, objectType: 'invitation', objectId: '9000000000004:compliance', outcome: 'success', requestId: REQUEST },
    'console.invite_used': { ...p, action: 'console.invite_used', actor: { kind: 'user', hubspotUserId: '9000000000004' }, objectType: 'invitation', objectId: '9000000000004:compliance', outcome: 'success', requestId: REQUEST },
    'console.invite_expired': { ...p, action: 'console.invite_expired', actor: { kind: 'user', hubspotUserId: '9000000000005' }, objectType: 'invitation', objectId: '9000000000005:viewer', outcome: 'failure', errorCode: 'invitation.expired', requestId: REQUEST },
    'console.passkey_added': { ...p, action: 'console.passkey_added', actor: { kind: 'user', hubspotUserId: '9000000000004' }, objectType: 'passkey', objectId: '9000000000004', outcome: 'success', requestId: REQUEST },
    'console.passkey_removed': { ...p, action: 'console.passkey_removed', actor: admin, objectType: 'passkey', objectId: '9000000000004', outcome: 'success', requestId: REQUEST },
    'criteria.viewed': { ...p, action: 'criteria.viewed', actor: admin, objectType: 'criteria', objectId: '3', outcome: 'success', requestId: REQUEST },
    'criteria.saved': { ...p, action: 'criteria.saved', actor: admin, objectType: 'criteria', objectId: '4', criteriaVersion: HASH, outcome: 'success', requestId: REQUEST },
    'criteria.published': { ...p, action: 'criteria.published', actor: admin, objectType: 'criteria', objectId: '4', criteriaVersion: HASH, outcome: 'success', requestId: REQUEST },
    'criteria.rolled_back': { ...p, action: 'criteria.rolled_back', actor: admin, objectType: 'criteria', objectId: '3', criteriaVersion: HASH, outcome: 'success', requestId: REQUEST },
    'criteria.simulated': { ...p, action: 'criteria.simulated', actor: admin, objectType: 'criteria', objectId: '5', criteriaVersion: HASH, outcome: 'success', requestId: REQUEST },
    'audit.viewed': { ...p, action: 'audit.viewed', actor: admin, objectType: 'audit_log', outcome: 'success', requestId: REQUEST },
    'audit.exported': { ...p, action: 'audit.exported', actor: { kind: 'system', role: 'cli' }, objectType: 'audit_log', outcome: 'success' },
    'audit.verified': { ...p, action: 'audit.verified', actor: { kind: 'system', role: 'cli' }, objectType: 'audit_log', outcome: 'failure', errorCode: 'audit.chain_broken' },
    'audit.purged': { ...p, action: 'audit.purged', actor: { kind: 'system', role: 'cli' }, objectType: 'audit_log', objectId: 'seq:1-120', outcome: 'success' },
    'audit.tamper_detected': { ...p, action: 'audit.tamper_detected', actor: worker(JOB), objectType: 'audit_log', objectId: '12-14', outcome: 'failure', errorCode: 'audit.stray_entries' },
    'token.issued': { ...p, action: 'token.issued', actor: web, objectType: 'token', outcome: 'success', requestId: REQUEST },
    'token.refreshed': { ...p, action: 'token.refreshed', actor: worker(JOB), objectType: 'token', outcome: 'success', jobId: JOB },
    'token.refresh_failed': { ...p, action: 'token.refresh_failed', actor: worker(JOB), objectType: 'token', outcome: 'failure', errorCode: 'oauth.invalid_grant', jobId: JOB },
    'token.revoked': { ...p, action: 'token.revoked', actor: admin, objectType: 'token', outcome: 'success', requestId: REQUEST },
    'installation.installed': { ...p, action: 'installation.installed', actor: { kind: 'user', hubspotUserId: '9182736' }, objectType: 'installation', objectId: String(portalId), outcome: 'success', requestId: REQUEST },
    'installation.uninstalled': { ...p, action: 'installation.uninstalled', actor: { kind: 'hubspot' }, objectType: 'installation', objectId: String(portalId), outcome: 'success', requestId: REQUEST },
    'installation.needs_reauth': { ...p, action: 'installation.needs_reauth', actor: worker(JOB), objectType: 'installation', objectId: String(portalId), outcome: 'failure', errorCode: 'oauth.invalid_grant', jobId: JOB },
    'installation.data_mode_changed': { ...p, action: 'installation.data_mode_changed', actor: web, objectType: 'installation', objectId: `${portalId}:standard:sensitive`, outcome: 'success', requestId: REQUEST },
    'properties.bootstrapped': { ...p, action: 'properties.bootstrapped', actor: web, objectType: 'installation', objectId: String(portalId), propertyNames: ['carequal_band', 'carequal_outcome', 'carequal_reasons', 'carequal_respond_by', 'carequal_score'], outcome: 'success', requestId: REQUEST },
    'backfill.started': { ...p, action: 'backfill.started', actor: admin, objectType: 'backfill', objectId: '0b6f2c1e-7d2a-4c55-9a61-3f0e8b7d9c10', criteriaVersion: HASH, outcome: 'success', requestId: REQUEST },
    'backfill.finished': { ...p, action: 'backfill.finished', actor: { kind: 'system', role: 'worker', jobId: 'backfill:0b6f2c1e' }, objectType: 'backfill', objectId: '0b6f2c1e-7d2a-4c55-9a61-3f0e8b7d9c10', outcome: 'success', jobId: 'backfill:0b6f2c1e' },
    'effectiveness.signals_changed': { ...p, action: 'effectiveness.signals_changed', actor: admin, objectType: 'installation', objectId: String(p.portalId), propertyNames: ['engagements_last_meeting_booked', 'hs_sa_first_engagement_date'], outcome: 'success' },
  };
}

/** A realistic qualify-batch's entries: a read, a qualification and a write per contact. */
export function qualifyBatchEntries(portalId: number, contactIds: readonly string[], jobId = JOB): AuditEntryInput[] {
  const examples = exampleAuditEntries(portalId);
  return contactIds.flatMap((objectId) => [
    { ...examples['contact.read'], objectId, jobId, actor: worker(jobId) },
    { ...examples['contact.qualified'], objectId, jobId, actor: worker(jobId) },
    { ...examples['contact.written'], objectId, jobId, actor: worker(jobId) },
  ]);
}
