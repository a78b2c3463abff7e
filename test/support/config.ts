import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config';

/** A complete, valid environment for tests; override what the test is about. */
export function buildTestEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'https://carequal.test',
    PORT: '0',
    HOST: '127.0.0.1',
    HUBSPOT_CLIENT_ID: 'test-client-id',
    HUBSPOT_CLIENT_SECRET: 'test-client-secret-' + randomBytes(8).toString('hex'),
    HUBSPOT_APP_ID: '4242',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...overrides,
  };
}

/** A parsed, frozen Config for tests. */
export function buildTestConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(buildTestEnv(overrides));
}
