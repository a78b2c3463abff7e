import { ConfigError, loadConfig, secretValuesOf } from './config';
import { buildTestEnv } from '../../test/support/config';

describe('loadConfig', () => {
  it('when every variable is valid, then it returns a frozen config with decoded keys and defaults', () => {
    const config = loadConfig(buildTestEnv({ PORT: undefined, HUBSPOT_API_BASE_URL: undefined, PUBLIC_BASE_URL: 'https://cq.example.com/' }));
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.HUBSPOT_API_BASE_URL).toBe('https://api.hubapi.com');
    expect(config.HUBSPOT_AUTH_BASE_URL).toBe('https://app.hubspot.com');
    expect(config.PUBLIC_BASE_URL).toBe('https://cq.example.com');
    expect(config.tokenEncryptionKey).toHaveLength(32);
    expect(config.auditHmacKey).toHaveLength(32);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('when REDIS_URL is invalid and TOKEN_ENCRYPTION_KEY is missing, then one error names both and shows no value', () => {
    const env = buildTestEnv({ REDIS_URL: 'http://secret-host:6379', TOKEN_ENCRYPTION_KEY: undefined });
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.map((p) => p.variable).sort()).toEqual(['REDIS_URL', 'TOKEN_ENCRYPTION_KEY']);
    expect(configError.message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(configError.message).toMatch(/TOKEN_ENCRYPTION_KEY: required/);
    expect(configError.message).not.toContain('secret-host');
  });

  it.each([
    ['PORT', '70000', /PORT/],
    ['PORT', 'eighty', /PORT/],
    ['HUBSPOT_APP_ID', 'abc', /HUBSPOT_APP_ID/],
    ['AUDIT_HMAC_KEY', 'too-short', /AUDIT_HMAC_KEY: must be the audit-log HMAC key/],
    ['SESSION_SECRET', 'short', /SESSION_SECRET: must be at least 32 characters/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: must be a postgres/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
    ['PUBLIC_BASE_URL', 'not a url', /PUBLIC_BASE_URL/],
    ['METRICS_PORT', 'nine', /METRICS_PORT: must be a TCP port number/],
    ['METRICS_TOKEN', 'too-short-for-a-token', /METRICS_TOKEN: must be at least 32 characters/],
  ])('when %s is %p, then start-up is refused naming it', (variable, value, message) => {
    const attempt = () => loadConfig(buildTestEnv({ [variable]: value }));
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(value);
    expect(() => attempt()).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ variable })] }));
  });

  it('when METRICS_PORT is the public PORT, then start-up is refused naming it', () => {
    expect(() => loadConfig(buildTestEnv({ PORT: '3000', METRICS_PORT: '3000' }))).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(loadConfig(buildTestEnv({ PORT: '3000', METRICS_PORT: '9464' })).METRICS_PORT).toBe(9464);
  });

  it('when the crash-recovery timings are not set, then production keeps a 10 s job lock, 5 s stalled checks and a 20 s follow-up claim lease', () => {
    const config = loadConfig(buildTestEnv({ WORKER_LOCK_MS: undefined, WORKER_STALLED_CHECK_MS: undefined, FOLLOW_UP_CLAIM_LEASE_MS: undefined }));
    expect([config.WORKER_LOCK_MS, config.WORKER_STALLED_CHECK_MS, config.FOLLOW_UP_CLAIM_LEASE_MS]).toEqual([10_000, 5_000, 20_000]);
  });

  it('when the follow-up claim lease does not outlast the job lock, or stalled checks are rarer than the lock, then start-up is refused naming the variable', () => {
    expect(() => loadConfig(buildTestEnv({ WORKER_LOCK_MS: '10000', FOLLOW_UP_CLAIM_LEASE_MS: '10000' }))).toThrow(/FOLLOW_UP_CLAIM_LEASE_MS: must exceed WORKER_LOCK_MS/);
    expect(() => loadConfig(buildTestEnv({ WORKER_LOCK_MS: '3000', WORKER_STALLED_CHECK_MS: '5000', FOLLOW_UP_CLAIM_LEASE_MS: '6000' }))).toThrow(/WORKER_STALLED_CHECK_MS: must not exceed WORKER_LOCK_MS/);
  });

  it('when DATABASE_URL is empty, then embedded PostgreSQL is chosen', () => {
    expect(loadConfig(buildTestEnv({ DATABASE_URL: '' })).DATABASE_URL).toBeUndefined();
  });

  it('when keys are given as hex or base64, then both decode to 32 bytes', () => {
    const hex = 'ab'.repeat(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig(buildTestEnv({ TOKEN_ENCRYPTION_KEY: hex, AUDIT_HMAC_KEY: b64 }));
    expect(config.tokenEncryptionKey.equals(Buffer.from(hex, 'hex'))).toBe(true);
    expect(config.auditHmacKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('when only REDIS_URL is set, then CareQual uses that one Redis server', () => {
    expect(loadConfig(buildTestEnv({ REDIS_URL: 'redis://127.0.0.1:6380' })).redis).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6380' });
  });

  it('when REDIS_CLUSTER_NODES is set, then CareQual uses a Redis Cluster seeded by them, with REDIS_URL\'s credentials and TLS', () => {
    const config = loadConfig(buildTestEnv({ REDIS_URL: 'rediss://app:p%40ss@ignored:6379', REDIS_CLUSTER_NODES: 'redis-0.internal:6379, 10.0.0.7:7001,[::1]:7002' }));
    expect(config.redis).toEqual({
      mode: 'cluster',
      nodes: [{ host: 'redis-0.internal', port: 6379 }, { host: '10.0.0.7', port: 7001 }, { host: '::1', port: 7002 }],
      username: 'app', password: 'p@ss', tls: true,
    });
  });

  it('when REDIS_SENTINELS and REDIS_SENTINEL_MASTER are set, then CareQual finds its master through the sentinels', () => {
    const config = loadConfig(buildTestEnv({ REDIS_URL: 'redis://:secret@unused:6379/2', REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'carequal', REDIS_SENTINEL_PASSWORD: 'sentinel-secret' }));
    expect(config.redis).toEqual({
      mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], masterName: 'carequal',
      sentinelPassword: 'sentinel-secret', password: 'secret', db: 2, tls: false,
    });
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: 'redis-0:6379,redis-1' }, /REDIS_CLUSTER_NODES: must be the Redis Cluster seed nodes: a comma-separated list of host:port/],
    [{ REDIS_CLUSTER_NODES: 'redis-0:99999' }, /REDIS_CLUSTER_NODES: must be/],
    [{ REDIS_SENTINELS: 's1:26379' }, /REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS/],
    [{ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'm', REDIS_CLUSTER_NODES: 'r:6379' }, /REDIS_SENTINELS: must not be set together with REDIS_CLUSTER_NODES/],
  ])('when the Redis variables are %p, then start-up is refused naming the variable', (env, message) => {
    expect(() => loadConfig(buildTestEnv(env))).toThrow(message);
  });

  it('when a sentinel password is set, then it is one of the values the logs mask', () => {
    expect(secretValuesOf(loadConfig(buildTestEnv({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'm', REDIS_SENTINEL_PASSWORD: 'sentinel-secret-value' })))).toContain('sentinel-secret-value');
  });
});
