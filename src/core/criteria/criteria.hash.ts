import { createHash } from 'node:crypto';
import type { Criteria } from './criteria.schema';

/**
 * Serialises JSON data with object keys sorted and undefined members dropped, so two documents
 * with the same content give the same text whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * Content hash of a criteria document (sha256 hex of its canonical JSON). The store-assigned
 * `version` label is left out: the hash names what the rules say, so re-saving identical content
 * under a new version keeps the hash, and any change to a rule changes it.
 */
export function criteriaHash(criteria: Criteria): string {
  const { version: _version, ...content } = criteria;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
