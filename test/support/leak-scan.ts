import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '../../src/observability/logger';

/** Where a marker was found in Redis: the key (its name or its value) and the marker. */
export interface RedisHit {
  key: string;
  marker: string;
  in: 'name' | 'value';
}

/**
 * Reads every key of a Redis (SCAN, or only `match`) with the read that fits its type — strings,
 * hashes (BullMQ job data), lists, sets, sorted sets, streams (BullMQ events) — and searches
 * names and values as raw bytes for each marker (as given and lower-cased). Returns every hit and
 * how many keys were read, so a caller can tell an empty Redis from a clean one.
 */
export async function scanRedisForMarkers(redis: Redis, markers: readonly string[], match = '*'): Promise<{ hits: RedisHit[]; keysScanned: number }> {
  if (markers.length === 0) throw new Error('scanRedisForMarkers needs at least one marker');
  const needles = [...new Set(markers.flatMap((m) => [m, m.toLowerCase()]))].map((n) => ({ marker: n, bytes: Buffer.from(n) }));
  const hits: RedisHit[] = [];
  let keysScanned = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scanBuffer(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = String(next);
    for (const keyBuf of keys) {
      keysScanned++;
      const key = keyBuf.toString('latin1');
      const values = await readValues(redis, keyBuf);
      for (const { marker, bytes } of needles) {
        if (keyBuf.includes(bytes)) hits.push({ key, marker, in: 'name' });
        if (values.some((v) => v.includes(bytes))) hits.push({ key, marker, in: 'value' });
      }
    }
  } while (cursor !== '0');
  return { hits, keysScanned };
}

async function readValues(redis: Redis, key: Buffer): Promise<Buffer[]> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
    case 'hash':
      return redis.hgetallBuffer(key).then((h) => Object.entries(h).flatMap(([k, v]) => [Buffer.from(k, 'latin1'), v]));
    case 'list':
      return redis.lrangeBuffer(key, 0, -1);
    case 'set':
      return redis.smembersBuffer(key);
    case 'zset':
      return redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
    case 'stream': {
      const entries = (await redis.xrangeBuffer(key, '-', '+')) as unknown as [Buffer, Buffer[]][];
      return entries.flatMap(([id, fields]) => [id, ...fields]);
    }
    case 'none':
      return [];
    default:
      throw new Error(`scanRedisForMarkers cannot read a Redis ${type} (key ${key.toString('latin1')})`);
  }
}

/** A logger at `level` writing JSON lines to memory (redaction on, as in production), and what it wrote. */
export function createCapturedLogger(level = 'debug', secrets: readonly string[] = []): { logger: Logger; text: () => string; lines: () => number } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, format: 'json', stream, secrets });
  return { logger, text: () => chunks.join(''), lines: () => chunks.length };
}

/**
 * Tees everything the process writes to stdout and stderr, and every console call, into memory
 * while still letting it through; `restore()` puts the originals back.
 */
export function captureProcessOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tee = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  process.stdout.write = tee(originals.out);
  process.stderr.write = tee(originals.err);
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const consoleOriginals = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) {
    const original = console[m];
    console[m] = (...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
      original.apply(console, args);
    };
  }
  return {
    text: () => chunks.join('\n'),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
      for (const [m, original] of consoleOriginals) console[m] = original;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ''}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The markers (or secrets) found in a text, as given or lower-cased. */
export function markersIn(text: string, markers: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return markers.filter((m) => text.includes(m) || lower.includes(m.toLowerCase()));
}
