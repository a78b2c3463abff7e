import { ConfigSchema, decodeKey, type Config } from './config.schema';
import { redisTargetOf } from './redis-target';

export type { Config } from './config.schema';

/** One offending variable: its name and what it expects. Never its value. */
export interface ConfigProblem {
  variable: string;
  expected: string;
}

/** Start-up stops with this when the environment is unusable; it names variables, never values. */
export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.expected}`).join('\n') +
        '\nSee .env.example for every variable and its meaning.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once into a frozen, typed Config. Throws ConfigError naming every
 * offending variable at once, so an operator fixes them in one go.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      expected: issue.message,
    }));
    throw new ConfigError(dedupeByVariable(problems));
  }
  const raw = parsed.data;
  if (raw.METRICS_PORT !== undefined && raw.METRICS_PORT !== 0 && raw.METRICS_PORT === raw.PORT) {
    throw new ConfigError([{ variable: 'METRICS_PORT', expected: 'must differ from PORT (metrics are never served anonymously on the public port)' }]);
  }
  if (raw.WORKER_STALLED_CHECK_MS > raw.WORKER_LOCK_MS) {
    throw new ConfigError([{ variable: 'WORKER_STALLED_CHECK_MS', expected: 'must not exceed WORKER_LOCK_MS (a stalled job would wait for the next check)' }]);
  }
  if (raw.FOLLOW_UP_CLAIM_LEASE_MS <= raw.WORKER_LOCK_MS) {
    throw new ConfigError([{ variable: 'FOLLOW_UP_CLAIM_LEASE_MS', expected: 'must exceed WORKER_LOCK_MS (a live job\'s claim would be taken over)' }]);
  }
  const redis = redisTargetOf(raw);
  if ('variable' in redis) throw new ConfigError([redis]);
  return Object.freeze({
    ...raw,
    redis,
    tokenEncryptionKey: decodeKey(raw.TOKEN_ENCRYPTION_KEY)!,
    auditHmacKey: decodeKey(raw.AUDIT_HMAC_KEY)!,
    logFormat: raw.LOG_FORMAT ?? (raw.NODE_ENV === 'production' ? 'json' : 'pretty'),
  });
}

function dedupeByVariable(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Map<string, ConfigProblem>();
  for (const p of problems) if (!seen.has(p.variable)) seen.set(p.variable, p);
  return [...seen.values()];
}

/** Values that must never appear in logs: the redaction format masks them wherever they occur. */
export function secretValuesOf(config: Config): string[] {
  return [config.HUBSPOT_CLIENT_SECRET, config.TOKEN_ENCRYPTION_KEY, config.AUDIT_HMAC_KEY, config.SESSION_SECRET, config.METRICS_TOKEN ?? '', config.REDIS_SENTINEL_PASSWORD ?? ''].filter(
    (v) => v.length >= 8,
  );
}
