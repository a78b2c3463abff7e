import { AppError } from '../errors';
import type { AuditAction } from '../ports/audit-log.port';
import { followPublishedCriteria } from '../property-subscriptions';
import { noSuchVersion } from './choose-criteria';
import { requesterEntry, type CriteriaDeps, type CriteriaRequester } from './criteria-deps';
import { startRescore, type RescoreProgress } from './rescore';

/**
 * What to do about contacts scored with the previous version: `offer` leaves them (new and
 * re-scored contacts use the new version) and says a re-score is available; `start` re-scores
 * every contact of the portal now.
 */
export type RescoreChoice = 'offer' | 'start';

export type RescoreAfterPublish =
  | { kind: 'offered' }
  | { kind: 'started' | 'already_running'; progress: RescoreProgress };

export interface PublishOutcome {
  version: number;
  /** The live criteria's content hash (what results name as their rules version). */
  hash: string;
  rescore: RescoreAfterPublish;
}

/** Makes a saved version live, audited as criteria.published, then offers or starts a re-score. */
export async function publishCriteria(req: CriteriaRequester, version: number, rescore: RescoreChoice, deps: CriteriaDeps): Promise<PublishOutcome> {
  return moveLivePointer(req, version, 'criteria.published', rescore, deps);
}

/** Rollback is publishing an earlier version again, audited as criteria.rolled_back. */
export async function rollBackCriteria(req: CriteriaRequester, version: number, rescore: RescoreChoice, deps: CriteriaDeps): Promise<PublishOutcome> {
  return moveLivePointer(req, version, 'criteria.rolled_back', rescore, deps);
}

async function moveLivePointer(req: CriteriaRequester, version: number, action: AuditAction, rescore: RescoreChoice, deps: CriteriaDeps): Promise<PublishOutcome> {
  const live = await deps.versions.publishVersion(req.portalId, version, { actor: req.actor }).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'criteria.version_not_found' ? noSuchVersion() : error;
  });
  await deps.audit.append([requesterEntry(req, action, { objectType: 'criteria', objectId: `v${live.version}`, criteriaVersion: live.hash })]);
  // HubSpot tells CareQual about changes to exactly the properties the live criteria read.
  if (deps.follow) await followPublishedCriteria({ ...deps.follow, warn: deps.warn }, req.portalId);
  if (rescore === 'offer') return { version: live.version, hash: live.hash, rescore: { kind: 'offered' } };
  const started = await startRescore(req, deps.rescore);
  return { version: live.version, hash: live.hash, rescore: { kind: started.alreadyRunning ? 'already_running' : 'started', progress: started.progress } };
}
