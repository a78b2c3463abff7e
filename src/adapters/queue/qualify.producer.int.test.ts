import { contactId, tenantId, type ContactId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { waitFor } from '../../../test/support/wait';
import type { QualifyReason, QualifyRequest } from '../../app/ports/job-queue.port';
import { createRecheckScheduler } from './recheck.scheduler';
import { createQualifyProducer } from './qualify.producer';
import { openQueueHandle, type QueueHandle } from './queue-handle';

const REDIS_URL = process.env.TEST_REDIS_URL!;

describe('qualify producer (real Redis)', () => {
  let connection: Redis;
  let workerConnection: Redis;
  let handle: QueueHandle;
  let prefix: string;
  const queueName = 'qualify';

  beforeEach(() => {
    prefix = `cqtest-${randomBytes(5).toString('hex')}`;
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    handle = openQueueHandle(queueName, { connection, prefix });
  });

  afterEach(async () => {
    await handle.get().obliterate({ force: true });
    await handle.close();
    connection.disconnect();
    workerConnection.disconnect();
  });

  const request = (reason: QualifyReason, id: string): QualifyRequest => ({ portalId: tenantId(7), contactIds: [contactId(id)], traceId: `t-${id}`, reason });

  /** Runs the queue one job at a time and returns the order in which the jobs were taken. */
  async function drain(expected: number): Promise<string[]> {
    const order: string[] = [];
    const worker = new Worker(queueName, async (job) => void order.push(`${job.data.reason}:${job.data.contactIds[0]}`), { connection: workerConnection, prefix, concurrency: 1 });
    try {
      await waitFor(() => order.length >= expected, { timeoutMs: 30_000, what: () => `${expected} jobs processed (${order.length} so far)` });
    } finally {
      await worker.close();
    }
    return order;
  }

  it('when a live inquiry is enqueued after 200 backfill jobs and 2 re-checks, then it is processed first, the re-checks next and the backfill last', async () => {
    const producer = createQualifyProducer(handle);
    await producer.enqueue(Array.from({ length: 200 }, (_, i) => ({ jobId: `bf-run-${i}`, data: request('backfill', String(1000 + i)) })));
    await producer.enqueue([1, 2].map((i) => ({ jobId: `recheck-${i}`, data: request('recheck', String(i)) })));
    await producer.enqueue([{ jobId: 'wh-live-q0', data: request('webhook', '42') }]);

    const order = await drain(203);

    expect(order.slice(0, 3)).toEqual(['webhook:42', 'recheck:1', 'recheck:2']);
    expect(order.slice(3).every((taken) => taken.startsWith('backfill:'))).toBe(true);
    expect(order.slice(3, 5)).toEqual(['backfill:1000', 'backfill:1001']);
  });

  it('when the same job id is enqueued twice, then it runs once', async () => {
    const producer = createQualifyProducer(handle);
    await producer.enqueue([{ jobId: 'wh-dup-q0', data: request('webhook', '5') }]);
    await producer.enqueue([{ jobId: 'wh-dup-q0', data: request('webhook', '5') }, { jobId: 'wh-other-q0', data: request('webhook', '6') }]);

    expect(await drain(2)).toEqual(['webhook:5', 'webhook:6']);
    expect(await handle.get().getJobCountByTypes('completed', 'wait', 'prioritized')).toBe(2);
  });

  it('when a re-check is due later, then it waits in the delayed set until then', async () => {
    const nowMs = Date.parse('2026-12-01T10:00:00Z');
    const producer = createQualifyProducer(handle, { now: () => nowMs });
    await producer.enqueue([{ jobId: 'recheck-later', data: request('recheck', '9'), runAt: new Date(nowMs + 3_600_000) }]);

    const job = await handle.get().getJob('recheck-later');
    expect(await job?.getState()).toBe('delayed');
    expect(job?.opts.delay).toBe(3_600_000);
  });

  it('when a job schedules its not-now leads\' re-checks, then each is one delayed re-check job per contact and day, and scheduling them again adds none', async () => {
    const rechecks = createRecheckScheduler(createQualifyProducer(handle));
    const at = new Date(Date.now() + 86_400_000);
    const leads = ['301', '302', '303'].map((id) => ({ contactId: contactId(id), at }));
    await rechecks.scheduleRechecks(tenantId(77), leads);
    await rechecks.scheduleRechecks(tenantId(77), leads); // the same page re-scored

    const day = at.toISOString().slice(0, 10);
    const jobs = await Promise.all(leads.map(({ contactId }) => handle.get().getJob(`recheck-77-${contactId}-${day}`)));
    expect(jobs.map((job) => job?.data)).toEqual(leads.map(({ contactId }) => expect.objectContaining({ portalId: 77, contactIds: [contactId], reason: 'recheck' })));
    expect(await Promise.all(jobs.map((job) => job?.getState()))).toEqual(['delayed', 'delayed', 'delayed']);
    expect(await handle.get().getJobCountByTypes('delayed')).toBe(3);
  });

  it('when job data carries more than ids (a property value), then nothing is enqueued and the caller gets a validation error', async () => {
    const producer = createQualifyProducer(handle);
    const bad = { ...request('webhook', '1'), contactIds: ['jane@example.com' as ContactId] }; // what a producer that skipped contactId() would send
    await expect(producer.enqueue([{ jobId: 'bad', data: bad }])).rejects.toThrow();
    expect(await handle.get().getJobCountByTypes('wait', 'prioritized', 'delayed')).toBe(0);
  });
});
