import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EffectivenessStore } from '../../app/effectiveness/effectiveness.ports';
import { createSilentLogger } from '../../observability/logger';
import { createMetrics } from '../../observability/metrics';
import { CountingBudget, RecordingAuditLog, StaticTenancy } from '../../../test/fakes/pipeline.fakes';
import { EFFECTIVENESS_NIGHTLY_QUEUE, EFFECTIVENESS_QUEUE, enqueueNightlyRuns, processEffectivenessJob, scheduleNightlySweep, type EffectivenessWorkerDeps } from './effectiveness.worker';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('effectiveness jobs (real Redis)', () => {
  const prefix = `cq-eff-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let runs: Queue;
  let sweeps: Queue;
  const statuses = new Map<number, string>([[501, 'active'], [502, 'active'], [503, 'uninstalled']]);
  const deps = {
    installations: {
      tryGetStatus: async (portalId: TenantId) => statuses.get(portalId),
      list: async () => [...statuses].filter(([, s]) => s === 'active').map(([portalId]) => ({ portalId: tenantId(portalId) })),
    },
    clock: { now: () => new Date('2026-12-01T03:00:00Z') },
    crm: { searchScoredContacts: async () => { throw new Error('must not be called'); }, searchCompletedTasks: async () => { throw new Error('must not be called'); } },
    budget: new CountingBudget(), sleep: async () => undefined, store: {} as EffectivenessStore, criteria: new StaticTenancy(), audit: new RecordingAuditLog(),
    newRunId: () => 'never', logger: createSilentLogger(), metrics: createMetrics(),
  } satisfies EffectivenessWorkerDeps;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    runs = new Queue(EFFECTIVENESS_QUEUE, { connection: redis, prefix });
    sweeps = new Queue(EFFECTIVENESS_NIGHTLY_QUEUE, { connection: redis, prefix });
  });
  afterAll(async () => {
    await runs.obliterate({ force: true });
    await sweeps.obliterate({ force: true });
    await Promise.all([runs.close(), sweeps.close()]);
    redis.disconnect();
  });

  it('when the nightly sweep runs twice in one night, then each active portal has exactly one run queued, with ids only', async () => {
    expect(await enqueueNightlyRuns(runs, deps)).toBe(2);
    await enqueueNightlyRuns(runs, deps);
    const jobs = await runs.getJobs(['waiting']);
    expect(jobs.map((j) => j.id).sort()).toEqual(['eff-501-2026-12-01', 'eff-502-2026-12-01']);
    expect(jobs.map((j) => j.data)).toEqual(expect.arrayContaining([{ portalId: 501, requestedBy: 'nightly' }]));
  });

  it('when the sweep is scheduled again at start, then one scheduler exists, every night at 03:00 UTC', async () => {
    await scheduleNightlySweep(sweeps);
    await scheduleNightlySweep(sweeps);
    const schedulers = await sweeps.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC' });
  });

  it('when a run is for a portal no longer active, then it is skipped without reading HubSpot', async () => {
    await expect(processEffectivenessJob({ portalId: 503, requestedBy: 'nightly' }, 'j1', deps)).resolves.toBe('skipped');
  });

  it('when job data carries anything but ids, then it is refused as invalid', async () => {
    await expect(processEffectivenessJob({ portalId: 501, requestedBy: 'nightly', email: 'x@example.org' }, 'j2', deps)).rejects.toMatchObject({ code: 'job.invalid_data' });
  });
});
