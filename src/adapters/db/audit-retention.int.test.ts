import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import type { AuditEntryInput } from '../../app/ports/audit-log.port';
import { exampleAuditEntries } from '../../../test/support/audit-entries';
import { tamperWithAuditLog } from '../../../test/support/audit-tamper';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.repository';
import { purgeExpiredAuditPeriods, retentionCutoff, type AuditRetentionDeps } from './audit-retention';
import { verifyAuditChains } from './audit-verify';
import type { Database } from './database';
import { migrate } from './migrator';

describe('retention cutoff', () => {
  it.each([
    ['2033-02-10T12:00:00.000Z', 72, '2027-02-01T00:00:00.000Z'],
    ['2033-01-01T00:00:00.000Z', 72, '2027-01-01T00:00:00.000Z'],
    ['2032-03-31T23:59:59.999Z', 1, '2032-02-01T00:00:00.000Z'],
    ['2032-01-15T00:00:00.000Z', 13, '2030-12-01T00:00:00.000Z'],
  ])('when now is %s and retention is %i months, then entries before %s are in expired whole months', (now, months, cutoff) => {
    expect(retentionCutoff(new Date(now), months).toISOString()).toBe(cutoff);
  });
});

let nextPortal = 7_300_000;
const newPortal = () => tenantId(++nextPortal);
const NOW = new Date('2033-02-10T12:00:00.000Z'); // 72 months: everything before 2027-02-01 has expired

describe.each(databaseEngines())('audit retention purge on %s', (engine) => {
  let db: Database;
  let repo: AuditLogRepository;
  let deps: AuditRetentionDeps;
  const key = randomBytes(32);

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = createAuditLogRepository({ db, hmacKey: key });
    deps = { db, repository: repo, hmacKey: key, retentionMonths: 72, actor: { kind: 'system', role: 'cli' } };
  });
  afterAll(() => db.close());

  const readAt = (portalId: TenantId, iso: string, objectId: string): AuditEntryInput => ({
    ...exampleAuditEntries(portalId)['contact.read'],
    objectId,
    occurredAt: new Date(iso),
  });
  const seqs = async (portalId: TenantId) => (await repo.query({ portalId }, { limit: 1000 })).entries.map((e) => [e.seq, e.action, e.objectId]);

  it('when whole months have expired, then only their entries go, a checkpoint and an audit.purged entry are written, and the rest verifies', async () => {
    const portalId = newPortal();
    await repo.append([
      readAt(portalId, '2026-12-05T10:00:00.000Z', '1'),
      readAt(portalId, '2027-01-31T23:59:59.999Z', '2'),
      readAt(portalId, '2027-02-01T00:00:00.000Z', '3'),
      readAt(portalId, '2027-03-15T08:30:00.000Z', '4'),
    ]);

    const report = await purgeExpiredAuditPeriods(deps, { portalId, now: NOW });

    expect(report.refused).toEqual([]);
    expect(report.purged).toEqual([{ portalId, entriesPurged: 2, lastSeq: 2, purgedBefore: new Date('2027-02-01T00:00:00.000Z') }]);
    expect(await seqs(portalId)).toEqual([[3, 'contact.read', '3'], [4, 'contact.read', '4'], [5, 'audit.purged', 'seq:1-2']]);
    expect(await repo.latestCheckpoint(portalId)).toMatchObject({ lastSeq: 2, entriesPurged: 2 });
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, entriesChecked: 3 });

    await repo.append([readAt(portalId, '2033-02-10T12:00:01.000Z', '5')]);
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, entriesChecked: 4 });
  });

  it('when an expired entry was written after a kept one, then it stays: only a prefix of the chain is ever removed', async () => {
    const portalId = newPortal();
    await repo.append([
      readAt(portalId, '2026-11-01T00:00:00.000Z', '1'),
      readAt(portalId, '2027-05-01T00:00:00.000Z', '2'),
      readAt(portalId, '2026-12-01T00:00:00.000Z', '3'),
    ]);
    await purgeExpiredAuditPeriods(deps, { portalId, now: NOW });
    expect((await seqs(portalId)).map(([seq]) => seq)).toEqual([2, 3, 4]);
    expect((await verifyAuditChains(repo, key, { portalId })).ok).toBe(true);
  });

  it('when purge runs again and again over the years, then each run removes only what newly expired and the chain keeps verifying', async () => {
    const portalId = newPortal();
    await repo.append(['2026-06-10', '2026-09-10', '2027-01-10', '2027-04-10'].map((d, i) => readAt(portalId, `${d}T00:00:00.000Z`, String(i + 1))));

    const purgeAt = async (iso: string) => (await purgeExpiredAuditPeriods(deps, { portalId, now: new Date(iso) })).purged;
    expect(await purgeAt('2032-08-01T00:00:00.000Z')).toMatchObject([{ entriesPurged: 1, lastSeq: 1 }]);
    expect(await purgeAt('2032-08-02T00:00:00.000Z')).toEqual([]);
    expect(await purgeAt('2033-02-15T00:00:00.000Z')).toMatchObject([{ entriesPurged: 2, lastSeq: 3 }]);
    expect((await seqs(portalId)).map(([seq, action]) => `${seq}:${action}`)).toEqual(['4:contact.read', '5:audit.purged', '6:audit.purged']);
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, entriesChecked: 3 });
  });

  it('when every entry of a portal has expired, then all go and the next entry still chains onto the checkpoint', async () => {
    const portalId = newPortal();
    await repo.append([readAt(portalId, '2025-01-01T00:00:00.000Z', '1'), readAt(portalId, '2025-02-01T00:00:00.000Z', '2')]);
    await purgeExpiredAuditPeriods(deps, { portalId, now: NOW });
    expect(await seqs(portalId)).toEqual([[3, 'audit.purged', 'seq:1-2']]);
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, entriesChecked: 1 });
  });

  it('when a chain was tampered with, then purge leaves that portal alone (the evidence stays), reports it, and purges the others', async () => {
    const [tampered, intact] = [newPortal(), newPortal()];
    await repo.append([readAt(tampered, '2025-01-01T00:00:00.000Z', '1'), readAt(tampered, '2025-02-01T00:00:00.000Z', '2'), readAt(intact, '2025-01-01T00:00:00.000Z', '1')]);
    await tamperWithAuditLog(db, "UPDATE audit_log SET object_id = '77' WHERE portal_id = $1 AND seq = 1", [tampered]);
    const report = await purgeExpiredAuditPeriods(deps, { now: NOW });
    expect(report.refused).toContainEqual(expect.objectContaining({ portalId: tampered, seq: 1, problem: 'mac_mismatch' }));
    expect(report.purged).toContainEqual(expect.objectContaining({ portalId: intact, entriesPurged: 1 }));
    expect((await seqs(tampered)).map(([seq]) => seq)).toEqual([1, 2]);
  });

  it('when a checkpoint is forged to hide deleted entries, then verify reports checkpoint_mismatch', async () => {
    const portalId = newPortal();
    await repo.append([readAt(portalId, '2025-01-01T00:00:00.000Z', '1'), readAt(portalId, '2030-01-01T00:00:00.000Z', '2'), readAt(portalId, '2031-01-01T00:00:00.000Z', '3')]);
    await purgeExpiredAuditPeriods(deps, { portalId, now: NOW });
    await tamperWithAuditLog(db, 'DELETE FROM audit_log WHERE portal_id = $1 AND seq = 2', [portalId]);
    await tamperWithAuditLog(db, 'UPDATE audit_checkpoints SET last_seq = 2, last_mac = $2 WHERE portal_id = $1', [portalId, 'f'.repeat(64)]);
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: false, broken: { portalId, seq: 2, problem: 'checkpoint_mismatch' } });
  });

  it('when no portal is named, then every portal with expired months is purged and each still verifies', async () => {
    const [a, b] = [newPortal(), newPortal()];
    await repo.append([readAt(a, '2025-01-01T00:00:00.000Z', '1'), readAt(b, '2025-01-01T00:00:00.000Z', '1'), readAt(b, '2032-01-01T00:00:00.000Z', '2')]);
    const { purged } = await purgeExpiredAuditPeriods(deps, { now: NOW });
    expect(purged.filter((p) => p.portalId === a || p.portalId === b)).toEqual([
      expect.objectContaining({ portalId: a, entriesPurged: 1 }),
      expect.objectContaining({ portalId: b, entriesPurged: 1 }),
    ]);
    for (const portalId of [a, b]) expect((await verifyAuditChains(repo, key, { portalId })).ok).toBe(true);
  });
});
