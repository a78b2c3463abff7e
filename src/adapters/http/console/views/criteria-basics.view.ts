import { VALUE_TIERS } from '../../../../core';
import { html, type SafeHtml } from '../html';
import type { PortalOwnerOption } from '../../../../app/ports/crm-gateway.port';
import { addButton, checkbox, field, moreSettings, optionsOf, rowAttrs, rowHead, sectionErrors, type FormContext } from './form-fields.view';

/** The criteria document as the form reads it (possibly invalid while being edited). */
export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS: Array<[string, string]> = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
const TIERS = optionsOf(VALUE_TIERS, { premium: 'Premium', standard: 'Standard', basic: 'Basic' });

/** A section card of the editor. */
export const card = (id: string, title: string, lead: string, body: SafeHtml, actions?: SafeHtml) => html`<section class="card" id="section-${id}" aria-labelledby="h-${id}">
  <div class="card-head"><h3 id="h-${id}" class="section-title">${title}</h3>${actions ?? ''}</div><p class="muted small">${lead}</p>${body}</section>`;

export function general(ctx: FormContext, d: Doc): SafeHtml {
  return card('general', 'Practice', 'What this set of criteria is called and the states the practice serves.', html`<div class="row">
    ${field(ctx, { kind: 't', path: 'name', label: 'Criteria name', value: d.name })}
    ${field(ctx, { kind: 'ol', path: 'servedStates', label: 'States served', value: d.servedStates, hint: 'Two-letter codes, comma-separated (e.g. NY, NJ)' })}
  </div>`);
}

/** One location row (also the "+ Add location" template). */
export function locationRow(ctx: FormContext, l: Doc, i: number): SafeHtml {
  const p = `locations[${i}]`;
  return html`<div class="row-item"${rowAttrs(ctx, p)}>${rowHead(ctx, p, l.name || `Location ${i + 1}`)}<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.name`, label: 'Name', value: l.name })}
    ${field(ctx, { kind: 'ot', path: `${p}.zip`, label: 'ZIP code', value: l.zip })}
    ${field(ctx, { kind: 'n', path: `${p}.serviceRadiusMiles`, label: 'Radius (miles)', value: l.serviceRadiusMiles })}
    </div>${moreSettings(ctx, 'More: id, state, coordinates', [`${p}.id`, `${p}.state`, `${p}.latitude`, `${p}.longitude`], html`<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.id`, label: 'Id', value: l.id, hint: 'Made from the name when left blank' })}
    ${field(ctx, { kind: 'ot', path: `${p}.state`, label: 'State', value: l.state })}
    ${field(ctx, { kind: 'on', path: `${p}.latitude`, label: 'Latitude', value: l.latitude, hint: 'Instead of a ZIP code' })}
    ${field(ctx, { kind: 'on', path: `${p}.longitude`, label: 'Longitude', value: l.longitude })}</div>`)}</div>`;
}

export function locations(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.locations) ? d.locations : [];
  return card('locations', 'Locations and service radius', 'Leads farther than a location\'s radius from every location count as out of area.', html`
    <input type="hidden" name="list:locations" value="1">${sectionErrors(ctx, ['locations'])}
    <div data-rows="locations">${list.map((l, i) => locationRow(ctx, l, i))}</div>`, addButton(ctx, 'locations', 'Add location'));
}

/** One service line row (also the "+ Add service line" template). */
export function serviceRow(ctx: FormContext, s: Doc, i: number): SafeHtml {
  const p = `serviceLines[${i}]`;
  return html`<div class="row-item"${rowAttrs(ctx, p)}>${rowHead(ctx, p, s.label || `Service line ${i + 1}`)}<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.label`, label: 'Name', value: s.label })}
    ${field(ctx, { kind: 't', path: `${p}.valueTier`, label: 'Value to the practice', value: s.valueTier, options: TIERS })}
  </div>${field(ctx, { kind: 'l', path: `${p}.keywords`, label: 'Words patients use for it', value: s.keywords, hint: 'Comma-separated; "consult*" matches any ending' })}
  ${moreSettings(ctx, 'More: id, form option values', [`${p}.id`, `${p}.formValues`], html`<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.id`, label: 'Id', value: s.id, hint: 'Made from the name when left blank' })}
    ${field(ctx, { kind: 'ol', path: `${p}.formValues`, label: 'Form option values', value: s.formValues, hint: 'Values of your service dropdown that mean this service' })}</div>`)}</div>`;
}

export function services(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.serviceLines) ? d.serviceLines : [];
  return card('services', 'Service lines', 'What the practice offers, the words patients use for it, and how valuable it is.', html`
    <input type="hidden" name="list:serviceLines" value="1">${sectionErrors(ctx, ['serviceLines'])}
    <div data-rows="serviceLines">${list.map((s, i) => serviceRow(ctx, s, i))}</div>`, addButton(ctx, 'serviceLines', 'Add service line'));
}

/** One accepted payer row (also the "+ Add payer" template). */
export function payerRow(ctx: FormContext, p0: Doc, i: number): SafeHtml {
  const p = `payers.accepted[${i}]`;
  return html`<div class="row-item"${rowAttrs(ctx, p)}>${rowHead(ctx, p, p0.label || `Payer ${i + 1}`)}<div class="row">
    ${field(ctx, { kind: 't', path: `${p}.label`, label: 'Name', value: p0.label })}
    ${field(ctx, { kind: 'l', path: `${p}.aliases`, label: 'Other ways patients write it', value: p0.aliases, hint: 'Comma-separated' })}
  </div>${moreSettings(ctx, 'More: id', [`${p}.id`], field(ctx, { kind: 't', path: `${p}.id`, label: 'Id', value: p0.id, hint: 'Made from the name when left blank' }))}</div>`;
}

export function payers(ctx: FormContext, d: Doc): SafeHtml {
  const list: Doc[] = Array.isArray(d.payers?.accepted) ? d.payers.accepted : [];
  return card('payers', 'Accepted payers', 'Insurance you accept, with the ways patients write it. Close spellings are matched too.', html`
    ${checkbox(ctx, 'payers.selfPayAccepted', 'Self-pay patients are welcome', Boolean(d.payers?.selfPayAccepted))}
    <input type="hidden" name="list:payers.accepted" value="1">${sectionErrors(ctx, ['payers', 'payers.accepted'])}
    <div data-rows="payers.accepted">${list.map((p, i) => payerRow(ctx, p, i))}</div>`, addButton(ctx, 'payers.accepted', 'Add payer'));
}

export function hours(ctx: FormContext, d: Doc): SafeHtml {
  const bh: Doc = d.businessHours ?? {};
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone').filter((z) => z.startsWith('America/') || z.startsWith('Pacific/Honolulu') || z === 'UTC') : [];
  const ro = ctx.readonly ? html` readonly` : '';
  return card('hours', 'Business hours', 'Response times count only open hours (unless a band uses calendar time).', html`
    <datalist id="time-zones">${zones.map((z) => html`<option value="${z}"></option>`)}</datalist>
    <div class="row">${field(ctx, { kind: 't', path: 'businessHours.timeZone', label: 'Time zone', value: bh.timeZone, datalist: 'time-zones' })}
    ${field(ctx, { kind: 'ot', path: 'businessHours.holidays', label: 'Holidays', value: bh.holidays, options: [{ value: 'us_federal', label: 'Closed on US federal holidays' }, { value: 'none', label: 'Open on holidays (closed dates only)' }] })}
    ${field(ctx, { kind: 'ol', path: 'businessHours.closedDates', label: 'Closed dates', value: bh.closedDates, hint: 'YYYY-MM-DD, comma-separated' })}</div>
    ${sectionErrors(ctx, ['businessHours', 'businessHours.week'])}
    <div class="table-wrap"><table><thead><tr><th scope="col">Day</th><th scope="col">Opens</th><th scope="col">Closes</th><th scope="col">Closed all day</th></tr></thead><tbody>
    ${DAYS.map(([key, label]) => {
      const day = bh.week?.[key] as { open?: string; close?: string } | null | undefined;
      const path = `businessHours.week.${key}`;
      const errs = [...(ctx.errors.get(`${path}.open`) ?? []), ...(ctx.errors.get(`${path}.close`) ?? []), ...(ctx.errors.get(path) ?? [])];
      return html`<tr><th scope="row">${label}<input type="hidden" name="day:${path}" value="1"></th>
        <td><label class="visually-hidden" for="f-${path}-open">${label} opens</label><input id="f-${path}-open" type="time" name="dayopen:${path}" value="${day?.open ?? ''}"${ro}></td>
        <td><label class="visually-hidden" for="f-${path}-close">${label} closes</label><input id="f-${path}-close" type="time" name="dayclose:${path}" value="${day?.close ?? ''}"${ro}>
          ${errs.length ? html`<span class="field-error">${errs.join('; ')}</span>` : ''}</td>
        <td><label class="check"><input type="checkbox" name="dayclosed:${path}" value="1"${day === null ? html` checked` : ''}${ctx.readonly ? html` disabled` : ''}> Closed</label>
          ${ctx.readonly && day === null ? html`<input type="hidden" name="dayclosed:${path}" value="1">` : ''}</td></tr>`;
    })}</tbody></table></div>`);
}

/**
 * Who gets the call task of a care-ready lead: the portal's HubSpot users, by team, ticked in
 * turn order. When HubSpot's owner list cannot be read, owner ids can still be typed.
 */
export function owners(ctx: FormContext, d: Doc, people: readonly PortalOwnerOption[] | undefined): SafeHtml {
  const chosen: string[] = Array.isArray(d.followUp?.ownerIds) ? d.followUp.ownerIds.map(String) : [];
  const lead = 'Who gets the call task for a care-ready lead (in turn). Leave everyone unticked to create unassigned tasks.';
  if (!people) {
    return card('owners', 'Follow-up owners', lead, html`<p class="notice notice-info small">Your HubSpot users could not be loaded just now; you can type HubSpot owner ids instead.</p>
      ${field(ctx, { kind: 'ol', path: 'followUp.ownerIds', label: 'Owner ids', value: chosen, hint: 'Comma-separated HubSpot owner ids' })}`);
  }
  const known = new Set(people.map((p) => p.id));
  const teams = new Map<string, { name: string; members: PortalOwnerOption[] }>();
  for (const p of people) {
    const team = p.teams.find((t) => t.primary) ?? p.teams[0];
    const key = team?.id ?? '';
    if (!teams.has(key)) teams.set(key, { name: team?.name ?? 'No team', members: [] });
    teams.get(key)!.members.push(p);
  }
  let n = 0;
  const box = (id: string, text: SafeHtml | string) => html`<label class="check" for="f-owner-${n}"><input type="checkbox" id="f-owner-${n}" name="ot:followUp.ownerIds[${n++}]" value="${id}"${chosen.includes(id) ? html` checked` : ''}${ctx.readonly ? html` disabled` : ''}> ${text}</label>`;
  return card('owners', 'Follow-up owners', lead, html`<input type="hidden" name="list:followUp.ownerIds" value="1">${sectionErrors(ctx, ['followUp', 'followUp.ownerIds'])}
    ${people.length === 0 ? html`<p class="muted small">Your HubSpot account has no users who can own tasks yet.</p>` : ''}
    <div class="owner-teams">${[...teams].map(([key, t]) => html`<fieldset class="owner-team" data-team><legend>${t.name}</legend>
      ${key ? html`<button type="button" class="btn btn-small" data-select-team hidden>Select the whole team</button>` : ''}
      ${t.members.map((p) => box(p.id, html`${p.name}${p.email ? html` <span class="muted small">${p.email}</span>` : ''}`))}</fieldset>`)}
    ${chosen.filter((id) => !known.has(id)).map((id) => box(id, `Owner ${id} (no longer in HubSpot)`))}</div>`);
}
