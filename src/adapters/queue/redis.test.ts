import { clusterOptions, sentinelOptions } from './redis';

/** The options handed to ioredis for each target and role (a local sentinel is not started here; the cluster is, in test/e2e). */
describe('Redis connection options', () => {
  const sentinel = {
    mode: 'sentinel' as const, sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], masterName: 'carequal',
    sentinelPassword: 'sentinel-secret', password: 'data-secret', db: 2, tls: false,
  };
  const cluster = { mode: 'cluster' as const, nodes: [{ host: 'r0', port: 6379 }], username: 'app', password: 'data-secret', tls: true };

  it('when Sentinel is configured, then a worker connects to the master the sentinels name, with both passwords and the database, never giving up a command', () => {
    expect(sentinelOptions(sentinel, 'worker')).toEqual({
      sentinels: sentinel.sentinels, name: 'carequal', role: 'master', db: 2, sentinelPassword: 'sentinel-secret', password: 'data-secret',
      maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'carequal-worker',
    });
  });

  it('when Sentinel is configured with TLS, then the sentinels and the master are both reached over TLS, and a producer fails fast', () => {
    const options = sentinelOptions({ ...sentinel, tls: true }, 'producer');
    expect(options).toMatchObject({ tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  });

  it('when a Redis Cluster is configured, then queueing and ready checks are the cluster\'s, and retries, credentials and TLS are each node\'s', () => {
    expect(clusterOptions(cluster, 'producer')).toEqual({
      enableOfflineQueue: false,
      redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2000, connectionName: 'carequal-producer', username: 'app', password: 'data-secret', tls: {} },
    });
    // BullMQ refuses a worker connection whose nodes may give up a command.
    expect(clusterOptions({ ...cluster, tls: false }, 'worker')).toEqual({
      enableReadyCheck: true,
      redisOptions: { maxRetriesPerRequest: null, connectionName: 'carequal-worker', username: 'app', password: 'data-secret' },
    });
  });

  it('when a probe cannot reach the cluster, then it does not retry', () => {
    const options = clusterOptions(cluster, 'probe');
    expect(options).toMatchObject({ lazyConnect: true, enableOfflineQueue: false });
    expect(options.clusterRetryStrategy?.(1)).toBeNull();
  });
});
