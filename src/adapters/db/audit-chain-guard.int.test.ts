import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import type { AuditTamperAlarm } from '../../app/audit/audit-trail.port';
import { exampleAuditEntries, qualifyBatchEntries } from '../../../test/support/audit-entries';
import { insertStrayAuditRow } from '../../../test/support/audit-stray';
import { tamperWithAuditLog } from '../../../test/support/audit-tamper';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.repository';
import { verifyAuditChains } from './audit-verify';
import type { Database } from './database';
import { migrate } from './migrator';

let nextPortal = 7_300_000;
const newPortal = () => tenantId(++nextPortal);

/** Issue 18: a stray row cannot stall a chain, a truncation cannot hide, an edited head is seen. */
describe.each(databaseEngines())('audit chain guard on %s', (engine) => {
  let db: Database;
  let repo: AuditLogRepository;
  const alarms: AuditTamperAlarm[] = [];
  const key = randomBytes(32);

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = createAuditLogRepository({ db, hmacKey: key, onTamperAlarm: (a) => alarms.push(a) });
  });
  afterAll(() => db.close());

  async function seedPortal(contacts = 2): Promise<TenantId> {
    const portalId = newPortal();
    await repo.append(qualifyBatchEntries(portalId, Array.from({ length: contacts }, (_, i) => String(500 + i))));
    return portalId;
  }
  const verify = (portalId: TenantId, expectHeads?: Array<{ portalId: TenantId; seq: number; mac: string }>) =>
    verifyAuditChains(repo, key, { portalId, pageSize: 4, expectHeads });
  const actionsOf = async (portalId: TenantId) =>
    (await db.query<{ seq: number; action: string; object_id: string | null }>('SELECT seq, action, object_id FROM audit_log WHERE portal_id = $1 ORDER BY seq', [portalId])).rows;

  describe('a row inserted past the recorded head', () => {
    it('when the next batch is appended, then it is written past the stray rows, the alarm names them, and verify reports stray_entries after checking the rest', async () => {
      const portalId = await seedPortal(2); // seq 1…6
      await insertStrayAuditRow(db, portalId, 7);
      await insertStrayAuditRow(db, portalId, 9);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 7, problem: 'stray_entries' } });

      await repo.append(qualifyBatchEntries(portalId, ['777']));
      expect(alarms).toContainEqual({ portalId, problem: 'stray_entries', firstSeq: 7, lastSeq: 9 });
      const rows = await actionsOf(portalId);
      expect(rows.slice(6).map((r) => [r.seq, r.action, r.object_id])).toEqual([
        [7, 'contact.read', '424242'], [9, 'contact.read', '424242'],
        [10, 'audit.tamper_detected', '7-9'], [11, 'contact.read', '777'], [12, 'contact.qualified', '777'], [13, 'contact.written', '777'],
      ]);
      expect(await repo.listTamperedPortals()).toContain(portalId);
      expect(await verify(portalId)).toMatchObject({ ok: false, entriesChecked: 10, broken: { portalId, seq: 7, problem: 'stray_entries' } });

      await repo.append([exampleAuditEntries(portalId)['criteria.published']]);
      expect((await actionsOf(portalId)).at(-1)).toMatchObject({ seq: 14, action: 'criteria.published' });
    });

    it('when a portal with no chain yet gets a stray row, then its first append still succeeds past it', async () => {
      const portalId = newPortal();
      await insertStrayAuditRow(db, portalId, 1);
      await repo.append([exampleAuditEntries(portalId)['installation.installed']]);
      expect((await actionsOf(portalId)).map((r) => r.action)).toEqual(['contact.read', 'audit.tamper_detected', 'installation.installed']);
      expect(await verify(portalId)).toMatchObject({ ok: false, entriesChecked: 2, broken: { seq: 1, problem: 'stray_entries' } });
    });

    it('when a forged tamper entry claims to cover real entries, then verify does not skip them', async () => {
      const portalId = await seedPortal(2);
      await db.query(
        `INSERT INTO audit_log (portal_id, seq, occurred_at, actor_kind, actor_role, action, object_type, object_id, outcome, error_code, prev_mac, mac, key_id)
         VALUES ($1, 7, now(), 'system', 'web', 'audit.tamper_detected', 'audit_log', '1-6', 'failure', 'audit.stray_entries', repeat('0', 64), repeat('c', 64), 'h000000000000000')`,
        [portalId],
      );
      const result = await verify(portalId);
      expect(result.ok).toBe(false);
      expect(result.entriesChecked).toBe(6);
      expect(result.broken).toMatchObject({ portalId, seq: 7, problem: 'stray_entries' });
    });
  });

  describe('the heads table', () => {
    it.each([
      ['UPDATE', 'UPDATE audit_chain_heads SET last_seq = 1 WHERE portal_id = $1'],
      ['INSERT', "INSERT INTO audit_chain_heads (portal_id, last_seq, last_mac) VALUES ($1 + 1000000000, 1, repeat('0', 64))"],
    ])('when a session runs %s on it directly, then the database refuses it', async (_what, sql) => {
      const portalId = await seedPortal(1);
      await expect(db.query(sql, [portalId])).rejects.toThrow(/audit_move_chain_heads/);
    });

    it('when the head function is asked to move a head backwards or onto an entry that is not stored, then it refuses', async () => {
      const portalId = await seedPortal(2);
      const { rows } = await db.query<{ mac: string }>('SELECT mac FROM audit_log WHERE portal_id = $1 AND seq = 2', [portalId]);
      const back = [{ portal_id: portalId, last_seq: 2, last_mac: rows[0]!.mac, mac: 'x', key_id: 'k' }];
      await expect(db.query('SELECT audit_move_chain_heads($1::jsonb)', [JSON.stringify(back)])).rejects.toThrow(/only moves forward/);
      const elsewhere = [{ portal_id: portalId, last_seq: 99, last_mac: rows[0]!.mac, mac: 'x', key_id: 'k' }];
      await expect(db.query('SELECT audit_move_chain_heads($1::jsonb)', [JSON.stringify(elsewhere)])).rejects.toThrow(/must name a stored entry/);
    });

    it('when a head is edited (here: rewound onto an earlier entry), then verify reports head_forged', async () => {
      const portalId = await seedPortal(2);
      await tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET last_seq = 5, last_mac = (SELECT mac FROM audit_log WHERE portal_id = $1 AND seq = 5) WHERE portal_id = $1', [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { portalId, seq: 5, problem: 'head_forged' } });
    });

    it('when a head has no MAC (written before migration 008), then verify says so until the next append signs it', async () => {
      const portalId = await seedPortal(1);
      await tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET mac = NULL, key_id = NULL WHERE portal_id = $1', [portalId]);
      expect(await verify(portalId)).toMatchObject({ ok: false, broken: { seq: 3, problem: 'head_unsigned' } });
      await repo.append([exampleAuditEntries(portalId)['criteria.viewed']]);
      expect(await verify(portalId)).toMatchObject({ ok: true, entriesChecked: 4 });
    });

    if (engine === 'postgres') {
      it('when acting as carequal_audit_writer, then appends move the head but a direct UPDATE of the heads is denied', async () => {
        const portalId = await seedPortal(1);
        // Even with the trigger's flag set by hand: the role lacks the privilege itself.
        await expect(
          db.transaction(async (tx) => {
            await tx.query('SET LOCAL ROLE carequal_audit_writer');
            await tx.query(`SELECT set_config('carequal.audit_head_move', 'on', true)`);
            await tx.query('UPDATE audit_chain_heads SET last_seq = 1 WHERE portal_id = $1', [portalId]);
          }),
        ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
        const writer = createAuditLogRepository({ db: { ...db, transaction: (fn) => db.transaction(async (tx) => (await tx.query('SET LOCAL ROLE carequal_audit_writer'), fn(tx))) }, hmacKey: key });
        await writer.append([exampleAuditEntries(portalId)['criteria.viewed']]);
        expect(await verify(portalId)).toMatchObject({ ok: true, entriesChecked: 4, heads: [{ portalId, seq: 4 }] });
      });
    }
  });

  describe('heads saved earlier (--expect-heads)', () => {
    it('when the tail was cut off together with the head (an old head row put back), then only the saved heads reveal it', async () => {
      const portalId = await seedPortal(1); // seq 1…3
      const { rows: oldHead } = await db.query<Record<string, unknown>>('SELECT * FROM audit_chain_heads WHERE portal_id = $1', [portalId]);
      await repo.append(qualifyBatchEntries(portalId, ['601'])); // seq 4…6
      const saved = (await verify(portalId)).heads;
      expect(saved).toEqual([{ portalId, seq: 6, mac: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      expect(await verify(portalId, saved)).toMatchObject({ ok: true });

      const h = oldHead[0]!;
      await tamperWithAuditLog(db, 'DELETE FROM audit_log WHERE portal_id = $1 AND seq > 3', [portalId]);
      await tamperWithAuditLog(db, 'UPDATE audit_chain_heads SET last_seq = $2, last_mac = $3, mac = $4 WHERE portal_id = $1', [portalId, h.last_seq, h.last_mac, h.mac]);
      expect(await verify(portalId)).toMatchObject({ ok: true, entriesChecked: 3 });
      expect(await verify(portalId, saved)).toMatchObject({ ok: false, broken: { portalId, seq: 4, problem: 'behind_expected_head' } });
    });

    it('when the entry at a saved head is not the one saved, then verify reports expected_head_mismatch', async () => {
      const portalId = await seedPortal(1);
      const saved = [{ portalId, seq: 2, mac: 'f'.repeat(64) }];
      expect(await verify(portalId, saved)).toMatchObject({ ok: false, broken: { portalId, seq: 2, problem: 'expected_head_mismatch' } });
    });

    it('when a saved head names a portal that has no chain any more, then verify reports it behind', async () => {
      const portalId = newPortal();
      expect(await verifyAuditChains(repo, key, { portalId, expectHeads: [{ portalId, seq: 3, mac: 'a'.repeat(64) }] })).toMatchObject({
        ok: false,
        broken: { portalId, seq: 1, problem: 'behind_expected_head' },
      });
    });
  });

  it('when an installed portal has no chain at all, then verifying every portal reports it (a database of its own)', async () => {
    const own = await openTestDatabase(engine);
    try {
      await migrate(own);
      const ownRepo = createAuditLogRepository({ db: own, hmacKey: key });
      const [withChain, without] = [newPortal(), newPortal()];
      await ownRepo.append([exampleAuditEntries(withChain)['installation.installed']]);
      for (const p of [withChain, without]) await own.query("INSERT INTO installations (portal_id, status) VALUES ($1, 'active')", [p]);
      expect(await verifyAuditChains(ownRepo, key)).toMatchObject({ ok: false, portalsChecked: 1, portalsWithoutChain: [without], broken: { portalId: without, problem: 'missing_chain' } });
      await insertStrayAuditRow(own, withChain, 2); // and when another chain is broken first, the missing one is still listed
      expect(await verifyAuditChains(ownRepo, key)).toMatchObject({ ok: false, portalsWithoutChain: [without], broken: { portalId: withChain, problem: 'stray_entries' } });
    } finally {
      await own.close();
    }
  });
});
