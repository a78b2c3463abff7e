import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { productionRedisArgs, redisServerProcess } from './private-redis';
import { freePort } from './sandbox-app';
import { waitFor } from './wait';

/** Redis Cluster's slots (0–16383), split as `redis-cli --cluster create` splits them over three masters. */
const SLOT_RANGES: ReadonlyArray<readonly [number, number]> = [[0, 5460], [5461, 10922], [10923, 16383]];

/**
 * A Redis Cluster of three masters (no replicas) of the test's own, from the machine's
 * `redis-server`: each node in its own temp folder and port, slots assigned with CLUSTER
 * ADDSLOTSRANGE and the nodes joined with CLUSTER MEET, ready once every node reports
 * `cluster_state:ok` and knows the other two.
 */
export interface PrivateRedisCluster {
  /** `host:port,host:port,host:port`, as REDIS_CLUSTER_NODES takes it. */
  readonly nodes: string;
  readonly ports: readonly number[];
  /** Stops every node (SHUTDOWN NOSAVE) and removes the folders. */
  stop(): Promise<void>;
}

export async function startPrivateRedisCluster(): Promise<PrivateRedisCluster> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'carequal-redis-cluster-'));
  const ports: number[] = [];
  for (const _ of SLOT_RANGES) ports.push(await freePort());
  const servers = ports.map((port) => {
    const dir = mkdtempSync(path.join(root, `${port}-`));
    return redisServerProcess(port, [...productionRedisArgs(port, dir), '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000']);
  });
  const stop = async () => {
    await Promise.all(servers.map((s) => s.command('SHUTDOWN NOSAVE')));
    rmSync(root, { recursive: true, force: true });
  };
  const admins = ports.map((port) => new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true }));
  try {
    await Promise.all(servers.map((s) => s.start()));
    await Promise.all(admins.map((admin, i) => admin.call('CLUSTER', 'ADDSLOTSRANGE', SLOT_RANGES[i]![0], SLOT_RANGES[i]![1])));
    for (const port of ports.slice(1)) await admins[0]!.call('CLUSTER', 'MEET', '127.0.0.1', port);
    await waitFor(
      async () => {
        const infos = await Promise.all(admins.map((admin) => admin.call('CLUSTER', 'INFO') as Promise<string>));
        return infos.every((info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:3\b/.test(info) && /cluster_slots_ok:16384\b/.test(info));
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'the three-master cluster to agree on its slots' },
    );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    admins.forEach((admin) => admin.disconnect());
  }
  return { nodes: ports.map((port) => `127.0.0.1:${port}`).join(','), ports, stop };
}
