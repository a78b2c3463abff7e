import type { JobQueue, QualifyRequest } from '../../app/ports/job-queue.port';
import type { RecheckScheduler } from '../../app/ports/pipeline.port';

/**
 * Re-checks are delayed qualify jobs (reason `recheck`, so they queue behind live inquiries)
 * with a deterministic id per contact and day, so scoring the same not-now lead again does not
 * stack up duplicate re-checks. A job's re-checks are added in one round trip (BullMQ addBulk):
 * one at a time, a re-score page's ~20 not-now leads cost its worker more CPU than scoring them.
 */
export function createRecheckScheduler(qualifyJobs: JobQueue<QualifyRequest>): RecheckScheduler {
  return {
    async scheduleRechecks(portalId, rechecks) {
      await qualifyJobs.enqueue(rechecks.map(({ contactId, at }) => ({
        jobId: `recheck-${portalId}-${contactId}-${at.toISOString().slice(0, 10)}`,
        data: { portalId, contactIds: [contactId], traceId: `recheck-${portalId}-${contactId}`, reason: 'recheck' as const },
        runAt: at,
      })));
    },
  };
}
