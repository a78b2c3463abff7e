import type { TenantId } from '../ports/ids';
import { describeActor } from '../actor-label';
import type { AuditQuery, AuditTrail, StoredAuditEntry } from '../audit/audit-trail.port';
import { listActorNames, type ActorNameDeps } from '../console-access/actor-names';
import type { AuditActor } from '../ports/audit-log.port';
import { listCriteriaChoices, type CriteriaChoices } from './choose-criteria';
import { requesterEntry, type CriteriaDeps, type CriteriaRequester } from './criteria-deps';

/** One stretch of time a version was live: from a publish or rollback until the next one (undefined: still live). */
export interface LivePeriod {
  from: Date;
  until: Date | undefined;
  /** Who made it live, in words. */
  by: string;
  how: 'published' | 'rolled_back';
}

/** live: the version contacts are scored with; draft: saved after it and never live; was_live; never_published: older than the live one, never live. */
export type VersionStatus = 'live' | 'draft' | 'was_live' | 'never_published';

export interface VersionHistoryRow {
  version: number;
  hash: string;
  note: string | undefined;
  savedAt: Date;
  /** Who saved it, in words. */
  savedBy: string;
  status: VersionStatus;
  /** Oldest first. */
  livePeriods: LivePeriod[];
}

export interface VersionHistory {
  /** Newest first. */
  rows: VersionHistoryRow[];
  choices: CriteriaChoices;
}

export interface VersionHistoryDeps extends Pick<CriteriaDeps, 'versions' | 'audit'>, ActorNameDeps {
  trail: Pick<AuditTrail, 'query'>;
}

interface LiveMove {
  version: number;
  at: Date;
  actor: AuditActor;
  how: LivePeriod['how'];
}

/** The most publish/rollback entries read (each kind); a portal publishing more often than this is not a real one. */
const MOVES_READ = 1000;

const actorOf = (e: StoredAuditEntry): AuditActor =>
  e.actorKind === 'user' ? { kind: 'user', hubspotUserId: e.actorId ?? '' } : e.actorKind === 'system' ? { kind: 'system', role: e.actorRole ?? 'web' } : { kind: 'hubspot' };

/** Every move of the live pointer, oldest first: the audit log's publish and rollback entries. */
async function readLiveMoves(portalId: TenantId, trail: VersionHistoryDeps['trail']): Promise<LiveMove[]> {
  const read = async (action: 'criteria.published' | 'criteria.rolled_back') => {
    const query: AuditQuery = { portalId, action, objectType: 'criteria' };
    return (await trail.query(query, { limit: MOVES_READ })).entries;
  };
  const entries = [...(await read('criteria.published')), ...(await read('criteria.rolled_back'))].filter((e) => e.outcome === 'success' && /^v\d+$/.test(e.objectId ?? ''));
  return entries.sort((a, b) => a.seq - b.seq).map((e) => ({
    version: Number(e.objectId!.slice(1)), at: e.occurredAt, actor: actorOf(e), how: e.action === 'criteria.rolled_back' ? 'rolled_back' : 'published',
  }));
}

/**
 * The version history as people read it: each version's status, when it was live (from the audit
 * log's publish and rollback entries; a publish made outside the console, such as at install,
 * comes from the live pointer itself) and who saved and published it, by name. Audited as
 * criteria.viewed.
 */
export async function readVersionHistory(req: CriteriaRequester, deps: VersionHistoryDeps): Promise<VersionHistory> {
  const [choices, moves, names] = await Promise.all([listCriteriaChoices(deps.versions, req.portalId), readLiveMoves(req.portalId, deps.trail), listActorNames(deps, req.portalId)]);
  const live = choices.versions.find((v) => v.published);
  if (live?.liveSince && !moves.some((m) => m.version === live.version && Math.abs(m.at.getTime() - live.liveSince!.getTime()) < 60_000)) {
    moves.push({ version: live.version, at: live.liveSince, actor: live.liveBy ?? live.createdBy, how: 'published' });
    moves.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
  const periods = new Map<number, LivePeriod[]>();
  moves.forEach((m, i) => {
    const period: LivePeriod = { from: m.at, until: moves[i + 1]?.at, by: describeActor(m.actor, names), how: m.how };
    periods.set(m.version, [...(periods.get(m.version) ?? []), period]);
  });
  const rows = choices.versions.map((v): VersionHistoryRow => {
    const livePeriods = periods.get(v.version) ?? [];
    const status: VersionStatus = v.published ? 'live' : livePeriods.length ? 'was_live' : live && v.version < live.version ? 'never_published' : 'draft';
    return { version: v.version, hash: v.hash, note: v.note, savedAt: v.createdAt, savedBy: describeActor(v.createdBy, names), status, livePeriods };
  });
  await deps.audit.append([requesterEntry(req, 'criteria.viewed', { objectType: 'criteria' })]);
  return { rows, choices };
}

/**
 * The version that was live before `liveVersion` (undefined: none is known), from the audit log's
 * publish and rollback entries: right after a publish, Simulate compares the new live version
 * with it, showing what a re-score would change.
 */
export async function findPreviouslyLiveVersion(portalId: TenantId, liveVersion: number, trail: VersionHistoryDeps['trail']): Promise<number | undefined> {
  const moves = await readLiveMoves(portalId, trail);
  return moves.reverse().find((m) => m.version !== liveVersion)?.version;
}
