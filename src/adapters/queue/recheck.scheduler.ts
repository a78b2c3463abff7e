import type { Queue } from 'bullmq';
import type { RecheckScheduler } from '../../app/ports/pipeline.port';
import type { QualifyJob } from './job.schemas';

/** Priority of scheduled work: below fresh webhook leads (BullMQ: lower number first). */
export const RECHECK_PRIORITY = 50;

/**
 * Re-checks are delayed jobs on the qualify queue with a deterministic id per contact and day,
 * so scoring the same not-now lead again does not stack up duplicate re-checks.
 */
export function createRecheckScheduler(queue: Queue, now: () => number = Date.now): RecheckScheduler {
  return {
    async scheduleRecheck(portalId, contactId, at) {
      const day = at.toISOString().slice(0, 10);
      const data: QualifyJob = { portalId, contactIds: [contactId], traceId: `recheck-${portalId}-${contactId}`, reason: 'recheck' };
      await queue.add('recheck', data, {
        jobId: `recheck-${portalId}-${contactId}-${day}`,
        delay: Math.max(0, at.getTime() - now()),
        priority: RECHECK_PRIORITY,
      });
    },
  };
}
