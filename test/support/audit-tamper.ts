import type { Database } from '../../src/adapters/db/database';

/**
 * Runs `sql` against the audit tables the way an attacker with superuser rights would: with
 * the append-only triggers disabled for that one transaction (ALTER TABLE … DISABLE TRIGGER
 * USER works on PostgreSQL and PGlite alike; it is transactional, so the triggers are back on
 * for everyone else at commit).
 */
export async function tamperWithAuditLog(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER;');
    await tx.query(sql, params);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER USER; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER;');
  });
}
