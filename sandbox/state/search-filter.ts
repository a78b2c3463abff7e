import { validationError } from '../hubspot-errors';
import type { CrmRecord } from './crm-types';

/** One filter of a CRM search request. */
export interface SearchFilter { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] }
/** A parsed CRM search request. */
export interface SearchRequest { filterGroups: { filters: SearchFilter[] }[]; sorts: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[]; query?: string; properties?: string[]; limit: number; after: number }

/** HubSpot's search limits. */
export const SEARCH_LIMITS = { maxLimit: 200, maxGroups: 5, maxFiltersPerGroup: 6, maxFilters: 18, maxResults: 10_000 };

/** Parses and checks a search body the way HubSpot does (400 VALIDATION_ERROR otherwise). */
export function parseSearchRequest(body: unknown): SearchRequest {
  const input = (body ?? {}) as Record<string, unknown>;
  const limit = input.limit === undefined ? 10 : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.maxLimit) {
    throw validationError(`limit must be an integer between 0 and ${SEARCH_LIMITS.maxLimit}, got ${String(input.limit)}`);
  }
  const after = input.after === undefined || input.after === '' ? 0 : Number(input.after);
  if (!Number.isInteger(after) || after < 0) throw validationError(`after must be a paging cursor returned by a previous search, got ${String(input.after)}`);
  if (after + limit > SEARCH_LIMITS.maxResults) throw validationError('The search API pages through at most 10,000 results.');
  const filterGroups = Array.isArray(input.filterGroups) ? input.filterGroups as { filters: SearchFilter[] }[] : [];
  const filterCount = filterGroups.reduce((n, g) => n + (Array.isArray(g?.filters) ? g.filters.length : 0), 0);
  if (filterGroups.length > SEARCH_LIMITS.maxGroups || filterGroups.some((g) => (g?.filters?.length ?? 0) > SEARCH_LIMITS.maxFiltersPerGroup) || filterCount > SEARCH_LIMITS.maxFilters) {
    throw validationError('Too many filters: at most 5 filterGroups, 6 filters per group and 18 filters in total.');
  }
  for (const f of filterGroups.flatMap((g) => g.filters ?? [])) {
    if (typeof f?.propertyName !== 'string' || typeof f?.operator !== 'string') throw validationError('Each filter needs propertyName and operator.');
  }
  const sorts = (Array.isArray(input.sorts) ? input.sorts : []).map(parseSort);
  const properties = Array.isArray(input.properties) ? input.properties.map(String) : undefined;
  return { filterGroups, sorts, limit, after, properties, query: typeof input.query === 'string' ? input.query : undefined };
}

function parseSort(sort: unknown): SearchRequest['sorts'][number] {
  if (typeof sort === 'string') {
    return sort.startsWith('-') ? { propertyName: sort.slice(1), direction: 'DESCENDING' } : { propertyName: sort, direction: 'ASCENDING' };
  }
  const s = sort as { propertyName?: string; direction?: string };
  return { propertyName: String(s?.propertyName ?? ''), direction: s?.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
}

/** True when a record matches the request (groups are OR-ed, filters within a group AND-ed). */
export function matchesSearch(record: CrmRecord, request: SearchRequest): boolean {
  if (request.query && !matchesQuery(record, request.query)) return false;
  if (request.filterGroups.length === 0) return true;
  return request.filterGroups.some((g) => (g.filters ?? []).every((f) => matchesFilter(record, f)));
}

/** Sorts results as asked (default: by id ascending, i.e. creation order). */
export function sortRecords(records: CrmRecord[], sorts: SearchRequest['sorts']): CrmRecord[] {
  const keyed = sorts.length > 0 ? sorts : [{ propertyName: 'hs_object_id', direction: 'ASCENDING' as const }];
  return [...records].sort((a, b) => {
    for (const s of keyed) {
      const cmp = compareValues(a.properties.get(s.propertyName) ?? '', b.properties.get(s.propertyName) ?? '');
      if (cmp !== 0) return s.direction === 'DESCENDING' ? -cmp : cmp;
    }
    return Number(a.id) - Number(b.id);
  });
}

function matchesQuery(record: CrmRecord, query: string): boolean {
  const q = query.toLowerCase();
  return ['firstname', 'lastname', 'email', 'phone', 'company', 'hs_task_subject'].some((p) => (record.properties.get(p) ?? '').toLowerCase().includes(q));
}

function matchesFilter(record: CrmRecord, f: SearchFilter): boolean {
  const actual = record.properties.get(f.propertyName) ?? '';
  const value = f.value ?? '';
  switch (f.operator) {
    case 'EQ': return compareValues(actual, value) === 0 && actual !== '';
    case 'NEQ': return compareValues(actual, value) !== 0;
    case 'LT': return actual !== '' && compareValues(actual, value) < 0;
    case 'LTE': return actual !== '' && compareValues(actual, value) <= 0;
    case 'GT': return actual !== '' && compareValues(actual, value) > 0;
    case 'GTE': return actual !== '' && compareValues(actual, value) >= 0;
    case 'BETWEEN': return actual !== '' && compareValues(actual, value) >= 0 && compareValues(actual, f.highValue ?? '') <= 0;
    case 'IN': return (f.values ?? []).some((v) => compareValues(actual, v) === 0);
    case 'NOT_IN': return !(f.values ?? []).some((v) => compareValues(actual, v) === 0);
    case 'HAS_PROPERTY': return actual !== '';
    case 'NOT_HAS_PROPERTY': return actual === '';
    case 'CONTAINS_TOKEN': return tokenMatch(actual, value);
    case 'NOT_CONTAINS_TOKEN': return !tokenMatch(actual, value);
    default: throw validationError(`Unknown filter operator ${f.operator}`);
  }
}

/** Numbers and dates compare numerically; text compares case-insensitively, as HubSpot does. */
function compareValues(a: string, b: string): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

function asNumber(v: string): number | undefined {
  if (v === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

function tokenMatch(actual: string, token: string): boolean {
  const pattern = new RegExp(`^${token.toLowerCase().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return actual.toLowerCase().split(/[\s@.,;]+/).concat(actual.toLowerCase()).some((t) => pattern.test(t));
}
