import { auditKeyId, computeCheckpointMac, computeEntryMac, GENESIS_MAC, macsEqual } from './audit-chain';
import type { AuditChainBreak, AuditChainProblem, AuditVerification } from '../../app/audit/audit-trail.port';
import type { AuditLogRepository } from './audit-log.repository';

export type { AuditChainBreak, AuditChainProblem, AuditVerification } from '../../app/audit/audit-trail.port';

const DETAIL: Record<AuditChainProblem, string> = {
  gap: 'entry missing from the chain (deleted or renumbered)',
  mac_mismatch: 'entry altered after it was written (MAC does not match its content)',
  reordered: 'entry moved or reordered (it neither links to the previous entry nor matches its position)',
  link_mismatch: 'entry does not link to the previous entry (the previous entry was replaced)',
  unknown_key: 'entry was written with a different AUDIT_HMAC_KEY than the one configured',
  checkpoint_mismatch: 'retention checkpoint altered or forged (its MAC does not match)',
  head_mismatch: 'the end of the chain does not match its recorded head (head altered, or entries added beside the chain)',
};

/**
 * Walks one portal's chain (or every portal's, ascending) in seq order, page by page,
 * recomputing each MAC from the stored content; stops at the first broken entry. Starts from
 * the portal's latest retention checkpoint when it has one.
 */
export async function verifyAuditChains(
  repository: AuditLogRepository,
  hmacKey: Buffer,
  opts: { portalId?: number; pageSize?: number } = {},
): Promise<AuditVerification> {
  const portals = opts.portalId === undefined ? await repository.listPortals() : [opts.portalId];
  let entriesChecked = 0;
  const heads: AuditVerification['heads'] = [];
  for (const [index, portalId] of portals.entries()) {
    const result = await verifyPortalChain(repository, hmacKey, portalId, opts.pageSize);
    entriesChecked += result.entriesChecked;
    if (result.broken) return { ok: false, portalsChecked: index + 1, entriesChecked, heads, broken: result.broken };
    if (result.head) heads.push({ portalId, ...result.head });
  }
  return { ok: true, portalsChecked: portals.length, entriesChecked, heads };
}

async function verifyPortalChain(
  repository: AuditLogRepository,
  key: Buffer,
  portalId: number,
  pageSize?: number,
): Promise<{ entriesChecked: number; broken?: AuditChainBreak; head?: { seq: number; mac: string } }> {
  const keyId = auditKeyId(key);
  const breakAt = (seq: number, problem: AuditChainProblem, entriesChecked: number) => ({
    entriesChecked,
    broken: { portalId, seq, problem, detail: DETAIL[problem] },
  });

  let expectedSeq = 1;
  let prevMac = GENESIS_MAC;
  const checkpoint = await repository.latestCheckpoint(portalId);
  if (checkpoint) {
    const { mac, ...unsigned } = checkpoint;
    if (checkpoint.keyId !== keyId || !macsEqual(computeCheckpointMac(key, unsigned), mac)) {
      return breakAt(checkpoint.lastSeq, 'checkpoint_mismatch', 0);
    }
    expectedSeq = checkpoint.lastSeq + 1;
    prevMac = checkpoint.lastMac;
  }

  // Read once, before the walk: entries appended while we walk lie beyond it and are left alone.
  const end = await repository.readChainEnd(portalId);
  const headSeq = end.head?.seq ?? 0;
  let checked = 0;
  for await (const entry of repository.streamEntries({ portalId }, pageSize)) {
    if (entry.seq < expectedSeq) continue; // covered by the checkpoint
    if (entry.seq > headSeq) break;
    if (entry.seq !== expectedSeq) return breakAt(expectedSeq, 'gap', checked);
    if (entry.keyId !== keyId) return breakAt(entry.seq, 'unknown_key', checked);
    const { prevMac: storedPrev, mac, ...unsigned } = entry;
    const contentOk = macsEqual(computeEntryMac(key, unsigned, storedPrev), mac);
    const linkOk = macsEqual(storedPrev, prevMac);
    if (!contentOk) return breakAt(entry.seq, linkOk ? 'mac_mismatch' : 'reordered', checked);
    if (!linkOk) return breakAt(entry.seq, 'link_mismatch', checked);
    checked += 1;
    expectedSeq += 1;
    prevMac = mac;
  }
  const lastSeq = expectedSeq - 1;
  if (lastSeq < headSeq) return breakAt(expectedSeq, 'gap', checked); // removed from the end
  if (lastSeq > headSeq) return breakAt(headSeq + 1, 'head_mismatch', checked);
  if (end.head && !macsEqual(prevMac, end.head.mac)) return breakAt(headSeq, 'head_mismatch', checked);
  if ((end.lastStoredSeq ?? 0) > headSeq) return breakAt(headSeq + 1, 'head_mismatch', checked);
  return { entriesChecked: checked, head: end.head };
}
