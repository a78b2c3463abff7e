import { Cluster, type Redis } from 'ioredis';

/** What the clean-up needs of a Redis client: one node's key scan and a single-key UNLINK. */
type ScanningClient = Pick<Redis, 'scanStream' | 'unlink'>;

/**
 * Removes every key under `prefix:` one key per UNLINK. A multi-key UNLINK is refused on a Redis
 * Cluster when its keys hash to different slots (CROSSSLOT), and the demo's keys span many slots;
 * one key per command is routed to its own slot's node by a Cluster client, and the commands of
 * one scan page go out together (ioredis pipelines them). A Cluster is scanned master by master
 * (SCAN sees one node's keys only). Resolves with how many keys went.
 */
export async function deleteKeysUnder(redis: ScanningClient | Cluster, prefix: string): Promise<number> {
  const nodes: ScanningClient[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let deleted = 0;
  for (const node of nodes) {
    for await (const keys of node.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      const counts = await Promise.all(keys.map((key) => redis.unlink(key)));
      deleted += counts.reduce((sum, n) => sum + n, 0);
    }
  }
  return deleted;
}
