import { createAuditLogRepository, type AuditLogRepository } from '../adapters/db/audit-log.repository';
import { purgeExpiredAuditPeriods, type AuditPurgeReport } from '../adapters/db/audit-retention';
import type { AuditActor } from '../app/ports/audit-log.port';
import type { RuntimeServices } from './runtime';

/**
 * The real audit log for a process: the AuditLog port every use case appends through, plus the
 * read side (query, stream, verify) the console and the CLI use. Needs only the database, the
 * HMAC key and the metrics, so the CLI can build it without Redis.
 */
export function createAuditLog(services: Pick<RuntimeServices, 'config' | 'db' | 'metrics'>): AuditLogRepository {
  return createAuditLogRepository({ db: services.db, hmacKey: services.config.auditHmacKey, metrics: services.metrics });
}

/** Runs the retention purge with the configured retention (AUDIT_RETENTION_MONTHS). */
export function purgeExpiredAuditLog(
  services: Pick<RuntimeServices, 'config' | 'db' | 'metrics'>,
  actor: AuditActor,
  opts: { portalId?: number; now: Date },
): Promise<AuditPurgeReport> {
  const repository = createAuditLog(services);
  return purgeExpiredAuditPeriods(
    { db: services.db, repository, hmacKey: services.config.auditHmacKey, retentionMonths: services.config.AUDIT_RETENTION_MONTHS, actor },
    opts,
  );
}
