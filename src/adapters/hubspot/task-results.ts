import type { SimplePublicObject } from './hubspot.schemas';

/** What a follow-up task input carries that its created record echoes back. */
export interface CreatedTaskInput {
  contactId: string;
  properties: Readonly<Record<string, string>>;
}

/** The task properties that, together, tell one created task from another in a batch answer. */
const CONTENT_KEYS = ['hs_task_subject', 'hs_task_body', 'hs_timestamp', 'hubspot_owner_id', 'hs_task_priority'] as const;

/**
 * Matches the tasks of a batch create answer to their inputs, never by position: HubSpot does
 * not promise results in input order (DESIGN.md §3). Each input carries its contact id as
 * `objectWriteTraceId`, which HubSpot echoes on its result (its "Error handling" page, "Multi-status
 * errors"); a result without it is matched by content (subject, body, due time, owner, priority)
 * when exactly one input and one result share that content. A result matched by neither is left
 * out: its contact's claim stays, and the lease-expiry recovery finds the task in HubSpot later.
 */
export function matchCreatedTasks(inputs: readonly CreatedTaskInput[], results: readonly SimplePublicObject[]): Map<string, string> {
  const created = new Map<string, string>();
  const wanted = new Set(inputs.map((i) => i.contactId));
  const untraced: SimplePublicObject[] = [];
  for (const result of results) {
    const trace = result.objectWriteTraceId;
    if (trace !== undefined && wanted.has(trace) && !created.has(trace)) created.set(trace, result.id);
    else if (trace === undefined) untraced.push(result);
  }
  const pending = inputs.filter((i) => !created.has(i.contactId));
  const inputsByContent = groupBy(pending, (i) => contentKey(i.properties));
  const resultsByContent = groupBy(untraced, (r) => contentKey(r.properties));
  for (const [key, group] of inputsByContent) {
    const matches = resultsByContent.get(key) ?? [];
    if (group.length === 1 && matches.length === 1) created.set(group[0]!.contactId, matches[0]!.id);
  }
  return created;
}

function contentKey(properties: Readonly<Record<string, string | null | undefined>>): string {
  return JSON.stringify(CONTENT_KEYS.map((k) => normalize(k, properties[k])));
}

/** HubSpot may echo a datetime in another ISO form (or epoch ms) than it was sent in. */
function normalize(key: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (key !== 'hs_timestamp') return value;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
