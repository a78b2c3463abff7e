/** One field that differs between two criteria versions. */
export interface CriteriaChange {
  /** Readable path: rows are named by their id (`locations[midtown].serviceRadiusMiles`). */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: string | undefined;
  after: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalarList = (v: unknown[]): boolean => v.every((x) => x === null || typeof x !== 'object');

function show(value: unknown): string {
  if (Array.isArray(value) && isScalarList(value)) return value.length ? value.join(', ') : '(none)';
  if (value === null) return '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Flattens a document to leaf paths; rows with an id (or a band name) are keyed by it, not by position. */
function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (isScalarList(value)) return void out.set(path, value);
    value.forEach((item, i) => {
      const key = isRecord(item) && typeof item.id === 'string' ? item.id : isRecord(item) && typeof item.band === 'string' ? item.band : String(i);
      flatten(item, `${path}[${key}]`, out);
    });
    return;
  }
  if (isRecord(value)) {
    if ('signal' in value || 'all' in value || 'any' in value || 'not' in value) return void out.set(path, value); // a condition is one field
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, value);
}

/** Field-level differences from `before` to `after`, in document order. `version` is ignored. */
export function diffCriteria(before: unknown, after: unknown): CriteriaChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  a.delete('version');
  b.delete('version');
  const changes: CriteriaChange[] = [];
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (!a.has(path)) changes.push({ path, kind: 'added', before: undefined, after: show(y) });
    else if (!b.has(path)) changes.push({ path, kind: 'removed', before: show(x), after: undefined });
    else if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ path, kind: 'changed', before: show(x), after: show(y) });
  }
  return changes;
}
