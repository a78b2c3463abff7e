import type { CriteriaIssue } from '../../../core';
import { addBuilderRow, readBuilderCondition } from './condition-form';
import { fillBlankIds } from './criteria-form-defaults';

/**
 * The criteria editor's form encoding. Every input is named `<kind>:<criteria path>`, e.g.
 * `n:bands[0].minScore`, so a validation issue at `bands[0].minScore` lands beside the input of
 * that name, and the server rebuilds the document from the form without guessing types.
 *
 * Kinds: t text · ot optional text (blank = absent) · n number · on optional number ·
 * nn nullable number (blank = null) · l comma/line list · ol optional list (empty = absent) · j JSON (conditions) ·
 * b checkbox (with a `bp:` presence marker, so unchecked means false) ·
 * day:<path> opening hours (`dayopen:`, `dayclose:`, `dayclosed:`) ·
 * list:<path> marks a list the form holds completely (rows absent from the form are removed) ·
 * x:<path> a row ticked for removal · cond:<path> a condition from the builder (condition-form.ts).
 * Ids and rule reasons left blank are filled in from the names (criteria-form-defaults.ts).
 */

export type FormBody = Record<string, unknown>;

type PathKey = string | number;

/** `locations[0].zip` → ['locations', 0, 'zip']. */
export function parsePath(path: string): PathKey[] | undefined {
  const keys: PathKey[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,4})\]|\./gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < path.length && (m = re.exec(path))) {
    consumed = re.lastIndex;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
  }
  if (consumed !== path.length || keys.length === 0) return undefined;
  if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) return undefined;
  return keys;
}

function setAt(target: Record<string, unknown>, keys: readonly PathKey[], value: unknown): void {
  let node: Record<PathKey, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const nextIsIndex = typeof keys[i + 1] === 'number';
    const existing = node[key];
    if (typeof existing !== 'object' || existing === null) node[key] = nextIsIndex ? [] : {};
    node = node[key] as Record<PathKey, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function getAt(target: unknown, keys: readonly PathKey[]): unknown {
  let node = target as Record<PathKey, unknown> | undefined;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[key] as Record<PathKey, unknown> | undefined;
  }
  return node;
}

const asString = (v: unknown): string => (Array.isArray(v) ? String(v[v.length - 1] ?? '') : typeof v === 'string' ? v : '');

function toNumber(raw: string): unknown {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed; // a non-number stays text: validation says "must be a number"
}

const toList = (raw: string): string[] => raw.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);

export interface ParsedCriteriaForm {
  document: Record<string, unknown>;
  /** Problems only the form can see (a condition that is not JSON). */
  issues: CriteriaIssue[];
  /** `add:<list path>` asks for one more row; `save`, `publish` act on the document. */
  op: string;
  note: string | undefined;
}

/** Rebuilds a criteria document from the editor's form on top of `base` (sections the form does not show). */
export function parseCriteriaForm(body: FormBody, base: unknown): ParsedCriteriaForm {
  const document = structuredClone(base ?? {}) as Record<string, unknown>;
  const issues: CriteriaIssue[] = [];
  const removed = new Set<string>();
  const entries = Object.entries(body);
  for (const [name] of entries) if (name.startsWith('x:')) removed.add(name.slice(2));
  const isRemoved = (path: string) => [...removed].some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));

  const listPaths: PathKey[][] = [];
  for (const [name] of entries) {
    if (!name.startsWith('list:')) continue;
    const keys = parsePath(name.slice(5));
    if (keys) {
      setAt(document, keys, []);
      listPaths.push(keys);
    }
  }
  for (const [name] of entries) {
    if (!name.startsWith('bp:')) continue;
    const path = name.slice(3);
    const keys = parsePath(path);
    if (keys && !isRemoved(path)) setAt(document, keys, body[`b:${path}`] !== undefined);
  }
  for (const [name, rawValue] of entries) {
    const colon = name.indexOf(':');
    if (colon < 1) continue;
    const kind = name.slice(0, colon);
    const path = name.slice(colon + 1);
    if (isRemoved(path)) continue;
    const raw = asString(rawValue);
    const keys = parsePath(path);
    if (!keys) continue;
    switch (kind) {
      case 't': setAt(document, keys, raw.trim()); break;
      case 'ot': if (raw.trim() !== '') setAt(document, keys, raw.trim()); else if (typeof keys[keys.length - 1] !== 'number') setAt(document, keys, undefined); break;
      case 'n': setAt(document, keys, toNumber(raw)); break;
      case 'on': setAt(document, keys, toNumber(raw)); break;
      case 'nn': setAt(document, keys, raw.trim() === '' ? null : toNumber(raw)); break;
      case 'l': setAt(document, keys, toList(raw)); break;
      case 'ol': { const list = toList(raw); setAt(document, keys, list.length || Array.isArray(getAt(base, keys)) ? list : undefined); break; }
      case 'j':
        try {
          setAt(document, keys, JSON.parse(raw));
        } catch {
          setAt(document, keys, undefined);
          issues.push({ path, message: 'must be a condition written as JSON, e.g. {"signal": "inquiry.bookingRequest", "op": "is", "value": true}' });
        }
        break;
      case 'cond': setAt(document, keys, readBuilderCondition(body, path)); break;
      case 'day': {
        const closed = body[`dayclosed:${path}`] !== undefined;
        setAt(document, keys, closed ? null : { open: asString(body[`dayopen:${path}`]).trim(), close: asString(body[`dayclose:${path}`]).trim() });
        break;
      }
      default: break;
    }
  }
  for (const keys of listPaths) {
    const list = getAt(document, keys);
    if (Array.isArray(list)) setAt(document, keys, list.filter((item) => item !== undefined && item !== null && item !== ''));
  }
  stripUndefined(document);
  dropEmptyFollowUp(document, base);
  fillBlankIds(document);
  const note = asString(body.note).trim().slice(0, 200) || undefined;
  return { document, issues, op: asString(body._op) || 'save', note };
}

/** No owner ticked and none before: the follow-up settings stay absent rather than becoming an empty list. */
function dropEmptyFollowUp(document: Record<string, unknown>, base: unknown): void {
  const followUp = document.followUp as Record<string, unknown> | undefined;
  const hadOne = typeof base === 'object' && base !== null && 'followUp' in base;
  const empty = followUp && Object.keys(followUp).every((k) => k === 'ownerIds') && !(Array.isArray(followUp.ownerIds) && followUp.ownerIds.length > 0);
  if (empty && !hadOne) delete document.followUp;
}

/** Removes `undefined` members so optional fields left blank are simply absent. */
function stripUndefined(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripUndefined);
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (v === undefined) delete (node as Record<string, unknown>)[k];
      else stripUndefined(v);
    }
  }
}

/** Blank rows the "Add" buttons append, per list. */
export const NEW_ROWS: Readonly<Record<string, () => unknown>> = {
  locations: () => ({ id: '', name: '', serviceRadiusMiles: 25 }),
  serviceLines: () => ({ id: '', label: '', keywords: [], valueTier: 'standard' }),
  'payers.accepted': () => ({ id: '', label: '', aliases: [] }),
  // A new rule starts with no condition: the admin picks one in the builder (nothing pre-chosen to overlook).
  'rules.fit': () => ({ id: '', points: 10, reason: '' }),
  'rules.intent': () => ({ id: '', points: 10, reason: '' }),
  'rules.readiness': () => ({ id: '', points: 10, reason: '' }),
  hardStops: () => ({ id: '', reason: 'spam_or_test', route: 'no_outreach' }),
  bands: () => ({ band: 'low', minScore: 0, outcome: 'nurture', route: 'nurture_sequence', slaMinutes: null }),
};

/** Applies an `add:<list>` operation; false when the list is unknown. */
export function addRow(document: Record<string, unknown>, listPath: string): boolean {
  const make = NEW_ROWS[listPath];
  const keys = parsePath(listPath);
  if (!make || !keys) return false;
  const list = getAt(document, keys);
  setAt(document, keys, [...(Array.isArray(list) ? list : []), make()]);
  return true;
}

export { getAt as readAtPath };

/** Applies an `addcond:<path>` / `addgroup:<path>` operation (a blank builder row or group); false for a path that is not a rule's or hard stop's condition. */
export function addConditionRow(document: Record<string, unknown>, path: string, kind: 'row' | 'group'): boolean {
  const keys = parsePath(path);
  if (!keys || !/^(rules\.(fit|intent|readiness)\[\d{1,4}\]|hardStops\[\d{1,4}\])\.when$/.test(path)) return false;
  if (typeof getAt(document, keys.slice(0, -1)) !== 'object') return false;
  setAt(document, keys, addBuilderRow(getAt(document, keys), kind));
  return true;
}
