import { Cluster } from 'ioredis';
import { tenantId } from '../../src/app/ports/ids';
import { inquiryValues, tasksPerContact, waitForWriteBack } from '../support/pipeline-probes';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../support/private-redis-cluster';
import { eventually, installThroughOAuth, startSandboxedApp, type SandboxedApp } from '../support/sandbox-app';

/**
 * The whole pipeline on a Redis Cluster of three masters (REDIS_CLUSTER_NODES): webhook →
 * dedupe ledger → qualify queue → per-portal budget → contact claims → token lock → write-back in
 * the sandbox. Every multi-key command CareQual sends must keep its keys in one slot, or the
 * cluster answers CROSSSLOT and no lead is written back.
 */
describe('qualify pipeline end to end on a three-master Redis Cluster', () => {
  let cluster: PrivateRedisCluster;
  let app: SandboxedApp;
  let inspector: Cluster;
  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
    app = await startSandboxedApp({ env: { REDIS_CLUSTER_NODES: cluster.nodes } });
    inspector = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { maxRetriesPerRequest: 1 } });
  }, 90_000);
  afterAll(async () => {
    inspector?.disconnect();
    await app?.stop();
    await cluster?.stop();
  });

  /** Every key under `pattern` on every master of the cluster. */
  async function keysOnCluster(pattern: string): Promise<{ keys: string[]; mastersHolding: number }> {
    const perMaster = await Promise.all(inspector.nodes('master').map((node) => node.keys(pattern)));
    return { keys: perMaster.flat(), mastersHolding: perMaster.filter((keys) => keys.length > 0).length };
  }

  it('when two practices each get a patient inquiry, then both are qualified and written back, with one follow-up task each', async () => {
    expect(app.config.redis).toMatchObject({ mode: 'cluster' });
    const portals = [tenantId((await installThroughOAuth(app)).portalId), tenantId((await installThroughOAuth(app)).portalId)];
    const created = await Promise.all(portals.map(async (portalId) => ({ portalId, ids: await app.sandbox.createContacts(portalId, [inquiryValues(), inquiryValues()]) })));
    for (const { portalId, ids } of created) {
      const written = await waitForWriteBack(app.sandbox, portalId, ids, 90_000);
      expect(written.map((c) => c.properties.carequal_outcome)).toEqual(['care_ready', 'care_ready']);
      const tasks = await eventually(() => {
        const perContact = tasksPerContact(app.sandbox, portalId);
        return perContact.size === ids.length ? perContact : undefined;
      }, 30_000, `follow-up tasks of portal ${portalId}`);
      expect(ids.map((id) => tasks.get(id))).toEqual([1, 1]);
    }
  }, 180_000);

  it('when the queues ran on the cluster, then every BullMQ key carries the {prefix} hash tag and the deduplication ledger is slotted per portal', async () => {
    const queueKeys = await keysOnCluster(`{${app.queuePrefix}}:qualify:*`);
    expect(queueKeys.keys.length).toBeGreaterThan(0);
    expect(queueKeys.mastersHolding).toBe(1); // one slot: BullMQ's scripts touch many of a queue's keys at once
    expect((await keysOnCluster(`${app.queuePrefix}:qualify:*`)).keys).toEqual([]);
    const ledger = await keysOnCluster(`${app.queuePrefix}:whs:*`);
    expect(ledger.keys.length).toBeGreaterThan(0);
    for (const key of ledger.keys) expect(key).toMatch(new RegExp(`^${app.queuePrefix}:whs:\\{\\d+\\}:`));
  });
});
