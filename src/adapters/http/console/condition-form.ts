import { signalKindOf } from './views/signal-words';

/**
 * The condition builder's form encoding, beside criteria-form.ts. A condition at criteria path P
 * (e.g. `rules.fit[2].when`) is sent as:
 *   `cond:P` marker · `cm:P` all|any (how the rows combine) ·
 *   row i: `cs:P~i` signal, `co:P~i` operator, `cv:P~i` value (repeated for "any of"), `cvb:P~i` upper bound of "between" ·
 *   a group row i: `cg:P~i` all|any, its rows `cs:P~i~j`… · `xc:P~i` / `xc:P~i~j` a row ticked for removal.
 * Rows without a signal are ignored, so a blank row costs nothing.
 */

/** One "signal · operator · value" row, with the criteria path of the leaf it came from (for errors). */
export interface BuilderLeaf {
  signal: string;
  op: string;
  value: unknown;
  docPath: string;
}

/** A nested group of rows ("any of these"). */
export interface BuilderSubgroup {
  mode: 'all' | 'any';
  leaves: BuilderLeaf[];
  docPath: string;
}

/** What the builder shows: how the rows combine and the rows. */
export interface BuilderModel {
  mode: 'all' | 'any';
  items: Array<BuilderLeaf | BuilderSubgroup>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLeaf = (v: unknown): v is Json => isObject(v) && 'signal' in v;
const groupKey = (v: Json): 'all' | 'any' | undefined => (Array.isArray(v.all) && Object.keys(v).length === 1 ? 'all' : Array.isArray(v.any) && Object.keys(v).length === 1 ? 'any' : undefined);

const leafOf = (v: Json, docPath: string): BuilderLeaf => ({ signal: String(v.signal ?? ''), op: String(v.op ?? ''), value: v.value, docPath });

/**
 * The builder's view of a condition, or undefined when the builder cannot show it (a "not", or
 * groups nested deeper than one level): then the editor offers the JSON fallback.
 */
export function toBuilderModel(condition: unknown, docPath: string): BuilderModel | undefined {
  if (condition === undefined || condition === null) return { mode: 'all', items: [] };
  if (isLeaf(condition)) return { mode: 'all', items: [leafOf(condition, docPath)] };
  if (!isObject(condition)) return undefined;
  const mode = groupKey(condition);
  if (!mode) return undefined;
  const items: BuilderModel['items'] = [];
  for (const [i, child] of (condition[mode] as unknown[]).entries()) {
    const childPath = `${docPath}.${mode}[${i}]`;
    if (isLeaf(child)) { items.push(leafOf(child, childPath)); continue; }
    const sub = isObject(child) ? groupKey(child) : undefined;
    if (!sub || !(child as Json)[sub] || !((child as Json)[sub] as unknown[]).every(isLeaf)) return undefined;
    items.push({ mode: sub, docPath: childPath, leaves: ((child as Json)[sub] as Json[]).map((l, j) => leafOf(l, `${childPath}.${sub}[${j}]`)) });
  }
  return { mode, items };
}

type Body = Record<string, unknown>;
const last = (v: unknown): string => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : typeof v === 'string' ? v : '');
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const toNumber = (raw: string): unknown => (raw.trim() === '' ? undefined : Number.isFinite(Number(raw)) ? Number(raw) : raw.trim());
const modeOf = (raw: string): 'all' | 'any' => (raw === 'any' ? 'any' : 'all');

/** The value a row means for its signal and operator; what cannot be read stays as typed, for validation to name. */
function readValue(body: Body, key: string, signal: string, op: string): unknown {
  if (op === 'known' || op === 'unknown') return undefined;
  const raw = last(body[`cv:${key}`]).trim();
  if (op === 'between') return [toNumber(raw), toNumber(last(body[`cvb:${key}`]))];
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return toNumber(raw);
  if (op === 'in' || op === 'notIn') return all(body[`cv:${key}`]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (signalKindOf(signal)?.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw || undefined;
  return raw === '' ? undefined : raw;
}

function readLeaf(body: Body, key: string): Json | undefined {
  const signal = last(body[`cs:${key}`]).trim();
  if (!signal || body[`xc:${key}`] !== undefined) return undefined;
  const op = last(body[`co:${key}`]).trim();
  const value = readValue(body, key, signal, op);
  return value === undefined ? { signal, op } : { signal, op, value };
}

const collapse = (mode: 'all' | 'any', items: Json[]): Json | undefined => (items.length === 0 ? undefined : items.length === 1 ? items[0] : { [mode]: items });

/** Rebuilds the condition at `path` from the builder's fields (undefined: no row has a signal). */
export function readBuilderCondition(body: Body, path: string): Json | undefined {
  const rows = new Map<number, Set<number>>();
  const prefix = `cs:${path}~`;
  for (const name of Object.keys(body)) {
    const m = name.startsWith(prefix) ? /^(\d{1,3})(?:~(\d{1,3}))?$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const i = Number(m[1]);
    if (!rows.has(i)) rows.set(i, new Set());
    if (m[2] !== undefined) rows.get(i)!.add(Number(m[2]));
  }
  const items: Json[] = [];
  for (const i of [...rows.keys()].sort((a, b) => a - b)) {
    const key = `${path}~${i}`;
    const inner = [...rows.get(i)!].sort((a, b) => a - b);
    if (body[`xc:${key}`] !== undefined) continue;
    if (inner.length === 0) {
      const leaf = readLeaf(body, key);
      if (leaf) items.push(leaf);
      continue;
    }
    const group = collapse(modeOf(last(body[`cg:${key}`])), inner.map((j) => readLeaf(body, `${key}~${j}`)).filter((l): l is Json => l !== undefined));
    if (group) items.push(group);
  }
  return collapse(modeOf(last(body[`cm:${path}`])), items);
}

/** Adds a blank row (or a blank two-row group) to the builder of a condition, for the no-script "+ Add" buttons. */
export function addBuilderRow(condition: unknown, kind: 'row' | 'group'): Json {
  const blank: Json = { signal: '', op: '' };
  const added = kind === 'group' ? { any: [blank, { ...blank }] } : blank;
  if (condition === undefined || condition === null) return kind === 'group' ? { all: [added] } : added;
  if (isObject(condition)) {
    const mode = groupKey(condition);
    if (mode) return { [mode]: [...(condition[mode] as unknown[]), added] };
  }
  return { all: [condition, added] };
}
