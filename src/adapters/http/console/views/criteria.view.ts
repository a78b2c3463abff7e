import type { CriteriaIssue } from '../../../../core';
import { html, type SafeHtml } from '../html';
import type { CriteriaChange } from '../../../../app/criteria/criteria-diff';
import type { AuditActor } from '../../../../app/ports/audit-log.port';
import type { CriteriaVersionSummary } from '../../../../app/ports/criteria-versions.port';
import type { ContactPropertyOption, PortalOwnerOption } from '../../../../app/ports/hubspot-crm.port';
import { describeCriteriaIssue } from '../criteria-issue-words';

/** The live version's number. */
export interface PublishedPointer {
  version: number;
}
import { renderCriteriaSections, CRITERIA_SECTIONS } from './criteria-form.view';
import { fieldId, type FormContext } from './form-fields.view';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';

export interface EditorView {
  doc: Record<string, unknown>;
  baseVersion: number;
  versions: readonly CriteriaVersionSummary[];
  published: PublishedPointer | undefined;
  issues: readonly CriteriaIssue[];
  properties: readonly ContactPropertyOption[];
  /** The portal's HubSpot users for the owner picker; undefined when HubSpot could not be asked. */
  owners?: readonly PortalOwnerOption[] | undefined;
  canEdit: boolean;
  csrfToken: string;
}

export function versionStatus(v: number, published: PublishedPointer | undefined, latest: number | undefined): SafeHtml {
  if (published?.version === v) return chip('Live', 'ok');
  if (v === latest && (!published || v > published.version)) return chip('Draft', 'warn');
  return chip('Earlier', 'neutral');
}

function errorSummary(issues: readonly CriteriaIssue[], knownPaths: ReadonlyMap<string, string>, doc: Record<string, unknown>): SafeHtml {
  if (issues.length === 0) return html``;
  const target = (path: string) => {
    const known = [...knownPaths.keys()].filter((k) => path === k || path.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    if (known) return `#${fieldId(known)}`;
    const section = CRITERIA_SECTIONS.find((s) => s.paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)));
    return `#section-${section?.id ?? 'general'}`;
  };
  return html`<div class="error-summary" role="alert" tabindex="-1" data-autofocus aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">Nothing was saved: ${issues.length === 1 ? '1 thing needs' : `${issues.length} things need`} fixing</h2>
    <ul>${issues.slice(0, 50).map((i) => html`<li><a href="${target(i.path)}">${describeCriteriaIssue(i, doc)}</a></li>`)}</ul>
  </div>`;
}

/** The editor: status line, error summary, every section, and the save bar. */
export function renderEditor(v: EditorView, knownPaths: ReadonlyMap<string, string>, sections: SafeHtml): SafeHtml {
  const latest = v.versions[0]?.version;
  const live = v.published ? html`Live: <strong>v${v.published.version}</strong>` : html`<strong>Nothing published yet</strong> — contacts are not scored until you publish.`;
  const editing = v.baseVersion > 0 ? html`Editing from <strong>v${v.baseVersion}</strong> ${versionStatus(v.baseVersion, v.published, latest)}` : html`Starting from the playbook template`;
  return html`${pageHeader('Qualification criteria', 'How CareQual scores and routes new patient inquiries for your practice.',
    html`<a class="btn" href="/console/criteria/versions">Version history</a><a class="btn" href="/console/try">Try a lead</a>`)}
  <div class="card"><div class="card-head"><p>${live}</p><p>${editing}</p></div>
    ${v.canEdit ? '' : html`<p class="notice notice-info small">You have view access. Ask your CareQual admin for editor access to change criteria.</p>`}</div>
  ${errorSummary(v.issues, knownPaths, v.doc)}
  <nav aria-label="Criteria sections"><ul class="section-nav">${(['basics', 'scoring', 'advanced'] as const).map((part) => html`<li class="section-nav-part"><a href="#part-${part}">${PART_TITLES[part]}</a></li>
    ${CRITERIA_SECTIONS.filter((s) => s.part === part).map((s) => html`<li><a href="#section-${s.id}">${s.title}</a></li>`)}`)}</ul></nav>
  <form method="post" action="/console/criteria" novalidate data-criteria-editor>
    ${csrfField(v.csrfToken)}<input type="hidden" name="baseVersion" value="${v.baseVersion}">
    ${sections}
    ${v.canEdit ? html`<div class="savebar">
      <div class="grow field"><label for="note">Note for this version (optional)</label><input id="note" name="note" type="text" maxlength="200" placeholder="e.g. Added the Hoboken location"></div>
      <button type="submit" class="btn" name="_op" value="save">Save draft</button>
      <button type="submit" class="btn btn-primary" name="_op" value="publish" data-confirm="Publish these criteria? New and re-scored contacts will use them.">Save and publish</button>
    </div>` : ''}
  </form>`;
}

const PART_TITLES = { basics: 'Basics', scoring: 'Scoring', advanced: 'Advanced' } as const;

export function renderSectionsFor(v: EditorView, ctx: FormContext): SafeHtml {
  return renderCriteriaSections(ctx, v.doc, v.properties, v.owners);
}

/** Version history with publish / roll back and a picker for the diff. */
export function renderHistory(versions: readonly CriteriaVersionSummary[], published: PublishedPointer | undefined, canEdit: boolean, csrfToken: string): SafeHtml {
  const latest = versions[0]?.version;
  const options = (selected: number | undefined) => versions.map((v) => html`<option value="${v.version}"${v.version === selected ? html` selected` : ''}>v${v.version}${v.note ? ` — ${v.note}` : ''}</option>`);
  return html`${pageHeader('Version history', 'Every save is kept as an immutable version. Publishing makes one live; rolling back publishes an earlier one again.',
    html`<a class="btn" href="/console/criteria">Back to the editor</a>`)}
  ${versions.length >= 2 ? html`<form class="card" method="get" action="/console/criteria/diff"><h2>Compare two versions</h2><div class="filters">
    <div class="field"><label for="diff-from">From</label><select id="diff-from" name="from">${options(versions[1]?.version)}</select></div>
    <div class="field"><label for="diff-to">To</label><select id="diff-to" name="to">${options(versions[0]?.version)}</select></div>
    <div class="field"><button class="btn btn-primary" type="submit">Show differences</button></div></div></form>` : ''}
  <div class="card"><div class="table-wrap"><table>
    <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Saved</th><th scope="col">By</th><th scope="col">Note</th><th scope="col">Actions</th></tr></thead>
    <tbody>${versions.length === 0 ? html`<tr><td colspan="6" class="muted">No versions saved yet.</td></tr>` : ''}
    ${versions.map((v) => html`<tr><td><strong>v${v.version}</strong> <span class="mono muted">${v.hash.slice(0, 10)}</span></td>
      <td>${versionStatus(v.version, published, latest)}</td><td class="nowrap">${formatDateTime(v.createdAt)}</td><td>${whoDid(v.createdBy)}</td><td>${v.note ?? ''}</td>
      <td><a class="btn btn-small" href="/console/criteria?from=${v.version}">${canEdit ? 'Edit from here' : 'View'}</a>
      ${canEdit && published?.version !== v.version ? html`<form class="inline-form" method="post" action="/console/criteria/${published && v.version < published.version ? 'rollback' : 'publish'}"
        data-confirm="${published && v.version < published.version ? `Roll back to v${v.version}? It becomes live at once.` : `Publish v${v.version}?`}">
        ${csrfField(csrfToken)}<input type="hidden" name="version" value="${v.version}">
        <button class="btn btn-small${published && v.version < published.version ? ' btn-danger' : ' btn-primary'}" type="submit">${published && v.version < published.version ? 'Roll back to this' : 'Publish'}</button></form>` : ''}</td></tr>`)}
    </tbody></table></div></div>`;
}

/** A HubSpot user → "User 123", the CLI → "CareQual (CLI)". */
function whoDid(createdBy: AuditActor): string {
  if (createdBy.kind === 'user') return `User ${createdBy.hubspotUserId}`;
  if (createdBy.kind === 'system') return `CareQual (${createdBy.role === 'cli' ? 'CLI' : createdBy.role})`;
  return 'HubSpot';
}

const KIND_LABEL = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

export function renderDiff(from: number, to: number, changes: readonly CriteriaChange[]): SafeHtml {
  return html`${pageHeader(`Changes from v${from} to v${to}`, `${changes.length} field${changes.length === 1 ? '' : 's'} differ.`, html`<a class="btn" href="/console/criteria/versions">Version history</a>`)}
  <div class="card"><div class="table-wrap"><table>
    <thead><tr><th scope="col">Field</th><th scope="col">Change</th><th scope="col">v${from}</th><th scope="col">v${to}</th></tr></thead>
    <tbody>${changes.length === 0 ? html`<tr><td colspan="4" class="muted">The two versions are the same.</td></tr>` : ''}
    ${changes.map((c) => html`<tr class="diff-${c.kind}"><td class="mono">${c.path}</td><td>${chip(KIND_LABEL[c.kind], c.kind === 'added' ? 'ok' : c.kind === 'removed' ? 'bad' : 'warn')}</td>
      <td>${c.before ?? '—'}</td><td>${c.after ?? '—'}</td></tr>`)}</tbody></table></div></div>`;
}
