import type { TenantId } from '../ports/ids';
import type { BackfillRunStore } from '../backfill';
import type { AuditAction, AuditActor, AuditEntryInput, AuditLog } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { CriteriaVersionStore } from '../ports/criteria-versions.port';
import type { CrmGateway } from '../ports/crm-gateway.port';
import type { FollowCriteriaDeps } from '../property-subscriptions';

/** Who asks and for which portal: a typed actor end to end, with the request id for the audit entries. */
export interface CriteriaRequester {
  portalId: TenantId;
  actor: AuditActor;
  requestId?: string;
}

/** What starting a re-score needs: the runs table, the audit log and the backfill queue. */
export interface RescoreDeps {
  runs: Pick<BackfillRunStore, 'create' | 'latestForPortal'>;
  audit: AuditLog;
  /** Enqueues the job that lists page `page` of the run (the backfill queue). */
  enqueueNextPage(runId: string, page: number): Promise<void>;
  newRunId(): string;
}

/** The ports the criteria use cases (save, publish, roll back, simulate, try a lead, re-score) run on. */
export interface CriteriaDeps {
  versions: CriteriaVersionStore;
  audit: AuditLog;
  clock: Clock;
  crm: Pick<CrmGateway, 'sampleRecentContacts' | 'listContactProperties' | 'listOwners'>;
  rescore: RescoreDeps;
  /** Re-points the portal's property-change subscription after a publish or rollback (absent: nothing to follow). */
  follow?: Omit<FollowCriteriaDeps, 'warn'>;
  /** Reports a degraded read with codes only (e.g. HubSpot's property list unavailable). */
  warn(message: string, meta: Record<string, unknown>): void;
}

type Extra = Partial<Pick<AuditEntryInput, 'objectType' | 'objectId' | 'propertyNames' | 'criteriaVersion'>>;

/** One successful audit entry for the requester's action. */
export function requesterEntry(req: CriteriaRequester, action: AuditAction, extra: Extra = {}): AuditEntryInput {
  return { portalId: req.portalId, action, actor: req.actor, outcome: 'success', ...(req.requestId ? { requestId: req.requestId } : {}), ...extra };
}
