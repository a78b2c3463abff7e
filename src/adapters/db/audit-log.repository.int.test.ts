import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { AUDIT_ACTIONS, type AuditEntryInput } from '../../app/ports/audit-log.port';
import { createMetrics } from '../../observability/metrics';
import { exampleAuditEntries, qualifyBatchEntries } from '../../../test/support/audit-entries';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { canonicalizeAuditEntry, chainEntries, GENESIS_MAC } from './audit-chain';
import { createAuditLogRepository, type AuditLogRepository } from './audit-log.repository';
import { verifyAuditChains } from './audit-verify';
import type { Database } from './database';
import { normalizeAuditEntries } from '../../app/audit/audit-entry.schema';
import { migrate } from './migrator';

const T0 = new Date('2026-11-03T09:15:00.123Z');
const fixedClock = { now: () => T0 };
let nextPortal = 7_100_000;
const newPortal = () => tenantId(++nextPortal);

describe.each(databaseEngines())('audit log repository on %s', (engine) => {
  let db: Database;
  let repo: AuditLogRepository;
  const key = randomBytes(32);
  const metrics = createMetrics();

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = createAuditLogRepository({ db, hmacKey: key, metrics, clock: fixedClock });
  });
  afterAll(() => db.close());

  const expectedFields = (e: AuditEntryInput) => ({
    portalId: e.portalId,
    occurredAt: e.occurredAt ?? T0,
    actorKind: e.actor.kind,
    actorId: e.actor.kind === 'user' ? e.actor.hubspotUserId : null,
    actorRole: e.actor.kind === 'system' ? e.actor.role : null,
    actorJobId: e.actor.kind === 'system' ? (e.actor.jobId ?? null) : null,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    propertyNames: [...(e.propertyNames ?? [])].sort(),
    criteriaVersion: e.criteriaVersion ?? null,
    outcome: e.outcome,
    errorCode: e.errorCode ?? null,
    requestId: e.requestId ?? null,
    jobId: e.jobId ?? null,
  });

  it.each(AUDIT_ACTIONS.map((a) => [a]))('when a %s entry is appended, then it reads back with exactly its fields', async (action) => {
    const portalId = newPortal();
    const entry = exampleAuditEntries(portalId)[action];
    await repo.append([entry]);
    const { entries } = await repo.query({ portalId });
    expect(entries).toHaveLength(1);
    const { seq, prevMac, mac, keyId, ...fields } = entries[0]!;
    expect(fields).toEqual(expectedFields(entry));
    expect(seq).toBe(1);
    expect(prevMac).toBe(GENESIS_MAC);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(keyId).toMatch(/^h[0-9a-f]{15}$/);
  });

  it('when a 100-contact batch is appended, then it is one INSERT statement and the chain runs 1…300 and verifies', async () => {
    const portalId = newPortal();
    const contactIds = Array.from({ length: 100 }, (_, i) => String(5000 + i));
    const statements: string[] = [];
    const spy = { ...db, transaction: <T>(fn: Parameters<Database['transaction']>[0]) => db.transaction((tx) => fn({ ...tx, query: (sql, params) => (statements.push(sql), tx.query(sql, params)) })) as Promise<T> };
    const counted = createAuditLogRepository({ db: spy as Database, hmacKey: key, clock: fixedClock });
    await counted.append(qualifyBatchEntries(portalId, contactIds));

    expect(statements.filter((s) => /INSERT INTO audit_log/.test(s))).toHaveLength(1);
    expect(statements).toHaveLength(4); // lock, chain ends, insert, head move
    const { rows } = await db.query<{ n: number; lo: number; hi: number }>('SELECT count(*)::int AS n, min(seq) AS lo, max(seq) AS hi FROM audit_log WHERE portal_id = $1', [portalId]);
    expect(rows[0]).toEqual({ n: 300, lo: 1, hi: 300 });
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, portalsChecked: 1, entriesChecked: 300, heads: [{ portalId, seq: 300 }] });
  });

  it('when one call carries entries for three portals, then each portal gets its own chain from seq 1', async () => {
    const [a, b, c] = [newPortal(), newPortal(), newPortal()];
    const mixed = [a, b, a, c, b, a].map((portalId, i) => ({ ...exampleAuditEntries(portalId)['contact.read'], objectId: String(900 + i) }));
    await repo.append(mixed);
    const seqs = async (portalId: TenantId) => (await repo.query({ portalId })).entries.map((e) => [e.seq, e.objectId]);
    expect(await seqs(a)).toEqual([[1, '900'], [2, '902'], [3, '905']]);
    expect(await seqs(b)).toEqual([[1, '901'], [2, '904']]);
    expect(await seqs(c)).toEqual([[1, '903']]);
    for (const portalId of [a, b, c]) expect((await verifyAuditChains(repo, key, { portalId })).ok).toBe(true);
  });

  it('when 50 appenders write to one portal at once, then the chain has no fork or gap and verifies', async () => {
    const portalId = newPortal();
    await Promise.all(Array.from({ length: 50 }, (_, i) => repo.append(qualifyBatchEntries(portalId, [String(10_000 + i)], `qualify:${portalId}:${i}`))));
    const { rows } = await db.query<{ n: number; hi: number; macs: number }>(
      'SELECT count(*)::int AS n, max(seq) AS hi, count(DISTINCT prev_mac)::int AS macs FROM audit_log WHERE portal_id = $1',
      [portalId],
    );
    expect(rows[0]).toEqual({ n: 150, hi: 150, macs: 150 });
    expect(await verifyAuditChains(repo, key, { portalId })).toMatchObject({ ok: true, entriesChecked: 150 });
  });

  it('when entries are read back, then canonicalising them gives the very bytes that were hashed at append', async () => {
    const portalId = newPortal();
    const inputs = Object.values(exampleAuditEntries(portalId)).map((e, i) => ({ ...e, occurredAt: new Date(T0.getTime() + i * 1001) }));
    const expected = chainEntries(key, normalizeAuditEntries(inputs, T0), new Map());
    await repo.append(inputs);
    const stored = [];
    for await (const entry of repo.streamEntries({ portalId }, 7)) stored.push(entry);
    expect(stored).toHaveLength(expected.length);
    stored.forEach((entry, i) => {
      expect(canonicalizeAuditEntry(entry).equals(canonicalizeAuditEntry(expected[i]!))).toBe(true);
      expect(entry.mac).toBe(expected[i]!.mac);
    });
  });

  it('when an entry is stored, then its time is kept at exactly millisecond precision (no drift on round trip)', async () => {
    const portalId = newPortal();
    await repo.append([{ ...exampleAuditEntries(portalId)['contact.read'], occurredAt: new Date('2026-11-03T09:15:00.987Z') }]);
    const { rows } = await db.query<{ t: string }>(`SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS t FROM audit_log WHERE portal_id = $1`, [portalId]);
    expect(rows[0]!.t).toBe('2026-11-03T09:15:00.987000');
  });

  it('when entries are queried by contact, actor, action and time, then only matching entries come back, paged by seq', async () => {
    const portalId = newPortal();
    const ex = exampleAuditEntries(portalId);
    const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
    await repo.append([
      { ...ex['contact.read'], objectId: '151', occurredAt: at(0) },
      { ...ex['contact.written'], objectId: '151', occurredAt: at(1) },
      { ...ex['contact.read'], objectId: '152', occurredAt: at(2) },
      { ...ex['criteria.viewed'], occurredAt: at(3) },
      { ...ex['criteria.published'], occurredAt: at(4) },
      { ...ex['contact.read'], objectId: '151', occurredAt: at(5) },
    ]);
    const seqsOf = async (filter: Omit<Parameters<AuditLogRepository['query']>[0], 'portalId'>) => (await repo.query({ portalId, ...filter })).entries.map((e) => e.seq);
    expect(await seqsOf({ objectType: 'contact', objectId: '151' })).toEqual([1, 2, 6]);
    expect(await seqsOf({ actorKind: 'user', actorId: '9182736' })).toEqual([4, 5]);
    expect(await seqsOf({ action: 'contact.read' })).toEqual([1, 3, 6]);
    expect(await seqsOf({ from: at(1), to: at(4) })).toEqual([2, 3, 4]);
    expect(await seqsOf({ objectId: '999' })).toEqual([]);

    const first = await repo.query({ portalId }, { limit: 4 });
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first.nextAfterSeq).toBe(4);
    const second = await repo.query({ portalId }, { afterSeq: first.nextAfterSeq, limit: 4 });
    expect(second.entries.map((e) => e.seq)).toEqual([5, 6]);
    expect(second.nextAfterSeq).toBeUndefined();
  });

  it('when an entry in a batch is invalid, then nothing of the batch is written and the appends metric does not move', async () => {
    const portalId = newPortal();
    const before = (await metrics.registry.getSingleMetric('carequal_audit_appends_total')!.get()).values[0]?.value ?? 0;
    const good = exampleAuditEntries(portalId)['contact.read'];
    await expect(repo.append([good, { ...good, propertyNames: ['email', 'jane@example.com'] }])).rejects.toMatchObject({ code: 'audit.invalid_entry' });
    expect((await repo.query({ portalId })).entries).toEqual([]);
    const after = (await metrics.registry.getSingleMetric('carequal_audit_appends_total')!.get()).values[0]?.value ?? 0;
    expect(after).toBe(before);

    await repo.append([good, good]);
    const afterGood = (await metrics.registry.getSingleMetric('carequal_audit_appends_total')!.get()).values[0]?.value ?? 0;
    expect(afterGood).toBe(before + 2);
  });
});
