import type { Database } from '../../src/adapters/db/database';

const TABLES = ['audit_log', 'audit_checkpoints', 'audit_chain_heads'];

/**
 * Runs `sql` against the audit tables the way an attacker with superuser rights would: with
 * the append-only triggers disabled for that one transaction (ALTER TABLE … DISABLE TRIGGER
 * USER works on PostgreSQL and PGlite alike; it is transactional, so the triggers are back on
 * for everyone else at commit).
 */
export async function tamperWithAuditLog(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(TABLES.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`).join(' '));
    await tx.query(sql, params);
    await tx.exec(TABLES.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER;`).join(' '));
  });
}
