import type { AuditPage, AuditVerification } from '../../../../app/audit/audit-trail.port';
import { AUDIT_ACTIONS } from '../../../../app/ports/audit-log.port';
import { html, type SafeHtml } from '../html';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';

export interface AuditFilterValues {
  contactId: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

export interface AuditPageView {
  values: AuditFilterValues;
  page: AuditPage;
  afterSeq: number | undefined;
  csrfToken: string;
  /** Current filters as a query string, for export links and paging. */
  queryString: string;
}

function actorText(e: AuditPage['entries'][number]): string {
  if (e.actorKind === 'user') return `User ${e.actorId ?? ''}`;
  if (e.actorKind === 'hubspot') return 'HubSpot';
  return `CareQual ${e.actorRole === 'cli' ? 'CLI' : e.actorRole ?? 'system'}`;
}

export function renderAuditPage(v: AuditPageView): SafeHtml {
  const { values } = v;
  const next = v.page.nextAfterSeq;
  const join = (extra: string) => (v.queryString ? `${v.queryString}&${extra}` : `?${extra}`);
  return html`${pageHeader('Audit log', 'Every access to patient inquiries and every change to CareQual, in a tamper-evident chain. Times are UTC.', html`
    <a class="btn" href="/console/audit/export.csv${v.queryString}" download>Export CSV</a>
    <a class="btn" href="/console/audit/export.jsonl${v.queryString}" download>Export JSONL</a>
    <form class="inline-form" method="post" action="/console/audit/verify">${csrfField(v.csrfToken)}<button class="btn btn-primary" type="submit">Verify integrity</button></form>`)}
  <form class="card" method="get" action="/console/audit" aria-label="Filter the audit log"><div class="filters">
    <div class="field"><label for="f-contact">Contact id</label><input id="f-contact" name="contactId" type="text" inputmode="numeric" value="${values.contactId}"></div>
    <div class="field"><label for="f-actor">Actor</label><input id="f-actor" name="actor" type="text" value="${values.actor}" placeholder="User id, system or hubspot"></div>
    <div class="field"><label for="f-action">Action</label><select id="f-action" name="action"><option value="">Any action</option>
      ${AUDIT_ACTIONS.map((a) => html`<option value="${a}"${a === values.action ? html` selected` : ''}>${a}</option>`)}</select></div>
    <div class="field"><label for="f-from">From (UTC)</label><input id="f-from" name="from" type="datetime-local" value="${values.from}"></div>
    <div class="field"><label for="f-to">Until (UTC)</label><input id="f-to" name="to" type="datetime-local" value="${values.to}"></div>
    <div class="field"><button class="btn btn-primary" type="submit">Filter</button> <a class="btn" href="/console/audit">Clear</a></div>
  </div></form>
  <div class="card"><div class="table-wrap"><table>
    <caption class="visually-hidden">Audit entries</caption>
    <thead><tr><th scope="col" class="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Object</th><th scope="col">Properties</th><th scope="col">Outcome</th></tr></thead>
    <tbody>${v.page.entries.length === 0 ? html`<tr><td colspan="7" class="muted">No entries match these filters.</td></tr>` : ''}
    ${v.page.entries.map((e) => html`<tr><td class="num mono">${e.seq}</td><td class="nowrap">${formatDateTime(e.occurredAt)}</td><td class="nowrap">${actorText(e)}</td>
      <td class="mono">${e.action}</td><td>${e.objectType ? html`${e.objectType} <span class="mono">${e.objectId ?? ''}</span>` : '—'}</td>
      <td class="small wrap-anywhere">${e.propertyNames.length ? e.propertyNames.join(', ') : '—'}${e.criteriaVersion ? html`<br><span class="muted" title="${e.criteriaVersion}">criteria ${e.criteriaVersion.slice(0, 12)}</span>` : ''}</td>
      <td class="nowrap">${e.outcome === 'success' ? chip('Success', 'ok') : html`${chip('Failure', 'bad')} <span class="mono small">${e.errorCode ?? ''}</span>`}</td></tr>`)}
    </tbody></table></div>
    <nav class="pager" aria-label="Audit log pages">
      <span class="muted small">Showing ${v.page.entries.length} entr${v.page.entries.length === 1 ? 'y' : 'ies'}${v.afterSeq ? ` after #${v.afterSeq}` : ''}</span>
      <span>${v.afterSeq ? html`<a class="btn btn-small" href="/console/audit${v.queryString}">First page</a> ` : ''}${next ? html`<a class="btn btn-small" href="/console/audit${join(`after=${next}`)}">Next page</a>` : ''}</span>
    </nav></div>`;
}

export function renderVerification(result: AuditVerification, at: Date): SafeHtml {
  return html`${pageHeader('Audit log integrity', `Checked ${formatDateTime(at)}.`, html`<a class="btn" href="/console/audit">Back to the audit log</a>`)}
  <section class="card" aria-live="polite">
    ${result.ok ? html`<p>${chip('Intact', 'ok')}</p><h2>Every entry verifies</h2><p>${result.entriesChecked} entries checked: none was altered, removed or reordered since it was written.</p>
      ${result.heads.map((h) => html`<p class="small muted">Chain head: entry #${h.seq}, <span class="mono">${h.mac}</span>. Keep this value outside CareQual to prove later that nothing was removed from the end.</p>`)}`
    : html`<p>${chip('Broken', 'bad')}</p><h2>The chain does not verify</h2>
      <p>First problem at entry #${result.broken?.seq ?? '?'}: ${result.broken?.detail ?? 'unknown problem'}.</p>
      <p>${result.entriesChecked} entries were checked before the problem. Contact CareQual support and keep an export of the log.</p>`}
  </section>`;
}
