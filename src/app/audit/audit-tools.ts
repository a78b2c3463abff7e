import { type TenantId, tenantId } from '../ports/ids';
import type { AuditActor, AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import { AppError } from '../errors';
import type { AuditNumberedPage, AuditQuery, AuditTrail, AuditVerification, ExpectedAuditHead, StoredAuditEntry } from './audit-trail.port';

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

const entryFor = (ctx: AuditToolContext, portalId: TenantId, action: 'audit.viewed' | 'audit.exported' | 'audit.verified', errorCode?: string): AuditEntryInput => ({
  portalId,
  action,
  actor: ctx.actor,
  objectType: 'audit_log',
  outcome: errorCode ? 'failure' : 'success',
  ...(errorCode ? { errorCode } : {}),
  ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
});

/** One numbered page of a portal's audit entries, newest first, with the total; records `audit.viewed`. */
export async function viewAuditEntries(
  deps: AuditToolDeps,
  ctx: AuditToolContext,
  filter: AuditQuery,
  page: { page: number; pageSize: number },
): Promise<AuditNumberedPage> {
  const result = await deps.trail.pageNewestFirst(filter, page);
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
 * after the walk, so they never count in the verification they record, and after `report`
 * (the CLI prints there), so a failing append can never hide the result. A portal without a
 * chain gets no entry: recording one would start the chain whose absence is the finding.
 */
export async function verifyAuditLog(
  deps: AuditToolDeps,
  ctx: AuditToolContext,
  portalId?: TenantId,
  opts: { expectHeads?: readonly ExpectedAuditHead[]; report?: (result: AuditVerification) => void } = {},
): Promise<AuditVerification> {
  const result = await deps.trail.verify(portalId, { expectHeads: opts.expectHeads });
  opts.report?.(result);
  const intact = portalId !== undefined ? (result.ok ? [portalId] : []) : result.heads.map((h) => h.portalId);
  const records = intact.map((p) => entryFor(ctx, p, 'audit.verified'));
  if (result.broken && result.broken.problem !== 'missing_chain') records.push(entryFor(ctx, result.broken.portalId, 'audit.verified', 'audit.chain_broken'));
  if (records.length > 0) await deps.audit.append(records);
  return result;
}

const SAVED_HEAD_LINE = /^head portal ([1-9][0-9]{0,15}) seq ([1-9][0-9]{0,15}) mac ([0-9a-f]{64})$/;

/**
 * Reads heads saved from an earlier `carequal audit verify` (its stdout, kept outside the
 * database): `head portal <id> seq <n> mac <hex>` lines. The summary line, blank lines and
 * `#` comments are allowed; anything else is refused naming the line, never skipped.
 */
export function parseSavedHeads(text: string): ExpectedAuditHead[] {
  const heads = new Map<number, ExpectedAuditHead>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('audit log intact:')) return;
    const m = SAVED_HEAD_LINE.exec(line);
    if (!m) throw new AppError('audit.invalid_heads', `line ${index + 1} is not "head portal <id> seq <n> mac <64 hex>"`, { expose: true });
    const head = { portalId: tenantId(Number(m[1])), seq: Number(m[2]), mac: m[3]! };
    const earlier = heads.get(head.portalId);
    if (!earlier || earlier.seq < head.seq) heads.set(head.portalId, head);
  });
  if (heads.size === 0) throw new AppError('audit.invalid_heads', 'no "head portal …" line found', { expose: true });
  return [...heads.values()];
}
