import type { CriteriaIssue } from '../../../../core';
import { html, type SafeHtml } from '../html';
import type { CriteriaVersionSummary } from '../../../../app/ports/criteria-versions.port';
import type { ContactPropertyOption, PortalOwnerOption } from '../../../../app/ports/crm-gateway.port';
import { describeCriteriaIssue } from '../criteria-issue-words';
import { renderCriteriaSections, CRITERIA_SECTIONS } from './criteria-form.view';
import { fieldId, type FormContext } from './form-fields.view';
import { chip, csrfField, pageHeader } from './layout.view';

/** The live version's number. */
export interface PublishedPointer {
  version: number;
}

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
  /** Publishing is admin only (the access table): others save drafts for an admin to publish. */
  canPublish: boolean;
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
    html`<a class="btn" href="/console/criteria/versions">Version history</a><a class="btn" href="/console/try${v.baseVersion > 0 ? `?criteria=${v.baseVersion}` : ''}">Try a lead</a>`)}
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
      ${v.canPublish
    ? html`<button type="submit" class="btn btn-primary" name="_op" value="publish" data-confirm="Publish these criteria? New and re-scored contacts will use them.">Save and publish</button>`
    : html`<p class="small muted">An admin publishes drafts.</p>`}
    </div>` : ''}
  </form>`;
}

const PART_TITLES = { basics: 'Basics', scoring: 'Scoring', advanced: 'Advanced' } as const;

export function renderSectionsFor(v: EditorView, ctx: FormContext): SafeHtml {
  return renderCriteriaSections(ctx, v.doc, v.properties, v.owners);
}
