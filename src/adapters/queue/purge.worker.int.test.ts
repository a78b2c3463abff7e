import { contactId, type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '../db/database';
import { migrate } from '../db/migrator';
import type { AuditEntryInput } from '../../app/ports/audit-log.port';
import { createSilentLogger } from '../../observability/logger';
import { createMetrics } from '../../observability/metrics';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { createPurgeWorker, processPurgeJob, type PurgeDeps } from './purge.worker';
import { createPurgeProducer } from './qualify.producer';
import { openQueueHandle } from './queue-handle';
import { isAppError } from '../../app/errors';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(databaseEngines())('purge worker (%s)', (engine) => {
  let db: Database;
  let audit: AuditEntryInput[];
  let deps: PurgeDeps;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
  });
  afterAll(async () => db?.close());
  beforeEach(() => {
    audit = [];
    deps = { db, audit: { append: async (entries) => void audit.push(...entries) }, logger: createSilentLogger(), metrics: createMetrics() };
  });

  async function addFollowUp(portalId: TenantId, contactId: string, criteriaHash = 'c1') {
    await db.query('INSERT INTO follow_up_tasks (portal_id, contact_id, inquiry_key, hubspot_task_id) VALUES ($1, $2, $3, $4)', [portalId, contactId, criteriaHash, `task-${contactId}`]);
  }
  async function followUps(portalId: TenantId): Promise<string[]> {
    const { rows } = await db.query<{ contact_id: string }>('SELECT contact_id FROM follow_up_tasks WHERE portal_id = $1 ORDER BY contact_id', [portalId]);
    return rows.map((r) => r.contact_id);
  }

  it('when contacts are purged, then only their follow-up rows in that portal go and each is audited as contact.purged', async () => {
    await addFollowUp(tenantId(81_001), '11');
    await addFollowUp(tenantId(81_001), '11', 'c2');
    await addFollowUp(tenantId(81_001), '12');
    await addFollowUp(tenantId(81_001), '13');
    await addFollowUp(tenantId(81_002), '11'); // same contact id, another portal
    const outcome = await processPurgeJob({ portalId: 81_001, contactIds: ['11', '12'], traceId: 'req-1', privacy: true }, 'wh-abc-pp0', deps);
    expect(outcome).toEqual({ contacts: 2, followUpTasksDeleted: 3 });
    expect(await followUps(tenantId(81_001))).toEqual(['13']);
    expect(await followUps(tenantId(81_002))).toEqual(['11']);
    expect(audit).toEqual(['11', '12'].map((id) => ({
      portalId: 81_001, action: 'contact.purged', actor: { kind: 'system', role: 'worker', jobId: 'wh-abc-pp0' }, objectType: 'contact', objectId: id, outcome: 'success', jobId: 'wh-abc-pp0',
    })));
  });

  it('when the same purge runs again, then nothing more is deleted and it still succeeds', async () => {
    await addFollowUp(tenantId(81_003), '21');
    const data = { portalId: 81_003, contactIds: ['21'], traceId: 'req-2', privacy: false };
    await processPurgeJob(data, 'j1', deps);
    expect(await processPurgeJob(data, 'j1', deps)).toEqual({ contacts: 1, followUpTasksDeleted: 0 });
  });

  it('when the job data does not match the schema, then it fails permanently (not retried)', async () => {
    const error = await processPurgeJob({ portalId: 81_004, contactIds: ['not-an-id'], traceId: 't', privacy: false }, 'j2', deps).catch((e: unknown) => e);
    expect(isAppError(error) && !error.retryable && error.code).toBe('job.invalid_data');
  });

  it('when a purge job is enqueued by the producer, then the BullMQ worker runs it', async () => {
    await addFollowUp(tenantId(81_005), '31');
    const prefix = `cqtest-${randomBytes(5).toString('hex')}`;
    const queueName = `purge-${randomBytes(5).toString('hex')}`;
    const producerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const handle = openQueueHandle(queueName, { connection: producerConnection, prefix });
    const producer = createPurgeProducer(handle);
    const events = new QueueEvents(queueName, { connection: { url: REDIS_URL }, prefix });
    await events.waitUntilReady();
    const worker = createPurgeWorker(deps, { connection: workerConnection, prefix, queueName, concurrency: 1 });
    try {
      const done = new Promise<string>((resolve) => events.on('completed', ({ jobId }) => resolve(jobId)));
      await producer.enqueue([{ jobId: 'wh-xyz-p0', data: { portalId: tenantId(81_005), contactIds: [contactId('31')], traceId: 'req-3', privacy: false } }]);
      expect(await done).toBe('wh-xyz-p0');
      expect(await followUps(tenantId(81_005))).toEqual([]);
      expect(audit.map((a) => a.objectId)).toEqual(['31']);
    } finally {
      await worker.close();
      await events.close();
      await handle.close();
      const keys = await producerConnection.keys(`${prefix}:*`);
      if (keys.length) await producerConnection.del(...keys);
      producerConnection.disconnect();
      workerConnection.disconnect();
    }
  });
});
