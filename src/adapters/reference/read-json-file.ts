import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads a JSON file of config/; a missing or malformed file becomes the caller's error, naming the file only. */
export function readJsonFile(file: string, fail: (message: string) => Error): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw fail(`${path.basename(file)} cannot be read: ${cause instanceof Error ? cause.message : 'unreadable'}`);
  }
}
