import type { AuditActor, AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import type { AuditPage, AuditQuery, AuditTrail, AuditVerification, StoredAuditEntry } from './audit-trail.port';

/**
 * The compliance officer's tools over the audit log — view, export, verify — each of which is
 * itself audited (`audit.viewed`, `audit.exported`, `audit.verified`): reading PHI access
 * records is an access too. The console passes the signed-in user as actor, the CLI passes
 * `{ kind: 'system', role: 'cli' }`.
 */
export interface AuditToolDeps {
  trail: AuditTrail;
  audit: AuditLog;
}

/** Who uses the tool, and the request it came in on (console). */
export interface AuditToolContext {
  actor: AuditActor;
  requestId?: string;
}

const entryFor = (ctx: AuditToolContext, portalId: number, action: 'audit.viewed' | 'audit.exported' | 'audit.verified', errorCode?: string): AuditEntryInput => ({
  portalId,
  action,
  actor: ctx.actor,
  objectType: 'audit_log',
  outcome: errorCode ? 'failure' : 'success',
  ...(errorCode ? { errorCode } : {}),
  ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
});

/** One page of a portal's audit entries; records `audit.viewed`. */
export async function viewAuditEntries(
  deps: AuditToolDeps,
  ctx: AuditToolContext,
  filter: AuditQuery,
  page?: { afterSeq?: number; limit?: number },
): Promise<AuditPage> {
  const result = await deps.trail.query(filter, page);
  await deps.audit.append([entryFor(ctx, filter.portalId, 'audit.viewed')]);
  return result;
}

/**
 * Streams a portal's matching entries to `write` (which formats and sends them: a file, stdout,
 * an HTTP response) and records `audit.exported` with the outcome. Returns the entry count.
 */
export async function exportAuditEntries(
  deps: AuditToolDeps,
  ctx: AuditToolContext,
  filter: AuditQuery,
  write: (entries: AsyncIterable<StoredAuditEntry>) => Promise<void>,
): Promise<{ entries: number }> {
  let entries = 0;
  async function* counted() {
    for await (const entry of deps.trail.streamEntries(filter)) {
      entries += 1;
      yield entry;
    }
  }
  try {
    await write(counted());
  } catch (error) {
    await deps.audit.append([entryFor(ctx, filter.portalId, 'audit.exported', 'audit.export_failed')]);
    throw error;
  }
  await deps.audit.append([entryFor(ctx, filter.portalId, 'audit.exported')]);
  return { entries };
}

/**
 * Verifies one portal's chain or every portal's; records `audit.verified` for each portal it
 * reached (failure with `audit.chain_broken` for the broken one). The entries are appended
 * after the walk, so they never count in the verification they record.
 */
export async function verifyAuditLog(deps: AuditToolDeps, ctx: AuditToolContext, portalId?: number): Promise<AuditVerification> {
  const result = await deps.trail.verify(portalId);
  const intact = portalId !== undefined ? (result.ok ? [portalId] : []) : result.heads.map((h) => h.portalId);
  const records = intact.map((p) => entryFor(ctx, p, 'audit.verified'));
  if (result.broken) records.push(entryFor(ctx, result.broken.portalId, 'audit.verified', 'audit.chain_broken'));
  if (records.length > 0) await deps.audit.append(records);
  return result;
}
