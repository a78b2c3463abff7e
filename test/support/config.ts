import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config';
import { buildLocalEnv } from '../../scripts/local-stack/local-stack';

/**
 * A complete, valid environment for tests: the local stack's environment (fresh random keys and
 * secrets) with the test Redis and test-flavoured values; override what the test is about.
 */
export function buildTestEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return buildLocalEnv({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'https://carequal.test',
    PORT: '0',
    METRICS_PORT: '0', // /metrics on its own listener (never the public port), a free port per process
    HUBSPOT_CLIENT_ID: 'test-client-id',
    HUBSPOT_APP_ID: '4242',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    AUDIT_HMAC_KEY: randomBytes(32).toString('base64'), // the other accepted key form
    LOG_LEVEL: 'error',
    ...overrides,
  });
}

/** A parsed, frozen Config for tests. */
export function buildTestConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(buildTestEnv(overrides));
}
