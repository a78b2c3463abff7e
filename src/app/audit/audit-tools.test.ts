import { tenantId } from '../ports/ids';
import { createRecordingAuditLog } from '../../../test/support/recording-audit-log';
import { exportAuditEntries, parseSavedHeads, verifyAuditLog, viewAuditEntries, type AuditToolContext } from './audit-tools';
import type { AuditTrail, AuditVerification, StoredAuditEntry } from './audit-trail.port';

const PORTAL = 4_812_345;
const officer: AuditToolContext = { actor: { kind: 'user', hubspotUserId: '9182736' }, requestId: 'req-1' };

const stored = (seq: number): StoredAuditEntry => ({
  portalId: tenantId(PORTAL), seq, occurredAt: new Date('2026-11-03T09:15:00.123Z'), actorKind: 'system', actorId: null, actorRole: 'worker', actorJobId: null,
  action: 'contact.read', objectType: 'contact', objectId: String(150 + seq), propertyNames: ['email'], criteriaVersion: null, outcome: 'success',
  errorCode: null, requestId: null, jobId: null, prevMac: '0'.repeat(64), mac: 'a'.repeat(64), keyId: 'h0123456789abcde',
});

function fakeTrail(verification: AuditVerification, entries = [stored(1), stored(2), stored(3)]): AuditTrail {
  return {
    query: async () => ({ entries, nextAfterSeq: undefined }),
    pageNewestFirst: async (_filter, page) => ({ entries: [...entries].reverse(), total: entries.length, ...page }),
    listActors: async () => [{ kind: 'system', id: null, role: 'worker', entries: entries.length }],
    async *streamEntries() {
      yield* entries;
    },
    verify: async () => verification,
  };
}
const intact: AuditVerification = { ok: true, portalsChecked: 2, entriesChecked: 9, heads: [{ portalId: tenantId(PORTAL), seq: 3, mac: 'a'.repeat(64) }, { portalId: tenantId(77), seq: 6, mac: 'b'.repeat(64) }] };

describe('audit tools record their own use', () => {
  it('when an officer views entries, then audit.viewed is recorded for that portal with the request id', async () => {
    const audit = createRecordingAuditLog();
    const page = await viewAuditEntries({ trail: fakeTrail(intact), audit }, officer, { portalId: tenantId(PORTAL), objectId: '151' }, { page: 1, pageSize: 50 });
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(page.entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(audit.entries).toEqual([{ portalId: PORTAL, action: 'audit.viewed', actor: officer.actor, objectType: 'audit_log', outcome: 'success', requestId: 'req-1' }]);
  });

  it('when an export completes, then the writer got every entry and audit.exported records success', async () => {
    const audit = createRecordingAuditLog();
    const seen: number[] = [];
    const result = await exportAuditEntries({ trail: fakeTrail(intact), audit }, officer, { portalId: tenantId(PORTAL) }, async (rows) => {
      for await (const r of rows) seen.push(r.seq);
    });
    expect(result).toEqual({ entries: 3 });
    expect(seen).toEqual([1, 2, 3]);
    expect(audit.ofAction('audit.exported')).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });

  it('when the export fails midway, then audit.exported records the failure and the error reaches the caller', async () => {
    const audit = createRecordingAuditLog();
    const broken = exportAuditEntries({ trail: fakeTrail(intact), audit }, officer, { portalId: tenantId(PORTAL) }, async () => {
      throw new Error('disk full');
    });
    await expect(broken).rejects.toThrow('disk full');
    expect(audit.ofAction('audit.exported')).toEqual([expect.objectContaining({ outcome: 'failure', errorCode: 'audit.export_failed' })]);
  });

  it('when every portal verifies, then audit.verified is recorded for each in one append', async () => {
    const audit = createRecordingAuditLog();
    await verifyAuditLog({ trail: fakeTrail(intact), audit }, { actor: { kind: 'system', role: 'cli' } });
    expect(audit.appendCalls).toBe(1);
    expect(audit.entries.map((e) => [e.portalId, e.action, e.outcome])).toEqual([[PORTAL, 'audit.verified', 'success'], [77, 'audit.verified', 'success']]);
  });

  it('when verify reports, then the report runs before audit.verified is appended, and a portal without a chain gets no entry', async () => {
    const audit = createRecordingAuditLog();
    const missing: AuditVerification = { ok: false, portalsChecked: 2, entriesChecked: 9, heads: intact.heads, portalsWithoutChain: [tenantId(88)], broken: { portalId: tenantId(88), seq: 0, problem: 'missing_chain', detail: 'x' } };
    const appendedAtReport: number[] = [];
    await verifyAuditLog({ trail: fakeTrail(missing), audit }, officer, undefined, { report: () => appendedAtReport.push(audit.entries.length) });
    expect(appendedAtReport).toEqual([0]);
    expect(audit.entries.map((e) => [e.portalId, e.outcome])).toEqual([[PORTAL, 'success'], [77, 'success']]);
  });

  it.each([
    ['the whole stdout of an earlier verify', 'audit log intact: 1 portal(s), 3 entries verified\nhead portal 42 seq 3 mac ' + 'a'.repeat(64) + '\n', [{ portalId: 42, seq: 3, mac: 'a'.repeat(64) }]],
    ['two saves of the same portal (the later head wins) and a comment', '# ticket 1\nhead portal 42 seq 3 mac ' + 'a'.repeat(64) + '\r\nhead portal 42 seq 9 mac ' + 'b'.repeat(64), [{ portalId: 42, seq: 9, mac: 'b'.repeat(64) }]],
  ])('when saved heads are %s, then they are read', (_what, text, heads) => {
    expect(parseSavedHeads(text)).toEqual(heads);
  });

  it.each([
    ['a line that is not a head', 'head portal 42 seq 3 mac abc\n', /line 1 is not/],
    ['an uppercase MAC', 'head portal 42 seq 3 mac ' + 'A'.repeat(64), /line 1 is not/],
    ['no head at all', '# nothing\n\n', /no "head portal …" line/],
  ])('when saved heads hold %s, then they are refused naming the problem', (_what, text, message) => {
    expect(() => parseSavedHeads(text)).toThrow(message);
  });

  it('when a chain is broken, then the broken portal gets a failure entry with audit.chain_broken', async () => {
    const audit = createRecordingAuditLog();
    const broken: AuditVerification = { ok: false, portalsChecked: 1, entriesChecked: 3, heads: [], broken: { portalId: tenantId(PORTAL), seq: 4, problem: 'gap', detail: 'x' } };
    const result = await verifyAuditLog({ trail: fakeTrail(broken), audit }, officer, tenantId(PORTAL));
    expect(result.ok).toBe(false);
    expect(audit.entries).toEqual([expect.objectContaining({ portalId: PORTAL, action: 'audit.verified', outcome: 'failure', errorCode: 'audit.chain_broken' })]);
  });
});
