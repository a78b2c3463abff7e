import { BANDS, CODE_LABELS, DISQUALIFICATION_REASONS, OUTCOMES, ROUTES, VALUE_TIERS, reasonCode, type Condition, type Dimension } from '../../../../core';
import { html, type SafeHtml } from '../html';
import type { ContactPropertyOption } from '../../../../app/ports/hubspot-crm.port';
import { describeCondition } from './condition-words';
import { addButton, checkbox, field, optionsOf, rowHead, sectionErrors, type FormContext } from './form-fields.view';

/** The criteria document as the form reads it (possibly invalid while being edited). */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROPERTY_INPUTS: Array<{ key: string; label: string; hint: string }> = [
  { key: 'message', label: 'Inquiry message', hint: 'Free text the patient wrote' },
  { key: 'serviceLine', label: 'Service of interest', hint: 'Dropdown or text naming the service' },
  { key: 'zip', label: 'ZIP code', hint: 'Used for distance to your locations' },
  { key: 'state', label: 'State', hint: '' },
  { key: 'payer', label: 'Insurance', hint: 'Insurance carrier or plan' },
  { key: 'phone', label: 'Phone', hint: '' },
  { key: 'email', label: 'Email', hint: '' },
  { key: 'timeline', label: 'Timeline', hint: 'When they want to start' },
  { key: 'referral', label: 'Referral source', hint: '' },
  { key: 'decisionMaker', label: 'Decision maker', hint: '' },
  { key: 'documents', label: 'Documents', hint: 'Referral or records on hand' },
  { key: 'consent', label: 'Consent to contact', hint: '' },
  { key: 'doNotContact', label: 'Do not contact', hint: '' },
  { key: 'emailOptOut', label: 'Email opt-out', hint: '' },
  { key: 'pageViews', label: 'Page views', hint: 'HubSpot analytics' },
  { key: 'visits', label: 'Visits', hint: 'HubSpot analytics' },
  { key: 'conversions', label: 'Conversions', hint: 'HubSpot analytics' },
  { key: 'source', label: 'Original source', hint: 'HubSpot analytics' },
  { key: 'conversionEvents', label: 'Conversion events', hint: 'Form names' },
];

const DAYS: Array<[string, string]> = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
const TIERS = optionsOf(VALUE_TIERS, { premium: 'Premium', standard: 'Standard', basic: 'Basic' });
const BAND_OUTCOMES = optionsOf(OUTCOMES.filter((o) => o !== 'disqualified'), CODE_LABELS);
const BAND_ROUTES = optionsOf(ROUTES.filter((r) => r !== 'refer_out' && r !== 'no_outreach'), CODE_LABELS);
const SLA_CLOCKS = [{ value: '', label: 'Business hours (default)' }, { value: 'business_hours', label: 'Business hours' }, { value: 'calendar', label: 'Calendar time' }];

export const CRITERIA_SECTIONS: Array<{ id: string; title: string; paths: string[] }> = [
  { id: 'general', title: 'General', paths: ['name', 'servedStates', 'recheckAfterDays'] },
  { id: 'locations', title: 'Locations', paths: ['locations'] },
  { id: 'services', title: 'Service lines', paths: ['serviceLines'] },
  { id: 'payers', title: 'Payers', paths: ['payers'] },
  { id: 'mapping', title: 'Field mapping', paths: ['propertyMap'] },
  { id: 'rules', title: 'Points', paths: ['rules', 'scoring'] },
  { id: 'hardstops', title: 'Hard stops', paths: ['hardStops'] },
  { id: 'bands', title: 'Bands & SLA', paths: ['bands', 'safety', 'missingInfo'] },
  { id: 'hours', title: 'Business hours', paths: ['businessHours'] },
];

const card = (id: string, title: string, lead: string, body: SafeHtml, actions?: SafeHtml) => html`<section class="card" id="section-${id}" aria-labelledby="h-${id}">
  <div class="card-head"><h2 id="h-${id}">${title}</h2>${actions ?? ''}</div><p class="muted small">${lead}</p>${body}</section>`;

/** Every section of the editor, in the order an admin thinks about a practice. */
export function renderCriteriaSections(ctx: FormContext, doc: Doc, properties: readonly ContactPropertyOption[]): SafeHtml {
  return html`${general(ctx, doc)}${locations(ctx, doc)}${services(ctx, doc)}${payers(ctx, doc)}${mapping(ctx, doc, properties)}
    ${rules(ctx, doc)}${hardStops(ctx, doc)}${bands(ctx, doc)}${hours(ctx, doc)}`;
}

function general(ctx: FormContext, d: Doc): SafeHtml {
  return card('general', 'General', 'What this set of criteria is called and where the practice sees patients.', html`<div class="row">
    ${field(ctx, { kind: 't', path: 'name', label: 'Criteria name', value: d.name })}
    ${field(ctx, { kind: 'ol', path: 'servedStates', label: 'States served', value: d.servedStates, hint: 'Two-letter codes, comma-separated (e.g. NY, NJ)' })}
    ${field(ctx, { kind: 'n', path: 'recheckAfterDays', label: 'Re-check "not now" leads after (days)', value: d.recheckAfterDays, step: '1' })}
  </div>`);
}

function locations(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.locations) ? d.locations : [];
  return card('locations', 'Locations and service radius', 'Leads farther than a location\'s radius from every location count as out of area.', html`
    <input type="hidden" name="list:locations" value="1">${sectionErrors(ctx, ['locations'])}
    ${list.map((l, i) => html`<div class="row-item">${rowHead(ctx, `locations[${i}]`, l.name || `Location ${i + 1}`)}<div class="row">
      ${field(ctx, { kind: 't', path: `locations[${i}].name`, label: 'Name', value: l.name })}
      ${field(ctx, { kind: 't', path: `locations[${i}].id`, label: 'Id', value: l.id, hint: 'Short, lower-case, stable' })}
      ${field(ctx, { kind: 'ot', path: `locations[${i}].zip`, label: 'ZIP code', value: l.zip })}
      ${field(ctx, { kind: 'ot', path: `locations[${i}].state`, label: 'State', value: l.state })}
      ${field(ctx, { kind: 'n', path: `locations[${i}].serviceRadiusMiles`, label: 'Radius (miles)', value: l.serviceRadiusMiles })}
      ${field(ctx, { kind: 'on', path: `locations[${i}].latitude`, label: 'Latitude', value: l.latitude, hint: 'Optional, instead of ZIP' })}
      ${field(ctx, { kind: 'on', path: `locations[${i}].longitude`, label: 'Longitude', value: l.longitude })}
    </div></div>`)}`, addButton(ctx, 'locations', 'Add location'));
}

function services(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.serviceLines) ? d.serviceLines : [];
  return card('services', 'Service lines', 'What the practice offers, the words patients use for it, and how valuable it is.', html`
    <input type="hidden" name="list:serviceLines" value="1">${sectionErrors(ctx, ['serviceLines'])}
    ${list.map((s, i) => html`<div class="row-item">${rowHead(ctx, `serviceLines[${i}]`, s.label || `Service ${i + 1}`)}<div class="row">
      ${field(ctx, { kind: 't', path: `serviceLines[${i}].label`, label: 'Label', value: s.label })}
      ${field(ctx, { kind: 't', path: `serviceLines[${i}].id`, label: 'Id', value: s.id })}
      ${field(ctx, { kind: 't', path: `serviceLines[${i}].valueTier`, label: 'Value', value: s.valueTier, options: TIERS })}
    </div><div class="row">
      ${field(ctx, { kind: 'l', path: `serviceLines[${i}].keywords`, label: 'Keywords', value: s.keywords, hint: 'Comma-separated; "consult*" matches any ending' })}
      ${field(ctx, { kind: 'ol', path: `serviceLines[${i}].formValues`, label: 'Form option values', value: s.formValues, hint: 'Values of your service dropdown that mean this service' })}
    </div></div>`)}`, addButton(ctx, 'serviceLines', 'Add service line'));
}

function payers(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.payers?.accepted) ? d.payers.accepted : [];
  return card('payers', 'Accepted payers', 'Insurance you accept, with the ways patients write it. Close spellings are matched too.', html`
    ${checkbox(ctx, 'payers.selfPayAccepted', 'Self-pay patients are welcome', Boolean(d.payers?.selfPayAccepted))}
    <input type="hidden" name="list:payers.accepted" value="1">${sectionErrors(ctx, ['payers', 'payers.accepted'])}
    ${list.map((p, i) => html`<div class="row-item">${rowHead(ctx, `payers.accepted[${i}]`, p.label || `Payer ${i + 1}`)}<div class="row">
      ${field(ctx, { kind: 't', path: `payers.accepted[${i}].label`, label: 'Label', value: p.label })}
      ${field(ctx, { kind: 't', path: `payers.accepted[${i}].id`, label: 'Id', value: p.id })}
    </div>${field(ctx, { kind: 'l', path: `payers.accepted[${i}].aliases`, label: 'Aliases', value: p.aliases, hint: 'Comma-separated' })}</div>`)}`,
  addButton(ctx, 'payers.accepted', 'Add payer'));
}

function mapping(ctx: FormContext, d: Doc, properties: readonly ContactPropertyOption[]): SafeHtml {
  const map: Doc = d.propertyMap ?? {};
  const known = new Set(properties.map((p) => p.name));
  return card('mapping', 'Field mapping', 'Which of your HubSpot contact properties feed each input. The first one with a value wins; leave blank if you do not collect it.', html`
    <datalist id="hubspot-properties">${properties.map((p) => html`<option value="${p.name}">${p.label}</option>`)}</datalist>
    ${properties.length === 0 ? html`<p class="notice notice-info small">Your HubSpot properties could not be loaded just now; you can still type internal property names.</p>` : ''}
    ${sectionErrors(ctx, ['propertyMap'])}
    <div class="table-wrap"><table><thead><tr><th scope="col">Input</th><th scope="col">First choice</th><th scope="col">Fallback</th><th scope="col">Second fallback</th></tr></thead><tbody>
    ${PROPERTY_INPUTS.map(({ key, label, hint }) => {
      const values: string[] = Array.isArray(map[key]) ? map[key] : [];
      const slots = Math.min(5, Math.max(3, values.length));
      return html`<tr><th scope="row">${label}${hint ? html`<span class="hint">${hint}</span>` : ''}<input type="hidden" name="list:propertyMap.${key}" value="1"></th>
        ${Array.from({ length: slots }, (_, i) => html`<td>${field(ctx, {
          kind: 'ot', path: `propertyMap.${key}[${i}]`, label: `${label}, choice ${i + 1}`, hiddenLabel: true, value: values[i], datalist: 'hubspot-properties',
          hint: values[i] && known.size > 0 && !known.has(values[i]!) ? 'Not in your HubSpot account yet: stays empty until you create it' : undefined,
        })}</td>`)}</tr>`;
    })}</tbody></table></div>`);
}

function ruleRows(ctx: FormContext, dim: string, list: Doc[]): SafeHtml {
  return html`<input type="hidden" name="list:rules.${dim}" value="1">${sectionErrors(ctx, [`rules.${dim}`])}
  <div class="table-wrap"><table><thead><tr><th scope="col">When</th><th scope="col" class="num">Points</th><th scope="col">Reason shown in HubSpot</th>${ctx.readonly ? '' : html`<th scope="col">Remove</th>`}</tr></thead><tbody>
  ${list.map((r, i) => {
    const p = `rules.${dim}[${i}]`;
    // Standard data mode writes this neutral code into HubSpot instead of the reason's words.
    const code = typeof r.id === 'string' && r.id ? reasonCode({ dimension: dim as Dimension, ruleId: r.id }) : undefined;
    return html`<tr><td><strong>${describeCondition(r.when as Condition)}</strong>${code ? html` <span class="mono small" title="Reason code used in standard data mode">${code}</span>` : ''}
      <input type="hidden" name="t:${p}.id" value="${r.id ?? ''}">${r.group ? html`<input type="hidden" name="ot:${p}.group" value="${r.group}">` : ''}
      <details class="advanced"><summary>Condition (advanced)</summary>${field(ctx, { kind: 'j', path: `${p}.when`, label: `Condition of rule ${r.id ?? i + 1}`, value: r.when })}</details>
      ${(ctx.errors.get(`${p}.id`) ?? []).map((m) => html`<span class="field-error">Id ${m}</span>`)}</td>
      <td>${field(ctx, { kind: 'n', path: `${p}.points`, label: `Points for ${r.reason || r.id || 'rule'}`, hiddenLabel: true, value: r.points, step: '1' })}</td>
      <td>${field(ctx, { kind: 't', path: `${p}.reason`, label: `Reason for rule ${r.id ?? i + 1}`, hiddenLabel: true, value: r.reason })}</td>
      ${ctx.readonly ? '' : html`<td><label class="check small"><input type="checkbox" name="x:${p}" value="1"><span class="visually-hidden">Remove rule ${r.id ?? ''}</span></label></td>`}</tr>`;
  })}</tbody></table></div>`;
}

function rules(ctx: FormContext, d: Doc): SafeHtml {
  const r: Doc = d.rules ?? {};
  const w: Doc = d.scoring?.weights ?? {};
  return card('rules', 'Points per rule', 'Each rule adds (or removes) points when its condition holds. Scores are scaled to 0–100 per dimension.', html`
    <div class="row">
      ${field(ctx, { kind: 't', path: 'scoring.combine', label: 'How dimensions combine', value: d.scoring?.combine, options: [{ value: 'weighted_dimensions', label: 'Weighted dimensions' }, { value: 'sum_of_points', label: 'Sum of points' }] })}
      ${field(ctx, { kind: 'n', path: 'scoring.weights.fit', label: 'Fit weight', value: w.fit, hint: '0–1; the three add up to 1' })}
      ${field(ctx, { kind: 'n', path: 'scoring.weights.intent', label: 'Intent weight', value: w.intent })}
      ${field(ctx, { kind: 'n', path: 'scoring.weights.readiness', label: 'Readiness weight', value: w.readiness })}
    </div>${sectionErrors(ctx, ['scoring', 'scoring.weights', 'rules'])}
    ${(['fit', 'intent', 'readiness'] as const).map((dim) => html`<div class="card-head"><h3>${dim === 'fit' ? 'Fit' : dim === 'intent' ? 'Intent' : 'Readiness'}</h3>${addButton(ctx, `rules.${dim}`, 'Add rule')}</div>
      ${ruleRows(ctx, dim, Array.isArray(r[dim]) ? r[dim] : [])}`)}`);
}

function hardStops(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.hardStops) ? d.hardStops : [];
  return card('hardstops', 'Hard stops', 'A lead matching a hard stop is disqualified with that reason, whatever its score (an emergency mention never is).', html`
    <input type="hidden" name="list:hardStops" value="1">${sectionErrors(ctx, ['hardStops'])}
    ${list.map((h, i) => html`<div class="row-item">${rowHead(ctx, `hardStops[${i}]`, describeCondition(h.when as Condition))}<div class="row">
      ${field(ctx, { kind: 't', path: `hardStops[${i}].reason`, label: 'Reason', value: h.reason, options: optionsOf(DISQUALIFICATION_REASONS, CODE_LABELS) })}
      ${field(ctx, { kind: 't', path: `hardStops[${i}].route`, label: 'Next step', value: h.route, options: optionsOf(['refer_out', 'no_outreach'], CODE_LABELS) })}
      ${field(ctx, { kind: 't', path: `hardStops[${i}].id`, label: 'Id', value: h.id })}
    </div><details class="advanced"><summary>Condition (advanced)</summary>${field(ctx, { kind: 'j', path: `hardStops[${i}].when`, label: 'Condition', value: h.when })}</details></div>`)}`,
  addButton(ctx, 'hardStops', 'Add hard stop'));
}

function bands(ctx: FormContext, d: Doc): SafeHtml {
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
    </div>
    ${field(ctx, { kind: 'l', path: 'safety.phrases', label: 'Emergency and crisis phrases', value: d.safety?.phrases, inputType: 'textarea', hint: 'Comma-separated. Such inquiries go to clinical review, never disqualified.' })}`);
}

function hours(ctx: FormContext, d: Doc): SafeHtml {
  const bh: Doc = d.businessHours ?? {};
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone').filter((z) => z.startsWith('America/') || z.startsWith('Pacific/Honolulu') || z === 'UTC') : [];
  return card('hours', 'Business hours', 'Response times count only open hours (unless a band uses calendar time).', html`
    <datalist id="time-zones">${zones.map((z) => html`<option value="${z}"></option>`)}</datalist>
    <div class="row">${field(ctx, { kind: 't', path: 'businessHours.timeZone', label: 'Time zone', value: bh.timeZone, datalist: 'time-zones' })}
    ${field(ctx, { kind: 'ol', path: 'businessHours.closedDates', label: 'Closed dates', value: bh.closedDates, hint: 'YYYY-MM-DD, comma-separated' })}
    ${field(ctx, { kind: 'ot', path: 'businessHours.holidays', label: 'Holidays', value: bh.holidays, options: [{ value: 'us_federal', label: 'Closed on US federal holidays' }, { value: 'none', label: 'Open on holidays (closed dates only)' }] })}</div>
    ${sectionErrors(ctx, ['businessHours', 'businessHours.week'])}
    <div class="table-wrap"><table><thead><tr><th scope="col">Day</th><th scope="col">Opens</th><th scope="col">Closes</th><th scope="col">Closed all day</th></tr></thead><tbody>
    ${DAYS.map(([key, label]) => {
      const day = bh.week?.[key] as { open?: string; close?: string } | null | undefined;
      const path = `businessHours.week.${key}`;
      const errs = [...(ctx.errors.get(`${path}.open`) ?? []), ...(ctx.errors.get(`${path}.close`) ?? []), ...(ctx.errors.get(path) ?? [])];
      return html`<tr><th scope="row">${label}<input type="hidden" name="day:${path}" value="1"></th>
        <td><label class="visually-hidden" for="f-${path}-open">${label} opens</label><input id="f-${path}-open" type="time" name="dayopen:${path}" value="${day?.open ?? ''}"${ctx.readonly ? html` readonly` : ''}></td>
        <td><label class="visually-hidden" for="f-${path}-close">${label} closes</label><input id="f-${path}-close" type="time" name="dayclose:${path}" value="${day?.close ?? ''}"${ctx.readonly ? html` readonly` : ''}>
          ${errs.length ? html`<span class="field-error">${errs.join('; ')}</span>` : ''}</td>
        <td><label class="check"><input type="checkbox" name="dayclosed:${path}" value="1"${day === null ? html` checked` : ''}${ctx.readonly ? html` disabled` : ''}> Closed</label>
          ${ctx.readonly && day === null ? html`<input type="hidden" name="dayclosed:${path}" value="1">` : ''}</td></tr>`;
    })}</tbody></table></div>`);
}
