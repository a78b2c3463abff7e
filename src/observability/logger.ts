import winston from 'winston';
import { currentContext } from './context';
import { createRedactor } from './redaction';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Configured secret values; masked wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go; defaults to stdout. Tests pass a stream to read the output. */
  stream?: NodeJS.WritableStream;
  service?: string;
}

const META_SKIP = new Set(['level', 'message', 'timestamp', 'service']);

/**
 * Creates the process logger: JSON in production, readable lines in a terminal; every line
 * carries the request/job/portal ids of its AsyncLocalStorage context and passes through the
 * redaction format last.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const redact = createRedactor(opts.secrets);
  const addContext = winston.format((info) => Object.assign(info, currentContext() ?? {}))();
  const redaction = winston.format((info) => {
    const { level: _level, timestamp: _timestamp, message, ...meta } = info;
    info.message = redact(message);
    Object.assign(info, redact(meta) as Record<string, unknown>);
    return info;
  })();
  const pretty = winston.format.printf((info) => {
    const meta = Object.entries(info)
      .filter(([k]) => !META_SKIP.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${info.timestamp} ${info.level.padEnd(5)} ${info.message}${meta ? `  ${meta}` : ''}`;
  });
  const format = winston.format.combine(
    winston.format.errors({ stack: false }),
    winston.format.timestamp(),
    addContext,
    redaction,
    opts.format === 'json' ? winston.format.json() : pretty,
  );
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Console({ stderrLevels: ['error'] });
  return winston.createLogger({ level: opts.level, format, defaultMeta: { service: opts.service ?? 'carequal' }, transports: [transport] });
}

/** A logger that writes nothing: for tests and tools that do not care. */
export function createSilentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
