import type { Condition } from '../../../../core';
import type { CriteriaChangeInWords } from '../../../../app/criteria/criteria-diff-words';
import type { LivePeriod, VersionHistory, VersionHistoryRow, VersionStatus } from '../../../../app/criteria/version-history';
import { html, type SafeHtml } from '../html';
import { describeCondition } from './condition-words';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';

const STATUS: Record<VersionStatus, SafeHtml> = {
  live: chip('Live', 'ok'), draft: chip('Draft', 'warn'), was_live: chip('Was live', 'neutral'), never_published: chip('Never published', 'neutral'),
};

function livePeriods(periods: readonly LivePeriod[]): SafeHtml {
  if (periods.length === 0) return html`<span class="muted">Never live</span>`;
  return html`<ul class="plain-list">${periods.map((p) => html`<li>${formatDateTime(p.from)} – ${p.until ? formatDateTime(p.until) : html`<strong>now</strong>`}
    <span class="muted small">${p.how === 'rolled_back' ? 'rolled back to' : 'published'} by ${p.by}</span></li>`)}</ul>`;
}

/** What the viewer's role may do here: edit (admin, editor), publish and roll back (admin only). */
export interface VersionAccess {
  canEdit: boolean;
  canPublish: boolean;
}

function versionActions(r: VersionHistoryRow, liveVersion: number | undefined, access: VersionAccess, csrfToken: string): SafeHtml {
  const open = html`<a class="btn btn-small" href="/console/criteria?from=${r.version}">${access.canEdit ? 'Edit from here' : 'View'}</a>`;
  if (!access.canPublish || r.status === 'live') return open;
  const rollback = liveVersion !== undefined && r.version < liveVersion;
  return html`${open} <form class="inline-form" method="post" action="/console/criteria/${rollback ? 'rollback' : 'publish'}"
    data-confirm="${rollback ? `Roll back to v${r.version}? It becomes live at once.` : `Publish v${r.version}?`}">
    ${csrfField(csrfToken)}<input type="hidden" name="version" value="${r.version}">
    <button class="btn btn-small${rollback ? ' btn-danger' : ' btn-primary'}" type="submit">${rollback ? 'Roll back to this' : 'Publish'}</button></form>`;
}

/** Version history: each version's status, when it was live and by whom, and publish / roll back. */
export function renderVersionHistory(history: VersionHistory, access: VersionAccess, csrfToken: string): SafeHtml {
  const { rows, choices } = history;
  const options = (selected: number | undefined) => rows.map((r) => html`<option value="${r.version}"${r.version === selected ? html` selected` : ''}>v${r.version}${r.note ? ` — ${r.note}` : ''}</option>`);
  return html`${pageHeader('Version history', 'Every save is kept as a version that never changes. Publishing makes one live; rolling back makes an earlier one live again.',
    html`<a class="btn" href="/console/criteria">Open the editor</a>`)}
  ${rows.length >= 2 ? html`<form class="card" method="get" action="/console/criteria/diff"><h2>Compare two versions</h2><div class="filters">
    <div class="field"><label for="diff-from">From</label><select id="diff-from" name="from">${options(rows[1]?.version)}</select></div>
    <div class="field"><label for="diff-to">To</label><select id="diff-to" name="to">${options(rows[0]?.version)}</select></div>
    <div class="field"><button class="btn btn-primary" type="submit">Show differences</button></div></div></form>` : ''}
  <div class="card"><div class="table-wrap" tabindex="0" role="region" aria-label="Versions"><table class="stackable">
    <caption class="visually-hidden">Criteria versions, newest first</caption>
    <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Live</th><th scope="col">Saved</th><th scope="col">Note</th><th scope="col">Actions</th></tr></thead>
    <tbody>${rows.length === 0 ? html`<tr><td colspan="6" class="muted">No versions saved yet.</td></tr>` : ''}
    ${rows.map((r) => html`<tr data-version="${r.version}"><td data-label="Version"><strong>v${r.version}</strong> <span class="mono muted small" title="Rules version written on each result">${r.hash.slice(0, 10)}</span></td>
      <td data-label="Status">${STATUS[r.status]}</td><td data-label="Live">${livePeriods(r.livePeriods)}</td>
      <td data-label="Saved">${formatDateTime(r.savedAt)}<br><span class="muted small">by ${r.savedBy}</span></td><td data-label="Note">${r.note ?? ''}</td>
      <td data-label="Actions">${versionActions(r, choices.publishedVersion, access, csrfToken)}</td></tr>`)}
    </tbody></table></div></div>`;
}

const isCondition = (v: unknown): v is Condition => typeof v === 'object' && v !== null && ('signal' in v || 'all' in v || 'any' in v || 'not' in v);

/** A criteria value as people read it: conditions in words, lists joined, yes/no for switches. */
function valueInWords(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return '(none)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (isCondition(v)) return describeCondition(v);
  if (Array.isArray(v)) return v.length ? v.map(valueInWords).join(', ') : '(none)';
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${valueInWords(x)}`).join('; ');
  return String(v).replace(/_/g, ' ');
}

const KIND = { added: chip('Added', 'ok'), removed: chip('Removed', 'bad'), changed: chip('Changed', 'warn') } as const;

/** The differences between two versions, each named in words with its before and after. */
export function renderChangesInWords(from: number, to: number, changes: readonly CriteriaChangeInWords[]): SafeHtml {
  return html`${pageHeader(`Changes from v${from} to v${to}`, changes.length === 0 ? 'The two versions are the same.' : `${changes.length} ${changes.length === 1 ? 'thing differs' : 'things differ'}.`,
    html`<a class="btn" href="/console/criteria/versions">Version history</a>`)}
  <div class="card"><div class="table-wrap" tabindex="0" role="region" aria-label="Differences"><table class="stackable">
    <thead><tr><th scope="col">What</th><th scope="col">Change</th><th scope="col">In v${from}</th><th scope="col">In v${to}</th></tr></thead>
    <tbody>${changes.length === 0 ? html`<tr><td colspan="4" class="muted">The two versions are the same.</td></tr>` : ''}
    ${changes.map((c) => html`<tr class="diff-${c.kind}"><td data-label="What">${c.field}</td><td data-label="Change">${KIND[c.kind]}</td>
      <td data-label="In v${from}">${valueInWords(c.before)}</td><td data-label="In v${to}">${valueInWords(c.after)}</td></tr>`)}</tbody></table></div></div>`;
}
