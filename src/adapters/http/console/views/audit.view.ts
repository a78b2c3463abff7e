import type { AuditActorSummary, AuditNumberedPage, AuditVerification, StoredAuditEntry } from '../../../../app/audit/audit-trail.port';
import { AUDIT_ACTIONS, type AuditAction } from '../../../../app/ports/audit-log.port';
import { actorLabel, actorOptions, filterQueryString, type AuditFilterProblem, type AuditFilterValues } from '../audit-filters';
import { html, type SafeHtml } from '../html';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';

export type { AuditFilterValues } from '../audit-filters';

export interface AuditPageView {
  values: AuditFilterValues;
  actors: readonly AuditActorSummary[];
  /** Console users' names by user id (listActorNames). */
  names: ReadonlyMap<string, string>;
  /** The page, unless the filters were refused. */
  page?: AuditNumberedPage;
  problems?: readonly AuditFilterProblem[];
  csrfToken: string;
  /** The contact's record in HubSpot. */
  contactUrl(contactId: string): string;
}

/** Actions in words; an action without one (added later) is shown from its code, never hidden. */
const ACTION_WORDS: Partial<Record<AuditAction, string>> = {
  'contact.read': 'Read contact', 'contact.written': 'Wrote CareQual result to contact', 'contact.qualified': 'Qualified contact',
  'contact.purged': 'Removed contact data', 'task.created': 'Created follow-up task', 'task.updated': 'Updated follow-up task',
  'task.completed': 'Completed follow-up task', 'webhook.accepted': 'Accepted HubSpot notification', 'webhook.rejected': 'Refused HubSpot notification',
  'console.signed_in': 'Signed in', 'console.signed_out': 'Signed out', 'console.sign_in_failed': 'Sign-in failed', 'console.access_denied': 'Access refused',
  'criteria.viewed': 'Viewed criteria', 'criteria.saved': 'Saved criteria draft', 'criteria.published': 'Published criteria',
  'criteria.rolled_back': 'Rolled criteria back', 'criteria.simulated': 'Simulated criteria', 'audit.viewed': 'Viewed audit log',
  'audit.exported': 'Exported audit log', 'audit.verified': 'Verified audit log', 'audit.purged': 'Removed expired audit entries',
  'audit.tamper_detected': 'Tamper alarm: rows found beside the audit chain', 'token.issued': 'Connected to HubSpot', 'token.refreshed': 'Renewed HubSpot access',
  'token.refresh_failed': 'Renewing HubSpot access failed', 'token.revoked': 'HubSpot access revoked', 'installation.installed': 'Installed CareQual',
  'installation.uninstalled': 'Uninstalled CareQual', 'installation.needs_reauth': 'HubSpot connection needs reconnecting',
  'installation.data_mode_changed': 'Changed data mode', 'properties.bootstrapped': 'Created CareQual properties in HubSpot',
  'backfill.started': 'Started re-scoring all contacts', 'backfill.finished': 'Finished re-scoring all contacts',
};

export function actionInWords(action: string): string {
  const words = ACTION_WORDS[action as AuditAction];
  if (words) return words;
  const [area = '', what = ''] = action.split('.');
  return `${area.charAt(0).toUpperCase()}${area.slice(1)}: ${what.replace(/_/g, ' ')}`;
}

/** Up to this many property names are listed inline; more collapse behind a count. */
const INLINE_PROPERTIES = 3;

function propertiesCell(e: StoredAuditEntry): SafeHtml | string {
  const names = e.propertyNames;
  const version = e.criteriaVersion ? html`<br><span class="muted" title="${e.criteriaVersion}">criteria ${e.criteriaVersion.slice(0, 12)}</span>` : '';
  if (names.length === 0) return html`—${version}`;
  const list = html`<span class="mono">${names.join(', ')}</span>`;
  if (names.length <= INLINE_PROPERTIES) return html`${list}${version}`;
  return html`<details class="advanced"><summary>${names.length} properties</summary>${list}</details>${version}`;
}

function objectCell(e: StoredAuditEntry, contactUrl: (id: string) => string): SafeHtml | string {
  if (!e.objectType) return '—';
  if (e.objectType === 'contact' && e.objectId) {
    return html`contact <a class="mono" href="${contactUrl(e.objectId)}" target="_blank" rel="noopener noreferrer" title="Open contact ${e.objectId} in HubSpot">${e.objectId}</a>`;
  }
  return html`${e.objectType.replace(/_/g, ' ')} <span class="mono">${e.objectId ?? ''}</span>`;
}

function filterForm(v: AuditPageView): SafeHtml {
  const { values } = v;
  const options = actorOptions(v.actors, v.names);
  // A valid choice that is not among the actors present (an older link) still shows as chosen.
  if (values.actor && !options.some((o) => o.value === values.actor)) options.unshift({ value: values.actor, label: values.actor });
  const invalid = (field: string) => (v.problems?.some((p) => p.field === field) ? html` aria-invalid="true"` : '');
  return html`<form class="card" method="get" action="/console/audit" aria-label="Filter the audit log"><div class="filters">
    <div class="field"><label for="f-contact">Contact id</label><input id="f-contact" name="contactId" type="text" inputmode="numeric" pattern="[0-9]*" value="${values.contactId}"${invalid('contactId')}></div>
    <div class="field"><label for="f-actor">Actor</label><select id="f-actor" name="actor"${invalid('actor')}><option value="">Anyone</option>
      ${options.map((o) => html`<option value="${o.value}"${o.value === values.actor ? html` selected` : ''}>${o.label}</option>`)}</select></div>
    <div class="field"><label for="f-action">Action</label><select id="f-action" name="action"${invalid('action')}><option value="">Any action</option>
      ${AUDIT_ACTIONS.map((a) => html`<option value="${a}"${a === values.action ? html` selected` : ''}>${actionInWords(a)}</option>`)}</select></div>
    <div class="field"><label for="f-from">From (UTC)</label><input id="f-from" name="from" type="datetime-local" value="${values.from}"${invalid('from')}></div>
    <div class="field"><label for="f-to">Until (UTC)</label><input id="f-to" name="to" type="datetime-local" value="${values.to}"${invalid('to')}></div>
    <div class="field"><button class="btn btn-primary" type="submit">Filter</button> <a class="btn" href="/console/audit">Clear</a></div>
  </div></form>`;
}

function pager(page: AuditNumberedPage, values: AuditFilterValues): SafeHtml {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (n: number, text: string, rel?: string) =>
    html`<a class="btn btn-small" href="/console/audit${filterQueryString(values, n > 1 ? { page: String(n) } : {})}"${rel ? html` rel="${rel}"` : ''}>${text}</a>`;
  const first = (page.page - 1) * page.pageSize + 1;
  const shown = page.entries.length ? `Entries ${first}–${first + page.entries.length - 1} of ${page.total}, newest first` : `No entries on page ${page.page} of ${pages}`;
  const around = [...new Set([1, page.page - 1, page.page, page.page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return html`<nav class="pager" aria-label="Audit log pages">
    <span class="muted small">${shown}</span>
    <span>${page.page > 1 ? html`${link(page.page - 1, 'Previous', 'prev')} ` : ''}${around.map((n) => (n === page.page ? html`<span class="btn btn-small" aria-current="page">Page ${n}</span> ` : html`${link(n, `Page ${n}`)} `))}${page.page < pages ? link(page.page + 1, 'Next', 'next') : ''}</span>
  </nav>`;
}

export function renderAuditPage(v: AuditPageView): SafeHtml {
  const query = filterQueryString(v.values);
  const actions = v.problems?.length
    ? html`<form class="inline-form" method="post" action="/console/audit/verify">${csrfField(v.csrfToken)}<button class="btn btn-primary" type="submit">Verify integrity</button></form>`
    : html`<a class="btn" href="/console/audit/export.csv${query}" download>Export CSV</a>
    <a class="btn" href="/console/audit/export.jsonl${query}" download>Export JSONL</a>
    <form class="inline-form" method="post" action="/console/audit/verify">${csrfField(v.csrfToken)}<button class="btn btn-primary" type="submit">Verify integrity</button></form>`;
  const problems = v.problems?.length
    ? html`<div class="error-summary" role="alert"><h2>These filters cannot be applied</h2><ul>${v.problems.map((p) => html`<li>${p.message}</li>`)}</ul><p class="small">Nothing is shown or exported until they are fixed.</p></div>`
    : '';
  const page = v.page;
  return html`${pageHeader('Audit log', 'Every access to patient inquiries and every change to CareQual, in a tamper-evident chain. Exports carry exactly the filters shown. Times are UTC.', actions)}
  ${problems}${filterForm(v)}
  ${page ? html`<div class="card"><div class="card-head"><h2 id="audit-count">${page.total === 1 ? '1 entry matches' : `${page.total} entries match`}</h2></div>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-count"><table class="stackable">
    <caption class="visually-hidden">Audit entries, newest first</caption>
    <thead><tr><th scope="col" class="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Object</th><th scope="col">Properties</th><th scope="col">Outcome</th></tr></thead>
    <tbody>${page.entries.length === 0 ? html`<tr><td colspan="7" class="muted">No entries match these filters.</td></tr>` : ''}
    ${page.entries.map((e) => html`<tr><td class="num mono" data-label="#">${e.seq}</td><td class="nowrap" data-label="When">${formatDateTime(e.occurredAt)}</td><td data-label="Actor">${actorLabel({ kind: e.actorKind, id: e.actorId, role: e.actorRole }, v.names)}</td>
      <td data-label="Action" title="${e.action}">${actionInWords(e.action)}</td><td data-label="Object">${objectCell(e, v.contactUrl)}</td><td class="small" data-label="Properties">${propertiesCell(e)}</td>
      <td class="nowrap" data-label="Outcome">${e.outcome === 'success' ? chip('Success', 'ok') : html`${chip('Failure', 'bad')} <span class="mono small">${e.errorCode ?? ''}</span>`}</td></tr>`)}
    </tbody></table></div>
    ${pager(page, v.values)}</div>` : ''}`;
}

export function renderVerification(result: AuditVerification, at: Date): SafeHtml {
  return html`${pageHeader('Audit log integrity', `Checked ${formatDateTime(at)}.`, html`<a class="btn" href="/console/audit">Back to the audit log</a>`)}
  <section class="card" aria-live="polite">
    ${result.ok ? html`<p>${chip('Intact', 'ok')}</p><h2>Every entry verifies</h2><p>${result.entriesChecked} entries checked: none was altered, removed or reordered since it was written.</p>
      ${result.heads.map((h) => html`<p class="small muted">Chain head: entry #${h.seq}, <span class="mono hash">${h.mac}</span>. Keep this value outside CareQual to prove later that nothing was removed from the end.</p>`)}`
    : html`<p>${chip('Broken', 'bad')}</p><h2>The chain does not verify</h2>
      <p>First problem at entry #${result.broken?.seq ?? '?'}: ${result.broken?.detail ?? 'unknown problem'}.</p>
      <p>${result.entriesChecked} entries were checked before the problem. Contact CareQual support and keep an export of the log.</p>`}
  </section>`;
}
