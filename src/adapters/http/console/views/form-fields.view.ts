import { attr, html, type SafeHtml } from '../html';

/** Field-level errors by criteria path, and whether the viewer may edit. */
export interface FormContext {
  errors: ReadonlyMap<string, readonly string[]>;
  readonly: boolean;
  /** Collects the paths that got an input, with their labels, so the error summary can name and link them. */
  rendered?: Map<string, string>;
  /** The row an "+ Add" just appended (criteria path): it carries the `added-row` anchor the page returns to. */
  added?: string;
}

/** Where "+ Add" returns to without the script: the form posts to this fragment, the new row carries its id. */
export const ADDED_ROW_ANCHOR = 'added-row';

/** The attributes of a list row: its path for the editor's script, and the return anchor when it was just added. */
export function rowAttrs(ctx: FormContext, path: string): SafeHtml {
  return html` data-row-path="${path}"${ctx.added === path ? html` id="${ADDED_ROW_ANCHOR}" tabindex="-1"` : ''}`;
}

/** True when a validation message sits at or below one of these paths (a collapsed part then opens). */
export function hasErrorsUnder(ctx: FormContext, prefixes: readonly string[]): boolean {
  return [...ctx.errors.keys()].some((p) => prefixes.some((x) => p === x || p.startsWith(`${x}.`) || p.startsWith(`${x}[`)));
}

/** A collapsed "more settings" part of a row or section, open when something in it needs fixing. */
export function moreSettings(ctx: FormContext, summary: string, prefixes: readonly string[], body: SafeHtml): SafeHtml {
  return html`<details class="advanced"${attr('open', hasErrorsUnder(ctx, prefixes))}><summary>${summary}</summary>${body}</details>`;
}

export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;

export interface FieldSpec {
  kind: 't' | 'ot' | 'n' | 'on' | 'nn' | 'l' | 'ol' | 'j';
  path: string;
  label: string;
  value: unknown;
  hint?: string;
  inputType?: 'text' | 'number' | 'time' | 'textarea';
  options?: ReadonlyArray<{ value: string; label: string }>;
  datalist?: string;
  step?: string;
  /** Screen-reader-only label (the column header says it). */
  hiddenLabel?: boolean;
}

function display(value: unknown, kind: FieldSpec['kind']): string {
  if (value === undefined || value === null) return '';
  if ((kind === 'l' || kind === 'ol') && Array.isArray(value)) return value.join(', ');
  if (kind === 'j') return JSON.stringify(value, null, 1);
  return String(value);
}

/** A labelled input with its hint and its validation messages, wired for screen readers. */
export function field(ctx: FormContext, spec: FieldSpec): SafeHtml {
  const id = fieldId(spec.path);
  ctx.rendered?.set(spec.path, spec.label);
  const errors = ctx.errors.get(spec.path) ?? [];
  const name = `${spec.kind}:${spec.path}`;
  const value = display(spec.value, spec.kind);
  const describedBy = [spec.hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errors.length ? html` aria-invalid="true"` : ''}`;
  let control: SafeHtml;
  if (spec.options) {
    control = html`<select id="${id}" name="${name}"${aria}${attr('disabled', ctx.readonly)}>
      ${spec.options.map((o) => html`<option value="${o.value}"${attr('selected', o.value === value)}>${o.label}</option>`)}
    </select>${ctx.readonly ? html`<input type="hidden" name="${name}" value="${value}">` : ''}`;
  } else if (spec.inputType === 'textarea' || spec.kind === 'j') {
    control = html`<textarea id="${id}" name="${name}" rows="${spec.kind === 'j' ? 4 : 3}"${aria}${attr('readonly', ctx.readonly)} spellcheck="false">${value}</textarea>`;
  } else {
    const type = spec.inputType ?? (spec.kind === 'n' || spec.kind === 'on' || spec.kind === 'nn' ? 'number' : 'text');
    control = html`<input id="${id}" name="${name}" type="${type}" value="${value}"${spec.step ? html` step="${spec.step}"` : type === 'number' ? html` step="any"` : ''}${spec.datalist ? html` list="${spec.datalist}" autocomplete="off"` : ''}${aria}${attr('readonly', ctx.readonly)}>`;
  }
  return html`<div class="field${errors.length ? ' field-invalid' : ''}">
    <label for="${id}"${spec.hiddenLabel ? html` class="visually-hidden"` : ''}>${spec.label}</label>
    ${control}
    ${spec.hint ? html`<span class="hint" id="${id}-hint">${spec.hint}</span>` : ''}
    ${errors.length ? html`<span class="field-error" id="${id}-error">${errors.join('; ')}</span>` : ''}
  </div>`;
}

/** A checkbox with its presence marker (so unticking it means false). */
export function checkbox(ctx: FormContext, path: string, label: string, checked: boolean, hint?: string): SafeHtml {
  const id = fieldId(path);
  ctx.rendered?.set(path, label);
  const errors = ctx.errors.get(path) ?? [];
  return html`<div class="field">
    <input type="hidden" name="bp:${path}" value="1">
    <label class="check" for="${id}"><input type="checkbox" id="${id}" name="b:${path}" value="on"${attr('checked', checked)}${attr('disabled', ctx.readonly)}> ${label}</label>
    ${ctx.readonly && checked ? html`<input type="hidden" name="b:${path}" value="on">` : ''}
    ${hint ? html`<span class="hint">${hint}</span>` : ''}
    ${errors.length ? html`<span class="field-error">${errors.join('; ')}</span>` : ''}
  </div>`;
}

/** Section-level messages: issues about a whole list or group rather than one input. */
export function sectionErrors(ctx: FormContext, paths: readonly string[]): SafeHtml {
  const messages = paths.flatMap((p) => (ctx.errors.get(p) ?? []).map((m) => ({ p, m })));
  if (messages.length === 0) return html``;
  return html`<div class="notice notice-error small" id="${fieldId(paths[0]!)}">${messages.map(({ m }) => html`<div>${m}</div>`)}</div>`;
}

/** The row header (a heading under its section's h3, or h5 under a rule list's h4) with its "remove" tick box (editors only). */
export function rowHead(ctx: FormContext, path: string, title: string, level: 4 | 5 = 4): SafeHtml {
  const heading = level === 4 ? html`<h4>${title}</h4>` : html`<h5>${title}</h5>`;
  return html`<div class="row-item-head">${heading}${ctx.readonly ? '' : html`<label class="check small"><input type="checkbox" name="x:${path}" value="1" data-remove-row> Remove<span class="visually-hidden"> ${title}</span></label>`}</div>`;
}

export function addButton(ctx: FormContext, listPath: string, label: string): SafeHtml {
  return ctx.readonly ? html`` : html`<button type="submit" class="btn btn-small" name="_op" value="add:${listPath}" formaction="/console/criteria#${ADDED_ROW_ANCHOR}" formnovalidate data-add-row="${listPath}">+ ${label}</button>`;
}

export const optionsOf = (values: readonly string[], labels: Readonly<Record<string, string>> = {}) => values.map((v) => ({ value: v, label: labels[v] ?? v }));
