import type { QueuedJobs } from '../../app/uninstall-portal';
import type { QueueHandle } from './queue-handle';

/** Job states that have not started: what an uninstall can still take back. */
const NOT_STARTED = ['waiting', 'prioritized', 'delayed', 'paused', 'waiting-children'] as const;
const PAGE = 500;

/**
 * The queued jobs of one portal across the given queues (each job's data names its portal).
 * Reads the not-started jobs page by page (job data holds ids only, so this is small even for a
 * large backlog), then removes the portal's. A job that a worker takes in between cannot be
 * removed; it re-reads the installation and skips the now uninstalled portal.
 */
export function createQueuedJobs(queues: readonly QueueHandle[]): QueuedJobs {
  return {
    async dropQueued(portalId) {
      let dropped = 0;
      for (const handle of queues) {
        const queue = handle.get();
        const ids: string[] = [];
        for (const state of NOT_STARTED) {
          // One state at a time: BullMQ applies the range to each state it is given.
          for (let start = 0; ; start += PAGE) {
            const jobs = await queue.getJobs(state, start, start + PAGE - 1, true);
            for (const job of jobs) if (job?.id && (job.data as { portalId?: unknown } | undefined)?.portalId === portalId) ids.push(job.id);
            if (jobs.length < PAGE) break;
          }
        }
        for (const id of ids) {
          // remove() refuses a job that is locked (just taken by a worker): that one skips the portal itself.
          if (await queue.remove(id).catch(() => 0)) dropped++;
        }
      }
      return dropped;
    },
  };
}
