import { BANDS, CODE_LABELS, DISQUALIFICATION_REASONS, OUTCOMES, ROUTES, reasonCode, type Condition, type Dimension } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { renderConditionBuilder, type RefChoices } from './condition-builder.view';
import { addButton, field, hasErrorsUnder, moreSettings, optionsOf, rowAttrs, rowHead, sectionErrors, type FormContext } from './form-fields.view';
import { describeCondition } from './condition-words';
import { card, type Doc } from './criteria-basics.view';

const BAND_OUTCOMES = optionsOf(OUTCOMES.filter((o) => o !== 'disqualified'), CODE_LABELS);
const BAND_ROUTES = optionsOf(ROUTES.filter((r) => r !== 'refer_out' && r !== 'no_outreach'), CODE_LABELS);
const SLA_CLOCKS = [{ value: '', label: 'Business hours (default)' }, { value: 'business_hours', label: 'Business hours' }, { value: 'calendar', label: 'Calendar time' }];
const REASON_PLACEHOLDERS_HINT = '{distanceMiles}, {locationName}, {serviceLine} and {payer}.';
const DIM_TITLES: Record<Dimension, string> = { fit: 'Fit', intent: 'Intent', readiness: 'Readiness' };

/** A rule in one line: "+30 when service value is premium — requested a premium service we offer". */
function ruleSummary(r: Doc): string {
  const points = typeof r.points === 'number' ? `${r.points > 0 ? '+' : ''}${r.points}` : '?';
  const when = r.when && typeof r.when === 'object' ? describeCondition(r.when as Condition) : 'no condition yet';
  return `${points} when ${when}${r.reason ? ` — ${r.reason}` : ''}`;
}

/**
 * One scoring rule, collapsed to its summary line (the list of ~30 rules reads at a glance);
 * open when just added, still without a condition, or when something in it needs fixing. Open:
 * the condition builder, its points, and (collapsed again) its reason text and id.
 */
export function ruleRow(ctx: FormContext, dim: Dimension, r: Doc, i: number, refs: RefChoices): SafeHtml {
  const p = `rules.${dim}[${i}]`;
  const title = `${DIM_TITLES[dim]} rule ${i + 1}`;
  const open = ctx.added === p || !r.when || hasErrorsUnder(ctx, [p]);
  // Standard data mode writes this neutral code into HubSpot instead of the reason's words.
  const code = typeof r.id === 'string' && r.id ? reasonCode({ dimension: dim, ruleId: r.id }) : undefined;
  return html`<div class="row-item rule-row"${rowAttrs(ctx, p)}><details class="rule"${open ? html` open` : ''}><summary><span class="visually-hidden">${title}: </span>${ruleSummary(r)}</summary>
    ${rowHead(ctx, p, title, 5)}
    ${r.group ? html`<input type="hidden" name="ot:${p}.group" value="${r.group}">` : ''}
    ${renderConditionBuilder(ctx, `${p}.when`, `Condition of ${title.toLowerCase()}`, r.when, refs)}
    <div class="row">${field(ctx, { kind: 'n', path: `${p}.points`, label: 'Points', value: r.points, step: '1', hint: 'Negative points count against the lead' })}</div>
    ${moreSettings(ctx, 'More: reason shown in HubSpot, id', [`${p}.reason`, `${p}.id`], html`<div class="row">
      ${field(ctx, { kind: 't', path: `${p}.reason`, label: 'Reason shown in HubSpot', value: r.reason, hint: `Left blank: the condition in words. May use ${REASON_PLACEHOLDERS_HINT}` })}
      ${field(ctx, { kind: 't', path: `${p}.id`, label: 'Id', value: r.id, hint: code ? `Reason code in standard data mode: ${code}` : 'Made from the reason when left blank' })}</div>`)}</details></div>`;
}

export function rules(ctx: FormContext, d: Doc, refs: RefChoices): SafeHtml {
  const r: Doc = d.rules ?? {};
  return card('rules', 'Points per rule', 'Each rule adds (or removes) points when its condition holds. Scores are scaled to 0–100 per dimension.', html`
    ${sectionErrors(ctx, ['rules'])}
    ${(['fit', 'intent', 'readiness'] as const).map((dim) => {
      const list: Doc[] = Array.isArray(r[dim]) ? r[dim] : [];
      return html`<div class="card-head"><h4>${DIM_TITLES[dim]}</h4>${addButton(ctx, `rules.${dim}`, `Add ${dim} rule`)}</div>
      <input type="hidden" name="list:rules.${dim}" value="1">${sectionErrors(ctx, [`rules.${dim}`])}
      <div data-rows="rules.${dim}">${list.map((rule, i) => ruleRow(ctx, dim, rule, i, refs))}</div>`;
    })}`);
}

/** One hard stop, collapsed to "Spam or test submission when looks like spam or test email", open when new or wrong. */
export function hardStopRow(ctx: FormContext, h: Doc, i: number, refs: RefChoices): SafeHtml {
  const p = `hardStops[${i}]`;
  const title = `Hard stop ${i + 1}`;
  const open = ctx.added === p || !h.when || hasErrorsUnder(ctx, [p]);
  const summary = `${CODE_LABELS[h.reason] ?? h.reason ?? 'Stop'} when ${h.when && typeof h.when === 'object' ? describeCondition(h.when as Condition) : 'no condition yet'}`;
  return html`<div class="row-item rule-row"${rowAttrs(ctx, p)}><details class="rule"${open ? html` open` : ''}><summary><span class="visually-hidden">${title}: </span>${summary}</summary>
    ${rowHead(ctx, p, title)}
    ${renderConditionBuilder(ctx, `${p}.when`, `Condition of hard stop ${i + 1}`, h.when, refs)}<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.reason`, label: 'Reason', value: h.reason, options: optionsOf(DISQUALIFICATION_REASONS, CODE_LABELS) })}
    ${field(ctx, { kind: 't', path: `${p}.route`, label: 'Next step', value: h.route, options: optionsOf(['refer_out', 'no_outreach'], CODE_LABELS) })}
    </div>${moreSettings(ctx, 'More: id', [`${p}.id`], field(ctx, { kind: 't', path: `${p}.id`, label: 'Id', value: h.id, hint: 'Made from the reason when left blank' }))}</details></div>`;
}

export function hardStops(ctx: FormContext, d: Doc, refs: RefChoices): SafeHtml {
  const list: Doc[] = Array.isArray(d.hardStops) ? d.hardStops : [];
  return card('hardstops', 'Hard stops', 'A lead matching a hard stop is disqualified with that reason, whatever its score (an emergency mention never is).', html`
    <input type="hidden" name="list:hardStops" value="1">${sectionErrors(ctx, ['hardStops'])}
    <div data-rows="hardStops">${list.map((h, i) => hardStopRow(ctx, h, i, refs))}</div>`, addButton(ctx, 'hardStops', 'Add hard stop'));
}

export function bands(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.bands) ? d.bands : [];
  return card('bands', 'Bands, outcomes and response times', 'List bands from the highest minimum score down; the last starts at 0. Leave the response time blank for no deadline.', html`
    <input type="hidden" name="list:bands" value="1">${sectionErrors(ctx, ['bands'])}
    <div class="table-wrap"><table><thead><tr><th scope="col">Band</th><th scope="col">From score</th><th scope="col">Outcome</th><th scope="col">Next step</th><th scope="col">Respond within (min)</th><th scope="col">Clock</th></tr></thead><tbody>
    ${list.map((b, i) => html`<tr>
      <td>${field(ctx, { kind: 't', path: `bands[${i}].band`, label: `Band ${i + 1}`, hiddenLabel: true, value: b.band, options: optionsOf(BANDS, CODE_LABELS) })}</td>
      <td>${field(ctx, { kind: 'n', path: `bands[${i}].minScore`, label: `Minimum score of band ${i + 1}`, hiddenLabel: true, value: b.minScore, step: '1' })}</td>
      <td>${field(ctx, { kind: 't', path: `bands[${i}].outcome`, label: `Outcome of band ${i + 1}`, hiddenLabel: true, value: b.outcome, options: BAND_OUTCOMES })}</td>
      <td>${field(ctx, { kind: 't', path: `bands[${i}].route`, label: `Next step of band ${i + 1}`, hiddenLabel: true, value: b.route, options: BAND_ROUTES })}</td>
      <td>${field(ctx, { kind: 'nn', path: `bands[${i}].slaMinutes`, label: `Response time of band ${i + 1} in minutes`, hiddenLabel: true, value: b.slaMinutes, step: '1' })}</td>
      <td>${field(ctx, { kind: 'ot', path: `bands[${i}].slaClock`, label: `Clock of band ${i + 1}`, hiddenLabel: true, value: b.slaClock ?? '', options: SLA_CLOCKS })}</td>
    </tr>`)}</tbody></table></div>
    <div class="row">
      ${field(ctx, { kind: 'n', path: 'safety.slaMinutes', label: 'Emergency or crisis mention: respond within (min)', value: d.safety?.slaMinutes, step: '1', hint: 'Must be no longer than any band\'s response time' })}
      ${field(ctx, { kind: 'n', path: 'missingInfo.reviewSlaMinutes', label: 'Needs review: respond within (min)', value: d.missingInfo?.reviewSlaMinutes, step: '1' })}
    </div>`);
}
