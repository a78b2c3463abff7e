import { html, type SafeHtml } from '../html';
import { toBuilderModel, type BuilderLeaf, type BuilderModel } from '../condition-form';
import { field, fieldId, type FormContext } from './form-fields.view';
import { OPERATORS_BY_KIND, OPERATOR_WORDS, SIGNAL_GROUPS, signalCatalogForScript, signalKindOf, valueWord } from './signal-words';
import { describeCondition } from './condition-words';
import type { Condition } from '../../../../core';

/** Ids and names the criteria define, for signals that refer to them ("Service line is Spine care"). */
export type RefChoices = Readonly<Record<'serviceLines' | 'payers' | 'locations', ReadonlyArray<[string, string]>>>;

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The service lines, payers and locations of a (possibly unsaved) document, as value choices. */
export function refChoicesOf(d: Doc): RefChoices {
  const pairs = (list: unknown, label: string): Array<[string, string]> =>
    (Array.isArray(list) ? list : []).filter((x: Doc) => typeof x?.id === 'string' && x.id).map((x: Doc) => [x.id as string, String(x[label] || x.id)]);
  return { serviceLines: pairs(d.serviceLines, 'label'), payers: pairs(d.payers?.accepted, 'label'), locations: pairs(d.locations, 'name') };
}

const errorsAt = (ctx: FormContext, paths: readonly string[]) => paths.flatMap((p) => ctx.errors.get(p) ?? []);

const SIGNAL_CHOICES = new Map(SIGNAL_GROUPS.flatMap((g) => g.signals));

const signalOptions = (signal: string) =>
  SIGNAL_GROUPS.map((g) => html`<optgroup label="${g.label}">${g.signals.map(([s, words]) => html`<option value="${s}"${s === signal ? html` selected` : ''}>${words}</option>`)}</optgroup>`);

/**
 * "What to check": a row whose signal is chosen carries that one choice, and the editor's script
 * puts the whole list (rendered once, in renderBuilderCatalog) into it when the page loads, so
 * every row is the same native <select> for keyboard and screen-reader users as before, at a
 * fraction of the page (the list is ~2.7 KB; the 400-property editor had it 47 times). A blank row
 * or an unknown signal gets the whole list, so without the script a new condition can still be
 * chosen; changing a chosen one then means removing its row and adding another.
 */
function signalSelect(key: string, label: string, signal: string): SafeHtml {
  const words = SIGNAL_CHOICES.get(signal);
  return html`<label class="visually-hidden" for="${fieldId(key)}-s">${label}: what to check</label>
  <select id="${fieldId(key)}-s" name="cs:${key}" data-cb-signal><option value="">Choose what to check…</option>
    ${words === undefined ? signalOptions(signal) : html`<option value="${signal}" selected>${words}</option>`}
  </select>`;
}

function opSelect(key: string, label: string, signal: string, op: string): SafeHtml {
  const kind = signalKindOf(signal)?.kind;
  const ops = kind ? OPERATORS_BY_KIND[kind] : (Object.keys(OPERATOR_WORDS) as Array<keyof typeof OPERATOR_WORDS>);
  return html`<label class="visually-hidden" for="${fieldId(key)}-o">${label}: how to compare</label>
  <select id="${fieldId(key)}-o" name="co:${key}" data-cb-op>${ops.map((o) => html`<option value="${o}"${o === op ? html` selected` : ''}>${OPERATOR_WORDS[o]}</option>`)}</select>`;
}

function choicesFor(signal: string, refs: RefChoices): Array<[string, string]> | undefined {
  const spec = signalKindOf(signal);
  if (spec?.kind === 'enum') return spec.values.map((v) => [v, valueWord(v)]);
  if (spec?.kind === 'ref') return [...refs[spec.of]];
  if (spec?.kind === 'boolean') return [['true', 'yes'], ['false', 'no']];
  return undefined;
}

/** The value control a row needs for its signal and operator (the editor's script redraws it on change). */
export function valueControl(key: string, label: string, leaf: Pick<BuilderLeaf, 'signal' | 'op' | 'value'>, refs: RefChoices): SafeHtml {
  const { signal, value } = leaf;
  const op = leaf.op || (signalKindOf(signal) ? OPERATORS_BY_KIND[signalKindOf(signal)!.kind][0]! : 'is');
  const id = `${fieldId(key)}-v`;
  if (op === 'known' || op === 'unknown') return html``;
  if (op === 'between') {
    const [lo, hi] = Array.isArray(value) ? value : [];
    return html`<label class="visually-hidden" for="${id}">${label}: from</label><input id="${id}" type="number" step="any" name="cv:${key}" value="${lo ?? ''}">
      <span class="muted">and</span><label class="visually-hidden" for="${id}b">${label}: to</label><input id="${id}b" type="number" step="any" name="cvb:${key}" value="${hi ?? ''}">`;
  }
  const choices = choicesFor(signal, refs);
  if (choices && (op === 'in' || op === 'notIn')) {
    const chosen = new Set(Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
    return html`<fieldset class="cb-choices"><legend class="visually-hidden">${label}: values</legend>${choices.map(([v, words], n) => html`<label class="check small" for="${id}-${n}">
      <input type="checkbox" id="${id}-${n}" name="cv:${key}" value="${v}"${chosen.has(v) ? html` checked` : ''}> ${words}</label>`)}</fieldset>`;
  }
  if (choices) {
    const current = value === undefined ? '' : String(Array.isArray(value) ? value[0] ?? '' : value);
    const known = choices.some(([v]) => v === current);
    return html`<label class="visually-hidden" for="${id}">${label}: value</label><select id="${id}" name="cv:${key}">
      ${known ? '' : html`<option value="${current}" selected>${current ? `${current} (not a choice)` : 'Choose…'}</option>`}
      ${choices.map(([v, words]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${words}</option>`)}</select>`;
  }
  const numeric = signalKindOf(signal)?.kind === 'number';
  const text = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '' : String(value);
  return html`<label class="visually-hidden" for="${id}">${label}: value</label><input id="${id}" type="${numeric ? 'number' : 'text'}"${numeric ? html` step="any"` : ''} name="cv:${key}" value="${text}">`;
}

function leafRow(ctx: FormContext, key: string, label: string, leaf: BuilderLeaf | undefined, refs: RefChoices): SafeHtml {
  const l = leaf ?? { signal: '', op: '', value: undefined, docPath: '' };
  const errors = leaf ? errorsAt(ctx, [l.docPath, `${l.docPath}.signal`, `${l.docPath}.op`, `${l.docPath}.value`]) : [];
  return html`<div class="cb-row${errors.length ? ' field-invalid' : ''}" data-cb-row data-key="${key}">
    ${signalSelect(key, label, l.signal)}${opSelect(key, label, l.signal, l.op)}<span class="cb-value" data-cb-value>${valueControl(key, label, l, refs)}</span>
    <label class="check small cb-remove"><input type="checkbox" name="xc:${key}" value="1" data-cb-remove> Remove<span class="visually-hidden"> ${label}</span></label>
    ${errors.length ? html`<span class="field-error">${errors.join('; ')}</span>` : ''}</div>`;
}

const modeSelect = (name: string, id: string, label: string, mode: 'all' | 'any') => html`<label class="visually-hidden" for="${id}">${label}</label>
  <select id="${id}" name="${name}" data-cb-mode><option value="all"${mode === 'all' ? html` selected` : ''}>all of these hold</option><option value="any"${mode === 'any' ? html` selected` : ''}>any of these holds</option></select>`;

/**
 * The condition builder for the condition at `path`: "when [all|any] of: signal · operator ·
 * value" rows and one level of groups. Conditions it cannot show keep the JSON field.
 */
export function renderConditionBuilder(ctx: FormContext, path: string, label: string, condition: unknown, refs: RefChoices): SafeHtml {
  const model: BuilderModel | undefined = toBuilderModel(condition, path);
  if (ctx.readonly) return html`<p class="cb-words"><strong>${describeCondition(condition as Condition)}</strong></p>`;
  if (!model) return html`<p class="small muted">This condition is too intricate for the builder; edit it as JSON.</p>${field(ctx, { kind: 'j', path, label, value: condition })}`;
  ctx.rendered?.set(path, label);
  const items = model.items.length === 0 ? [undefined] : model.items;
  const own = errorsAt(ctx, [path]);
  return html`<div class="cb" data-cb data-path="${path}" id="${fieldId(path)}"><input type="hidden" name="cond:${path}" value="1">
    <div class="cb-head">When ${modeSelect(`cm:${path}`, `${fieldId(path)}-mode`, `${label}: how the rows combine`, model.mode)}</div>
    <div class="cb-rows" data-cb-rows>${items.map((item, i) => {
      const key = `${path}~${i}`;
      if (item && 'leaves' in item) {
        return html`<div class="cb-group" data-cb-group data-key="${key}">${modeSelect(`cg:${key}`, `${fieldId(key)}-mode`, `${label}, group ${i + 1}: how its rows combine`, item.mode)}
          <div data-cb-rows>${item.leaves.map((leaf, j) => leafRow(ctx, `${key}~${j}`, `${label}, group ${i + 1}, row ${j + 1}`, leaf, refs))}</div>
          <label class="check small"><input type="checkbox" name="xc:${key}" value="1" data-cb-remove> Remove group</label></div>`;
      }
      return leafRow(ctx, key, `${label}, row ${i + 1}`, item, refs);
    })}</div>
    ${own.length ? html`<span class="field-error">${own.join('; ')}</span>` : ''}
    <div class="cb-actions"><button type="submit" class="btn btn-small" name="_op" value="addcond:${path}" formaction="/console/criteria#added-row" formnovalidate data-cb-add="row">+ Add condition</button>
    <button type="submit" class="btn btn-small" name="_op" value="addgroup:${path}" formaction="/console/criteria#added-row" formnovalidate data-cb-add="group">+ Add “any of” group</button></div></div>`;
}

/** The catalog, the criteria's own ids and the "what to check" list, once per page, for the editor's script (data attributes and inert markup: nothing inline runs). */
export function renderBuilderCatalog(refs: RefChoices): SafeHtml {
  return html`<template id="cq-condition-catalog" data-catalog="${JSON.stringify(signalCatalogForScript())}" data-refs="${JSON.stringify(refs)}"><select data-cb-signal-options><option value="">Choose what to check…</option>${signalOptions('')}</select></template>`;
}
