import type { TenantId } from '../../app/ports/ids';
import { parseStrayRangeId } from './audit-append';
import { auditKeyId, computeCheckpointMac, computeEntryMac, computeHeadMac, GENESIS_MAC, macsEqual, type AuditChainReader } from './audit-chain';
import type { AuditChainBreak, AuditChainProblem, AuditVerification, ExpectedAuditHead } from '../../app/audit/audit-trail.port';

export type { AuditChainBreak, AuditChainProblem, AuditVerification } from '../../app/audit/audit-trail.port';

const DETAIL: Record<AuditChainProblem, string> = {
  gap: 'entry missing from the chain (deleted or renumbered)',
  mac_mismatch: 'entry altered after it was written (MAC does not match its content)',
  reordered: 'entry moved or reordered (it neither links to the previous entry nor matches its position)',
  link_mismatch: 'entry does not link to the previous entry (the previous entry was replaced)',
  unknown_key: 'entry was written with a different AUDIT_HMAC_KEY than the one configured',
  checkpoint_mismatch: 'retention checkpoint altered or forged (its MAC does not match)',
  head_mismatch: 'the end of the chain does not match its recorded head (head rewound or pointed at another entry)',
  head_forged: 'the recorded chain head was edited (its MAC does not match)',
  head_unsigned: 'the recorded chain head carries no MAC (written before migration 008; the next audit entry signs it)',
  stray_entries: 'rows stored beside the chain, not written by CareQual (inserted past the recorded head)',
  behind_expected_head: 'the chain ends before a head saved earlier (entries removed from its end, head rewound)',
  expected_head_mismatch: 'the entry at a head saved earlier is not the one saved (the chain was rewritten)',
  missing_chain: 'the portal is installed but has no audit chain at all',
};

export interface VerifyAuditOptions {
  portalId?: TenantId;
  pageSize?: number;
  /** Heads saved by an earlier verify: each chain must still reach them with the same MAC. */
  expectHeads?: readonly ExpectedAuditHead[];
}

const breakOf = (portalId: TenantId, seq: number, problem: AuditChainProblem): AuditChainBreak => ({ portalId, seq, problem, detail: DETAIL[problem] });

/**
 * Walks one portal's chain (or every portal's, ascending, plus those named by `expectHeads`)
 * in seq order, page by page, recomputing each MAC from the stored content; reports the first
 * broken entry. Starts from the portal's latest retention checkpoint when it has one. Across
 * every portal it also reports installed portals that have no chain at all. Reads only.
 */
export async function verifyAuditChains(repository: AuditChainReader, hmacKey: Buffer, opts: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const expected = new Map((opts.expectHeads ?? []).filter((h) => opts.portalId === undefined || h.portalId === opts.portalId).map((h) => [h.portalId, h]));
  const stored = opts.portalId === undefined ? await repository.listPortals() : [opts.portalId];
  const portals = [...new Set([...stored, ...expected.keys()])].sort((a, b) => a - b);
  const withoutChain = opts.portalId === undefined ? await repository.listInstalledPortalsWithoutChain() : [];
  const reported = withoutChain.length ? { portalsWithoutChain: withoutChain } : {};
  let entriesChecked = 0;
  const heads: AuditVerification['heads'] = [];
  for (const [index, portalId] of portals.entries()) {
    const result = await verifyPortalChain(repository, hmacKey, portalId, opts.pageSize, expected.get(portalId));
    entriesChecked += result.entriesChecked;
    if (result.broken) return { ok: false, portalsChecked: index + 1, entriesChecked, heads, broken: result.broken, ...reported };
    if (result.head) heads.push({ portalId, ...result.head });
  }
  const missing = withoutChain[0];
  if (missing !== undefined) return { ok: false, portalsChecked: portals.length, entriesChecked, heads, broken: breakOf(missing, 0, 'missing_chain'), ...reported };
  return { ok: true, portalsChecked: portals.length, entriesChecked, heads };
}

interface PortalResult {
  entriesChecked: number;
  broken?: AuditChainBreak;
  head?: { seq: number; mac: string };
}

async function verifyPortalChain(
  repository: AuditChainReader,
  key: Buffer,
  portalId: TenantId,
  pageSize: number | undefined,
  expectedHead: ExpectedAuditHead | undefined,
): Promise<PortalResult> {
  const keyId = auditKeyId(key);
  // A stray range comes first in seq order, so it is the break reported; the walk goes on past
  // it to check the rest of the chain, and any later break is reported in its place only if
  // there is none before it.
  let firstBreak: AuditChainBreak | undefined;
  let checked = 0;
  const fail = (seq: number, problem: AuditChainProblem): PortalResult => ({ entriesChecked: checked, broken: firstBreak ?? breakOf(portalId, seq, problem) });

  let expectedSeq = 1;
  let prevMac = GENESIS_MAC;
  const checkpoint = await repository.latestCheckpoint(portalId);
  if (checkpoint) {
    const { mac, ...unsigned } = checkpoint;
    if (checkpoint.keyId !== keyId || !macsEqual(computeCheckpointMac(key, unsigned), mac)) return fail(checkpoint.lastSeq, 'checkpoint_mismatch');
    expectedSeq = checkpoint.lastSeq + 1;
    prevMac = checkpoint.lastMac;
  }
  const strayRanges = await readStrayRanges(repository, key, portalId);
  let macAtExpected = checkpoint && expectedHead?.seq === checkpoint.lastSeq ? checkpoint.lastMac : undefined;

  // Read once, before the walk: entries appended while we walk lie beyond it and are left alone.
  const end = await repository.readChainEnd(portalId);
  const headSeq = end.head?.seq ?? 0;
  for await (const entry of repository.streamEntries({ portalId }, pageSize)) {
    if (entry.seq < expectedSeq) continue; // covered by the checkpoint, or inside a stray range
    if (entry.seq > headSeq) break;
    const stray = strayRanges.get(expectedSeq);
    if (stray && entry.seq <= stray.lastSeq + 1) {
      // Trusted because the tamper entry naming this range carries a valid MAC (only CareQual
      // holds the key), and it must still link to the entry before the range below.
      firstBreak ??= breakOf(portalId, stray.firstSeq, 'stray_entries');
      expectedSeq = stray.lastSeq + 1;
      if (entry.seq < expectedSeq) continue;
    }
    if (entry.seq !== expectedSeq) return fail(expectedSeq, 'gap');
    if (entry.keyId !== keyId) return fail(entry.seq, 'unknown_key');
    const { prevMac: storedPrev, mac, ...unsigned } = entry;
    const contentOk = macsEqual(computeEntryMac(key, unsigned, storedPrev), mac);
    const linkOk = macsEqual(storedPrev, prevMac);
    if (!contentOk) return fail(entry.seq, linkOk ? 'mac_mismatch' : 'reordered');
    if (!linkOk) return fail(entry.seq, 'link_mismatch');
    if (entry.seq === expectedHead?.seq) macAtExpected = mac;
    checked += 1;
    expectedSeq += 1;
    prevMac = mac;
  }
  const lastSeq = expectedSeq - 1;
  if (lastSeq < headSeq) return fail(expectedSeq, 'gap'); // removed from the end
  if (lastSeq > headSeq || (end.head && !macsEqual(prevMac, end.head.lastMac))) return fail(headSeq, 'head_mismatch');
  if (end.head) {
    if (end.head.mac === null) return fail(headSeq, 'head_unsigned');
    const headOk = end.head.keyId === keyId && macsEqual(computeHeadMac(key, end.head, keyId), end.head.mac);
    if (!headOk) return fail(headSeq, 'head_forged');
  }
  if ((end.lastStoredSeq ?? 0) > headSeq) return fail(headSeq + 1, 'stray_entries');
  if (expectedHead) {
    // A head purged by retention below the checkpoint is vouched for by the checkpoint's MAC.
    const purged = checkpoint !== undefined && expectedHead.seq < checkpoint.lastSeq;
    if (expectedHead.seq > lastSeq) return fail(lastSeq + 1, 'behind_expected_head');
    if (!purged && (macAtExpected === undefined || !macsEqual(macAtExpected, expectedHead.mac))) return fail(expectedHead.seq, 'expected_head_mismatch');
  }
  if (firstBreak) return { entriesChecked: checked, broken: firstBreak };
  return { entriesChecked: checked, head: end.head ? { seq: end.head.seq, mac: end.head.lastMac } : undefined };
}

/**
 * Stray ranges named by the portal's authentic tamper entries (their MAC verifies with the
 * configured key), keyed by first seq; each range must end right before its entry. A forged
 * tamper entry names nothing: the walk then meets it as a stray row itself.
 */
async function readStrayRanges(repository: AuditChainReader, key: Buffer, portalId: TenantId): Promise<Map<number, { firstSeq: number; lastSeq: number }>> {
  const keyId = auditKeyId(key);
  const ranges = new Map<number, { firstSeq: number; lastSeq: number }>();
  for (const entry of await repository.listTamperEntries(portalId)) {
    const { prevMac, mac, ...unsigned } = entry;
    if (entry.keyId !== keyId || !macsEqual(computeEntryMac(key, unsigned, prevMac), mac)) continue;
    const range = parseStrayRangeId(entry.objectId);
    if (range && range.lastSeq + 1 === entry.seq && range.firstSeq <= range.lastSeq) ranges.set(range.firstSeq, range);
  }
  return ranges;
}
