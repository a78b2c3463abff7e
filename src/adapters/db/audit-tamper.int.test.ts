import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { AuditEntryInput } from '../../app/ports/audit-log.port';
import { exampleAuditEntries, qualifyBatchEntries } from '../../../test/support/audit-entries';
import { tamperWithAuditLog } from '../../../test/support/audit-tamper';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { appendLockedEntries, createAuditLogRepository, lockPortalChains, type AuditLogRepository } from './audit-log.repository';
import { verifyAuditChains } from './audit-verify';
import type { Database } from './database';
import { normalizeAuditEntries } from '../../app/audit/audit-entry.schema';
import { migrate } from './migrator';

let nextPortal = 7_200_000;
const newPortal = () => tenantId(++nextPortal);

/** Single-column mutations an attacker could make to a stored row; each keeps the row valid for the table's CHECKs. */
const MUTATIONS: Record<string, string> = {
  portal_id: 'portal_id = portal_id + 1000000000',
  seq: 'seq = seq + 100000',
  occurred_at: "occurred_at = occurred_at + interval '1 millisecond'",
  actor_kind: "actor_kind = CASE actor_kind WHEN 'system' THEN 'hubspot' ELSE 'system' END",
  actor_id: "actor_id = coalesce(actor_id, '') || '7'",
  actor_role: "actor_role = CASE actor_role WHEN 'web' THEN 'cli' ELSE 'web' END",
  actor_job_id: "actor_job_id = coalesce(actor_job_id, '') || 'x'",
  action: "action = CASE action WHEN 'contact.read' THEN 'contact.written' ELSE 'contact.read' END",
  object_type: "object_type = coalesce(object_type, '') || 'x'",
  object_id: "object_id = coalesce(object_id, '') || '9'",
  property_names: "property_names = array_append(property_names, 'zz_added')",
  criteria_version: "criteria_version = coalesce(criteria_version, '') || 'f'",
  outcome: "outcome = CASE outcome WHEN 'success' THEN 'failure' ELSE 'success' END",
  error_code: "error_code = coalesce(error_code, '') || 'x'",
  request_id: "request_id = coalesce(request_id, '') || 'x'",
  job_id: "job_id = coalesce(job_id, '') || 'x'",
  prev_mac: "prev_mac = md5(prev_mac) || md5(prev_mac)",
  mac: "mac = md5(mac) || md5(mac)",
  key_id: "key_id = 'h000000000000000'",
};

describe.each(databaseEngines())('audit log tamper evidence on %s', (engine) => {
  let db: Database;
  let repo: AuditLogRepository;
  const key = randomBytes(32);

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = createAuditLogRepository({ db, hmacKey: key });
  });
  afterAll(() => db.close());

  async function seedPortal(contacts = 4): Promise<TenantId> {
    const portalId = newPortal();
    await repo.append(qualifyBatchEntries(portalId, Array.from({ length: contacts }, (_, i) => String(300 + i))));
    return portalId;
  }
  const verify = (portalId?: TenantId) => verifyAuditChains(repo, key, { portalId, pageSize: 5 });

  describe('append-only', () => {
    it.each([
      ['UPDATE', "UPDATE audit_log SET outcome = 'failure' WHERE portal_id = $1"],
      ['DELETE', 'DELETE FROM audit_log WHERE portal_id = $1'],
      ['UPDATE of a checkpoint', 'UPDATE audit_checkpoints SET last_seq = 1 WHERE portal_id = $1'],
      ['DELETE of a chain head', 'DELETE FROM audit_chain_heads WHERE portal_id = $1'],
    ])('when a session runs %s on the audit tables, then the database refuses it', async (_what, sql) => {
      const portalId = await seedPortal(1);
      await expect(db.query(sql, [portalId])).rejects.toThrow(/append-only/);
      expect((await verify(portalId)).ok).toBe(true);
    });

    it.each(['audit_log', 'audit_checkpoints', 'audit_chain_heads'])('when a session truncates %s, then the database refuses it', async (table) => {
      await seedPortal(1);
      await expect(db.exec(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    });

    it('when the retention flag was set in an earlier transaction, then a later DELETE is still refused (the flag is transaction-local)', async () => {
      const portalId = await seedPortal(1);
      await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('carequal.audit_retention', 'on', true)`);
      });
      await expect(db.query('DELETE FROM audit_log WHERE portal_id = $1', [portalId])).rejects.toThrow(/append-only/);
    });
  });

  if (engine === 'postgres') {
    describe('the writer role (PostgreSQL)', () => {
      it('when acting as carequal_audit_writer, then appends and reads work and UPDATE or DELETE are denied, even with the retention flag', async () => {
        const portalId = newPortal();
        const entries = normalizeAuditEntries([exampleAuditEntries(portalId)['contact.read']], new Date());
        await db.transaction(async (tx) => {
          await tx.query('SET LOCAL ROLE carequal_audit_writer');
          await lockPortalChains(tx, [portalId]);
          await appendLockedEntries(tx, key, entries);
          const { rows } = await tx.query('SELECT seq FROM audit_log WHERE portal_id = $1', [portalId]);
          expect(rows).toEqual([{ seq: 1 }]);
        });
        for (const sql of ["UPDATE audit_log SET outcome = 'failure' WHERE portal_id = $1", 'DELETE FROM audit_log WHERE portal_id = $1']) {
          await expect(
            db.transaction(async (tx) => {
              await tx.query('SET LOCAL ROLE carequal_audit_writer');
              await tx.query(`SELECT set_config('carequal.audit_retention', 'on', true)`);
              await tx.query(sql, [portalId]);
            }),
          ).rejects.toMatchObject({ code: '42501' });
        }
        expect((await verify(portalId)).ok).toBe(true);
      });
    });
  }

  describe('verify', () => {
    it('when a superuser alters a stored entry, then verify fails at exactly that entry with mac_mismatch', async () => {
      const portalId = await seedPortal();
      await tamperWithAuditLog(db, "UPDATE audit_log SET object_id = '999' WHERE portal_id = $1 AND seq = 5", [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 5, problem: 'mac_mismatch' } });
    });

    it('when a superuser deletes an entry, then verify reports a gap at exactly that entry', async () => {
      const portalId = await seedPortal();
      await tamperWithAuditLog(db, 'DELETE FROM audit_log WHERE portal_id = $1 AND seq = 7', [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 7, problem: 'gap' } });
    });

    it('when a superuser deletes the last entries, then verify reports the first missing one against the recorded head', async () => {
      const portalId = await seedPortal();
      await tamperWithAuditLog(db, 'DELETE FROM audit_log WHERE portal_id = $1 AND seq >= 11', [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 11, problem: 'gap' } });
    });

    it('when a superuser swaps two entries, then verify fails at the first of them as reordered', async () => {
      const portalId = await seedPortal();
      // Three steps because the primary key is checked row by row.
      for (const [from, to] of [[3, 1003], [4, 3], [1003, 4]]) {
        await tamperWithAuditLog(db, 'UPDATE audit_log SET seq = $3 WHERE portal_id = $1 AND seq = $2', [portalId, from, to]);
      }
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 3, problem: 'reordered' } });
    });

    it('when a superuser rewinds the chain head, then verify reports the entries beyond it', async () => {
      const portalId = await seedPortal();
      await tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET last_seq = 10 WHERE portal_id = $1', [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 10, problem: 'head_mismatch' } });
    });

    it('when the log was written with another HMAC key, then verify says so at the first entry', async () => {
      const portalId = await seedPortal(1);
      expect(await verifyAuditChains(repo, randomBytes(32), { portalId })).toMatchObject({ ok: false, broken: { portalId, seq: 1, problem: 'unknown_key' } });
    });

  });

  describe('verify across every portal (a database of its own, so other tests\' tampering does not interfere)', () => {
    let ownDb: Database;
    let ownRepo: AuditLogRepository;
    beforeAll(async () => {
      ownDb = await openTestDatabase(engine);
      await migrate(ownDb);
      ownRepo = createAuditLogRepository({ db: ownDb, hmacKey: key });
    });
    afterAll(() => ownDb.close());

    it('when several portals are verified and one is broken, then the result names the first broken entry of that portal and the heads of those before it', async () => {
      const [intact, broken, after] = [newPortal(), newPortal(), newPortal()];
      for (const portalId of [intact, broken, after]) await ownRepo.append(qualifyBatchEntries(portalId, ['301', '302']));
      expect(await verifyAuditChains(ownRepo, key)).toMatchObject({ ok: true, portalsChecked: 3, entriesChecked: 18 });

      await tamperWithAuditLog(ownDb, "UPDATE audit_log SET property_names = '{}' WHERE portal_id = $1 AND seq = 1", [broken]);
      const result = await verifyAuditChains(ownRepo, key);
      expect(result).toMatchObject({ ok: false, portalsChecked: 2, broken: { portalId: broken, seq: 1, problem: 'mac_mismatch' } });
      expect(result.heads).toEqual([{ portalId: intact, seq: 6, mac: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    });
  });

  describe('properties (fast-check)', () => {
    const entryArb = fc.record({
      kind: fc.constantFrom<keyof ReturnType<typeof exampleAuditEntries>>('contact.read', 'contact.written', 'task.created', 'criteria.published', 'webhook.rejected', 'token.refresh_failed'),
      objectId: fc.integer({ min: 1, max: 10 ** 12 }).map(String),
      offsetMs: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    });
    const toEntry = (portalId: TenantId) => (e: { kind: keyof ReturnType<typeof exampleAuditEntries>; objectId: string; offsetMs: number }): AuditEntryInput => {
      const base = exampleAuditEntries(portalId)[e.kind];
      const objectId = base.objectType === 'contact' || base.objectType === 'task' ? e.objectId : base.objectId;
      return { ...base, objectId, occurredAt: new Date(Date.UTC(2026, 10, 3) + e.offsetMs) };
    };

    it('when any sequence of batches is appended, then the chain verifies', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(entryArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), async (batches) => {
          const portalId = newPortal();
          for (const batch of batches) await repo.append(batch.map(toEntry(portalId)));
          const result = await verify(portalId);
          expect(result).toMatchObject({ ok: true, entriesChecked: batches.flat().length });
        }),
        { numRuns: 15 },
      );
    });

    it('when any single field of any stored row is changed, then verify fails at exactly that row', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(entryArb, { minLength: 2, maxLength: 8 }),
          fc.nat(),
          fc.constantFrom(...Object.keys(MUTATIONS)),
          async (entries, pick, column) => {
            const portalId = newPortal();
            await repo.append(entries.map(toEntry(portalId)));
            const seq = (pick % entries.length) + 1;
            await tamperWithAuditLog(db, `UPDATE audit_log SET ${MUTATIONS[column]} WHERE portal_id = $1 AND seq = $2`, [portalId, seq]);
            const result = await verify(portalId);
            expect(result.ok).toBe(false);
            expect(result.broken).toMatchObject({ portalId, seq });
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
