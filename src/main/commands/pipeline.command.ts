import type { TenantId } from '../../app/ports/ids';
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { BackfillRunRepository } from '../../adapters/db/backfill-run.repository';
import { QUEUE_NAMES, type QueueName } from '../../adapters/queue/queues';
import { startBackfill, type BackfillRun } from '../../app/backfill';
import { appServicesOf } from '../app-services';
import { closeQueuesOf, queuesOf } from '../queues.wiring';
import type { RuntimeServices } from '../runtime';
import { withCliServices } from './cli-services';
import { parsePortalId } from './cli-arguments';

const POLL_MS = 500;
const QUEUES = Object.values(QUEUE_NAMES);

/**
 * `carequal backfill --portal N`: qualify every existing contact of a portal (resumable; the
 * workers do the work, this shows their progress). `carequal replay`: re-queue jobs that
 * exhausted their attempts, after the cause was fixed.
 */
export function registerPipelineCommands(program: Command): void {
  program
    .command('backfill')
    .description('qualify every existing contact of a portal, page by page (run by the workers; resumable)')
    .requiredOption('--portal <id>', 'HubSpot portal id', parsePortalId)
    .option('--no-wait', 'start (or find) the run and exit instead of showing progress')
    .action(async (opts: { portal: TenantId; wait: boolean }) => {
      await withCliServices(async (services) => {
        const status = await appServicesOf(services).installations.tryGetStatus(opts.portal);
        if (status !== 'active') {
          process.stderr.write(`carequal: portal ${opts.portal} is ${status ?? 'not installed'}; nothing to backfill\n`);
          process.exitCode = 1;
          return;
        }
        const run = await startRun(services, opts.portal);
        if (opts.wait) await showProgress(services, run);
        else process.stdout.write(`backfill ${run.id} for portal ${opts.portal}: ${run.status}\n`);
      });
    });

  program
    .command('replay')
    .description('re-queue failed jobs (those that exhausted their attempts or failed permanently)')
    .option('--queue <name>', `one queue (${QUEUES.join(', ')}); default all`, parseQueue)
    .option('--portal <id>', 'only jobs of this portal', parsePortalId)
    .option('--limit <n>', 'at most this many jobs', parseLimit, 10_000)
    .action(async (opts: { queue?: string; portal?: TenantId; limit: number }) => {
      await withCliServices(async (services) => {
        let replayed = 0;
        const queues = queuesOf(services);
        const handles = { [QUEUE_NAMES.qualify]: queues.qualify, [QUEUE_NAMES.backfill]: queues.backfill, [QUEUE_NAMES.purge]: queues.purge };
        try {
          for (const name of opts.queue ? [opts.queue as QueueName] : QUEUES) {
            const failed = await handles[name].get().getFailed(0, opts.limit - replayed - 1);
            for (const job of failed) {
              if (opts.portal !== undefined && (job.data as { portalId?: TenantId }).portalId !== opts.portal) continue;
              await job.retry('failed');
              replayed++;
              process.stdout.write(`replayed ${name} job ${job.id} (failed: ${job.failedReason})\n`);
            }
          }
        } finally {
          await closeQueuesOf(services);
        }
        process.stdout.write(`${replayed} job${replayed === 1 ? '' : 's'} re-queued\n`);
      });
    });
}

async function startRun(services: RuntimeServices, portalId: TenantId): Promise<BackfillRun> {
  try {
    const { enqueueNextPage } = queuesOf(services);
    const runs = new BackfillRunRepository(services.db);
    const { run, alreadyRunning } = await startBackfill({ portalId, reason: 'backfill', requestedBy: { kind: 'system', role: 'cli' }, runId: randomUUID() }, { runs, audit: appServicesOf(services).audit, enqueueNextPage });
    if (alreadyRunning) process.stdout.write(`a backfill is already running for portal ${portalId} (${run.id}); following it\n`);
    return run;
  } finally {
    await closeQueuesOf(services);
  }
}

/** Follows the run until it finishes (Ctrl-C stops watching; the run goes on in the workers). */
async function showProgress(services: RuntimeServices, started: BackfillRun): Promise<void> {
  const runs = new BackfillRunRepository(services.db);
  const bar = new SingleBar({ format: 'backfill {bar} {value}/{total} contacts · {pages} pages · {state}', hideCursor: true }, Presets.shades_classic);
  bar.start(Math.max(1, started.contactsEnqueued), started.contactsDone, { pages: started.pagesEnqueued, state: 'listing' });
  let run: BackfillRun | undefined = started;
  while (run && run.status === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    run = await runs.get(started.id);
    if (!run) break;
    bar.setTotal(Math.max(1, run.contactsEnqueued));
    bar.update(Math.min(run.contactsDone, run.contactsEnqueued), { pages: run.pagesEnqueued, state: run.afterCursor === null && run.pagesEnqueued > 0 ? 'qualifying' : 'listing' });
  }
  bar.stop();
  process.stdout.write(`backfill ${started.id}: ${run?.status ?? 'gone'} (${run?.contactsDone ?? 0} contacts qualified)\n`);
  if (run?.status !== 'finished') process.exitCode = 1;
}


function parseQueue(value: string): string {
  if (!QUEUES.includes(value as (typeof QUEUES)[number])) throw new InvalidArgumentError(`must be one of ${QUEUES.join(', ')}`);
  return value;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
}
