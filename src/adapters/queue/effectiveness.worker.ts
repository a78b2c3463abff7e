import { tenantId, type TenantId } from '../../app/ports/ids';
import { Worker, type Job, type Queue, type WorkerOptions } from 'bullmq';
import { z } from 'zod';
import { runEffectiveness, type EffectivenessDeps } from '../../app/effectiveness/run-effectiveness';
import { AppError } from '../../app/errors';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { wrapProcessor } from './job-runner';

/** One portal's effectiveness run (ids only). */
export const EFFECTIVENESS_QUEUE = 'effectiveness';
/** The nightly sweep: one job a night that enqueues a run per active portal. */
export const EFFECTIVENESS_NIGHTLY_QUEUE = 'effectiveness-nightly';
/** 03:00 UTC: after US evenings, before the practices open. */
export const NIGHTLY_PATTERN = '0 3 * * *';

export const EffectivenessJobSchema = z.strictObject({ portalId: z.number().int().positive().transform(tenantId), requestedBy: z.string().min(1).max(64) });
export type EffectivenessJob = z.infer<typeof EffectivenessJobSchema>;

export interface EffectivenessWorkerDeps extends EffectivenessDeps {
  installations: { tryGetStatus(portalId: TenantId): Promise<string | undefined>; list(status: 'active'): Promise<ReadonlyArray<{ portalId: TenantId }>> };
  logger: Logger;
  metrics: Metrics;
}

/**
 * Runs one portal's effectiveness job; skips portals no longer active. A worker that dies midway
 * leaves its run with the weeks it finished checkpointed; BullMQ's retry of the same job resumes
 * that run (same window) and reads only the weeks left. Figures are stored whole, never half.
 */
export async function processEffectivenessJob(data: unknown, jobId: string, deps: EffectivenessWorkerDeps): Promise<{ contactsRead: number } | 'skipped'> {
  const parsed = EffectivenessJobSchema.safeParse(data);
  if (!parsed.success) throw new AppError('job.invalid_data', 'effectiveness job data does not match its schema');
  if ((await deps.installations.tryGetStatus(parsed.data.portalId)) !== 'active') return 'skipped';
  const result = await runEffectiveness({ ...parsed.data, actor: { kind: 'system', role: 'worker', jobId }, jobId }, deps);
  deps.logger.info('effectiveness run done', { runId: result.runId, contacts: result.contactsRead, calls: result.hubspotCalls });
  return { contactsRead: result.contactsRead };
}

/** The nightly sweep: one run per active portal, with a job id per portal and day (a re-run sweep adds none). */
export async function enqueueNightlyRuns(runs: Queue, deps: Pick<EffectivenessWorkerDeps, 'installations' | 'clock'>): Promise<number> {
  const day = deps.clock.now().toISOString().slice(0, 10);
  const portals = await deps.installations.list('active');
  for (const { portalId } of portals) {
    await runs.add(EFFECTIVENESS_QUEUE, { portalId, requestedBy: 'nightly' } satisfies EffectivenessJob, { jobId: `eff-${portalId}-${day}` });
  }
  return portals.length;
}

/** Wiring only: the run worker (one run at a time per process) and the nightly sweep worker. */
export function createEffectivenessWorkers(deps: EffectivenessWorkerDeps, runs: Queue, opts: WorkerOptions): Worker[] {
  const runWorker = new Worker(EFFECTIVENESS_QUEUE, wrapProcessor(EFFECTIVENESS_QUEUE, (job: Job) => processEffectivenessJob(job.data, job.id ?? 'unknown', deps), deps), { ...opts, concurrency: 1 });
  const sweepWorker = new Worker(EFFECTIVENESS_NIGHTLY_QUEUE, wrapProcessor(EFFECTIVENESS_NIGHTLY_QUEUE, () => enqueueNightlyRuns(runs, deps), deps), { ...opts, concurrency: 1 });
  for (const worker of [runWorker, sweepWorker]) worker.on('error', (error) => deps.logger.error('effectiveness worker error', { error }));
  return [runWorker, sweepWorker];
}

/** Registers (idempotently) the nightly sweep with BullMQ's job scheduler. */
export async function scheduleNightlySweep(sweeps: Queue): Promise<void> {
  await sweeps.upsertJobScheduler('effectiveness-nightly', { pattern: NIGHTLY_PATTERN, tz: 'UTC' }, { name: EFFECTIVENESS_NIGHTLY_QUEUE, data: {} });
}
