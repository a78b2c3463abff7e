import type { TenantId } from '../../app/ports/ids';
import { normalizeAuditEntries } from '../../app/audit/audit-entry.schema';
import { AppError } from '../../app/errors';
import type { AuditActor } from '../../app/ports/audit-log.port';
import { auditKeyId, computeCheckpointMac } from './audit-chain';
import { appendLockedEntries, lockPortalChains, readLatestCheckpoint, type AuditLogRepository } from './audit-log.repository';
import { verifyAuditChains, type AuditChainBreak } from './audit-verify';
import type { Database } from './database';

/** Six years, HIPAA's retention for documentation (45 CFR 164.316(b)(2)). */
export const DEFAULT_AUDIT_RETENTION_MONTHS = 72;

export interface AuditRetentionDeps {
  db: Database;
  repository: AuditLogRepository;
  hmacKey: Buffer;
  /** config.AUDIT_RETENTION_MONTHS */
  retentionMonths: number;
  /** Who runs the purge; recorded in the `audit.purged` entry. */
  actor: AuditActor;
}

/** What a purge run did: portals purged, and portals left alone because their chain is broken. */
export interface AuditPurgeReport {
  purged: AuditPurge[];
  refused: AuditChainBreak[];
}

export interface AuditPurge {
  portalId: TenantId;
  entriesPurged: number;
  /** The checkpoint's seq: entries up to here were removed. */
  lastSeq: number;
  purgedBefore: Date;
}

/**
 * Start of the oldest calendar month (UTC) still inside retention: every entry before it lies
 * in a month that ended at least `retentionMonths` ago.
 */
export function retentionCutoff(now: Date, retentionMonths: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - retentionMonths, 1));
}

/**
 * Removes whole expired periods (calendar months older than the retention) from the front of
 * each portal's chain — never an entry in the middle — and leaves a MAC'd checkpoint with the
 * last removed entry's seq and MAC, so the remaining chain still verifies. The only code path
 * that deletes audit rows: it lifts the append-only trigger for its own transaction
 * (`carequal.audit_retention`) and records an `audit.purged` entry in the same transaction.
 * Leaves alone (reports under `refused`) a portal whose chain does not verify, so a purge never
 * destroys evidence of tampering; the other portals are still purged.
 */
export async function purgeExpiredAuditPeriods(deps: AuditRetentionDeps, opts: { portalId?: TenantId; now: Date }): Promise<AuditPurgeReport> {
  const cutoff = retentionCutoff(opts.now, deps.retentionMonths);
  const portals = opts.portalId === undefined ? await deps.repository.listPortals() : [opts.portalId];
  const report: AuditPurgeReport = { purged: [], refused: [] };
  for (const portalId of portals) {
    const verification = await verifyAuditChains(deps.repository, deps.hmacKey, { portalId });
    if (verification.broken) {
      report.refused.push(verification.broken);
      continue;
    }
    const purge = await purgePortal(deps, portalId, cutoff, opts.now);
    if (purge) report.purged.push(purge);
  }
  return report;
}

async function purgePortal(deps: AuditRetentionDeps, portalId: TenantId, cutoff: Date, now: Date): Promise<AuditPurge | undefined> {
  const createdAt = new Date(Math.trunc(now.getTime()));
  return deps.db.transaction(async (tx) => {
    await lockPortalChains(tx, [portalId]);
    const floor = (await readLatestCheckpoint(tx, portalId))?.lastSeq ?? 0;
    const { rows } = await tx.query<{ first_kept: number | null; last_seq: number | null }>(
      `SELECT (SELECT min(seq) FROM audit_log WHERE portal_id = $1 AND occurred_at >= $2) AS first_kept,
              (SELECT max(seq) FROM audit_log WHERE portal_id = $1) AS last_seq`,
      [portalId, cutoff.toISOString()],
    );
    const firstKept = rows[0]?.first_kept;
    const lastSeq = firstKept !== null && firstKept !== undefined ? Number(firstKept) - 1 : Number(rows[0]?.last_seq ?? 0);
    if (lastSeq <= floor) return undefined;

    const last = await tx.query<{ mac: string }>('SELECT mac FROM audit_log WHERE portal_id = $1 AND seq = $2', [portalId, lastSeq]);
    const lastMac = last.rows[0]?.mac;
    if (!lastMac) throw new AppError('audit.chain_broken', `audit entry ${lastSeq} of portal ${portalId} is missing; not purging`);

    await tx.query(`SELECT set_config('carequal.audit_retention', 'on', true)`);
    const deleted = await tx.query('DELETE FROM audit_log WHERE portal_id = $1 AND seq <= $2', [portalId, lastSeq]);
    await tx.query(`SELECT set_config('carequal.audit_retention', 'off', true)`);

    const checkpoint = { portalId, lastSeq, lastMac, purgedBefore: cutoff, entriesPurged: deleted.rowCount, createdAt, keyId: auditKeyId(deps.hmacKey) };
    await tx.query(
      `INSERT INTO audit_checkpoints (portal_id, last_seq, last_mac, purged_before, entries_purged, created_at, mac, key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [portalId, lastSeq, lastMac, cutoff.toISOString(), deleted.rowCount, createdAt.toISOString(), computeCheckpointMac(deps.hmacKey, checkpoint), checkpoint.keyId],
    );
    const record = normalizeAuditEntries(
      [{ portalId, action: 'audit.purged', actor: deps.actor, objectType: 'audit_log', objectId: `seq:${floor + 1}-${lastSeq}`, outcome: 'success', occurredAt: createdAt }],
      createdAt,
    );
    await appendLockedEntries(tx, deps.hmacKey, record);
    return { portalId, entriesPurged: deleted.rowCount, lastSeq, purgedBefore: cutoff };
  });
}
