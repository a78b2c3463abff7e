import type { JobQueue, QualifyRequest } from '../../app/ports/job-queue.port';
import type { RecheckScheduler } from '../../app/ports/pipeline.port';

/**
 * Re-checks are delayed qualify jobs (reason `recheck`, so they queue behind live inquiries)
 * with a deterministic id per contact and day, so scoring the same not-now lead again does not
 * stack up duplicate re-checks.
 */
export function createRecheckScheduler(qualifyJobs: JobQueue<QualifyRequest>): RecheckScheduler {
  return {
    async scheduleRecheck(portalId, contactId, at) {
      const day = at.toISOString().slice(0, 10);
      await qualifyJobs.enqueue([{
        jobId: `recheck-${portalId}-${contactId}-${day}`,
        data: { portalId, contactIds: [contactId], traceId: `recheck-${portalId}-${contactId}`, reason: 'recheck' },
        runAt: at,
      }]);
    },
  };
}
