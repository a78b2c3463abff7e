import type { TenantId } from '../app/ports/ids';
import { createAuditLogRepository, type AuditLogRepository } from '../adapters/db/audit-log.repository';
import { purgeExpiredAuditPeriods, type AuditPurgeReport } from '../adapters/db/audit-retention';
import type { AuditTamperAlarm } from '../app/audit/audit-trail.port';
import type { AuditActor } from '../app/ports/audit-log.port';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { RuntimeServices } from './runtime';

/**
 * The real audit log for a process: the AuditLog port every use case appends through, plus the
 * read side (query, stream, verify) the console and the CLI use. Needs only the database, the
 * HMAC key and the metrics, so the CLI can build it without Redis.
 */
export function createAuditLog(services: Pick<RuntimeServices, 'config' | 'db' | 'metrics'> & { logger?: Logger }): AuditLogRepository {
  return createAuditLogRepository({
    db: services.db,
    hmacKey: services.config.auditHmacKey,
    metrics: services.metrics,
    onTamperAlarm: raiseTamperAlarm(services.metrics, services.logger),
  });
}

/**
 * The named tamper alarm (issue 18): a counter to alert on and an error log with ids and seqs
 * only. /readyz lists the portals (see runtime.ts); the chain itself records
 * `audit.tamper_detected`; `carequal audit verify` exits 3 naming the stray range.
 */
function raiseTamperAlarm(metrics: Metrics, logger: Logger | undefined): (alarm: AuditTamperAlarm) => void {
  return (alarm) => {
    metrics.auditTamperAlarms.inc({ problem: alarm.problem });
    logger?.error('audit tamper alarm: rows stored past the chain head; the chain continues past them', {
      event: 'audit.tamper_detected',
      problem: alarm.problem,
      portalId: alarm.portalId,
      firstSeq: alarm.firstSeq,
      lastSeq: alarm.lastSeq,
    });
  };
}

/** Runs the retention purge with the configured retention (AUDIT_RETENTION_MONTHS). */
export function purgeExpiredAuditLog(
  services: Pick<RuntimeServices, 'config' | 'db' | 'metrics'>,
  actor: AuditActor,
  opts: { portalId?: TenantId; now: Date },
): Promise<AuditPurgeReport> {
  const repository = createAuditLog(services);
  return purgeExpiredAuditPeriods(
    { db: services.db, repository, hmacKey: services.config.auditHmacKey, retentionMonths: services.config.AUDIT_RETENTION_MONTHS, actor },
    opts,
  );
}
