import { existsSync } from 'node:fs';
import { loadConfig, secretValuesOf, type Config } from '../config/config';
import { createLogger, type Logger } from '../observability/logger';

/**
 * Reads `.env` from the working directory when present (Node's own loader; variables already
 * set in the environment win), then parses the configuration once.
 */
export function loadEnvironmentConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) {
    const before = { ...process.env };
    process.loadEnvFile(envFile);
    Object.assign(process.env, before);
  }
  return loadConfig(process.env);
}

/** The process logger for a loaded configuration. */
export function createProcessLogger(config: Config, service = 'carequal'): Logger {
  return createLogger({ level: config.LOG_LEVEL, format: config.logFormat, secrets: secretValuesOf(config), service });
}
