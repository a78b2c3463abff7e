import { isContactId } from '../../../app/ports/ids';
import { describeActor } from '../../../app/actor-label';
import type { AuditActorSummary, AuditQuery } from '../../../app/audit/audit-trail.port';
import { AUDIT_ACTIONS, type AuditAction } from '../../../app/ports/audit-log.port';

/** The audit log filter form as entered (shown back as entered). */
export interface AuditFilterValues {
  contactId: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** A refused filter: the field and a sentence saying what to do. */
export interface AuditFilterProblem {
  field: keyof AuditFilterValues | 'page';
  message: string;
}

export type AuditFilterReading =
  | { ok: true; values: AuditFilterValues; filter: Omit<AuditQuery, 'portalId'> }
  | { ok: false; values: AuditFilterValues; problems: AuditFilterProblem[] };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?)?$/;

/**
 * Reads the filter form (page and both exports use this one reading). Every value is either
 * applied or refused with a message: a filter is never silently dropped, so a "filtered"
 * export is always filtered (issue 19).
 */
export function readAuditFilters(query: Record<string, unknown>): AuditFilterReading {
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim().slice(0, 64) : '');
  const values: AuditFilterValues = { contactId: text('contactId'), actor: text('actor'), action: text('action'), from: text('from'), to: text('to') };
  const filter: Omit<AuditQuery, 'portalId'> = {};
  const problems: AuditFilterProblem[] = [];

  if (values.contactId) {
    if (isContactId(values.contactId)) Object.assign(filter, { objectType: 'contact', objectId: values.contactId });
    else problems.push({ field: 'contactId', message: 'Contact id must be the number HubSpot shows in the contact’s address, e.g. 151.' });
  }
  if (values.actor) {
    const actor = parseActorValue(values.actor);
    if (actor) Object.assign(filter, actor);
    else problems.push({ field: 'actor', message: 'Pick the actor from the list.' });
  }
  if (values.action) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(values.action)) filter.action = values.action as AuditAction;
    else problems.push({ field: 'action', message: 'Pick the action from the list.' });
  }
  const from = readTime(values.from, 'from', 'From', problems);
  const to = readTime(values.to, 'to', 'Until', problems);
  if (from && to && from >= to) problems.push({ field: 'from', message: '“From” is after “Until”: swap the two times, or clear one of them.' });
  if (from) filter.from = from;
  if (to) filter.to = to;
  return problems.length ? { ok: false, values, problems } : { ok: true, values, filter };
}

/** `user:<id>`, `hubspot`, `system` or `system:<role>`; a bare number is a user id (older links). */
function parseActorValue(value: string): Pick<AuditQuery, 'actorKind' | 'actorId' | 'actorRole'> | undefined {
  const user = /^(?:user:)?(\d{1,20})$/.exec(value);
  if (user) return { actorKind: 'user', actorId: user[1] };
  if (value === 'hubspot' || value === 'system') return { actorKind: value };
  const role = /^system:(web|worker|cli)$/.exec(value)?.[1] as NonNullable<AuditQuery['actorRole']> | undefined;
  return role ? { actorKind: 'system', actorRole: role } : undefined;
}

/** A datetime-local value (or a bare date, midnight) read as UTC; an impossible date is refused, not rolled over. */
function readTime(value: string, field: 'from' | 'to', label: string, problems: AuditFilterProblem[]): Date | undefined {
  if (!value) return undefined;
  const m = DATE_TIME.exec(value);
  const iso = m ? `${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}.000Z` : '';
  const time = new Date(iso);
  if (!m || Number.isNaN(time.getTime()) || time.toISOString() !== iso) {
    problems.push({ field, message: `“${label}” must be a date and time, e.g. 2026-11-03T09:00.` });
    return undefined;
  }
  return time;
}

/** The actor picker's options: who appears in this portal's log, plus "any CareQual process". */
export function actorOptions(actors: readonly AuditActorSummary[], names: ReadonlyMap<string, string> = new Map()): Array<{ value: string; label: string }> {
  const options = actors.map((a) => ({ value: actorValue(a), label: actorLabel(a, names) }));
  if (actors.some((a) => a.kind === 'system')) options.push({ value: 'system', label: 'CareQual (any process)' });
  return options.sort((a, b) => a.label.localeCompare(b.label));
}

export function actorValue(a: Pick<AuditActorSummary, 'kind' | 'id' | 'role'>): string {
  if (a.kind === 'user') return `user:${a.id ?? ''}`;
  if (a.kind === 'hubspot') return 'hubspot';
  return a.role ? `system:${a.role}` : 'system';
}

/** An actor of the log in words (names from {@link listActorNames}), as the table and the picker show it. */
export function actorLabel(a: Pick<AuditActorSummary, 'kind' | 'id' | 'role'>, names: ReadonlyMap<string, string> = new Map()): string {
  if (a.kind === 'user') return describeActor({ kind: 'user', hubspotUserId: a.id ?? '' }, names);
  if (a.kind === 'hubspot') return 'HubSpot';
  return a.role ? describeActor({ kind: 'system', role: a.role }) : 'CareQual';
}

/** The current filters as a query string (for export links and paging), empty values left out. */
export function filterQueryString(values: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
