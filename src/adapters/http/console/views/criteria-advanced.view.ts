import { html, type SafeHtml } from '../html';
import type { ContactPropertyOption } from '../../../../app/ports/crm-gateway.port';
import { field, sectionErrors, type FormContext } from './form-fields.view';
import { card, type Doc } from './criteria-basics.view';

/** The inputs CareQual reads from a contact, in the order a practice's intake form asks them. */
export const PROPERTY_INPUTS: Array<{ key: string; label: string; hint: string }> = [
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

/** The one list of the portal's contact properties every mapping slot offers (an `<input list>`: native, no script needed). */
export const PROPERTY_LIST_ID = 'cq-contact-properties';

/**
 * The portal's contact properties, once per page: each option's value is the internal name, its
 * label what the admin knows it by. With ~400 properties a drop-down per slot made the editor
 * 1.7 MB of HTML; one list is shared by every slot.
 */
function propertyList(properties: readonly ContactPropertyOption[]): SafeHtml {
  return html`<datalist id="${PROPERTY_LIST_ID}">${properties.map((p) => html`<option value="${p.name}" label="${p.label}"></option>`)}</datalist>`;
}

/** A mapping slot: pick a property from the shared list (or type its internal name); a name HubSpot lacks is marked. */
function propertySlot(ctx: FormContext, path: string, label: string, value: string | undefined, properties: readonly ContactPropertyOption[]): SafeHtml {
  const offline = properties.length === 0;
  const known = !value || offline ? undefined : properties.find((p) => p.name === value);
  const hint = value && !offline ? (known ? known.label : 'Not in HubSpot yet') : undefined;
  return field(ctx, { kind: 'ot', path, label, hiddenLabel: true, value: value ?? '', ...(offline ? {} : { datalist: PROPERTY_LIST_ID }), ...(hint ? { hint } : {}) });
}

export function mapping(ctx: FormContext, d: Doc, properties: readonly ContactPropertyOption[]): SafeHtml {
  const map: Doc = d.propertyMap ?? {};
  const offline = properties.length === 0;
  return card('mapping', 'Field mapping', 'Which of your HubSpot contact properties feed each input. The first one with a value wins; leave a choice empty if you do not ask for it.', html`
    ${offline ? html`<p class="notice notice-info small">Your HubSpot properties could not be loaded just now; you can still type internal property names.</p>` : html`<p class="muted small">Start typing a property's name or label to pick it from your HubSpot properties.</p>${propertyList(properties)}`}
    ${sectionErrors(ctx, ['propertyMap'])}
    <div class="table-wrap"><table class="mapping"><thead><tr><th scope="col">Input</th><th scope="col">First choice</th><th scope="col">Fallback</th><th scope="col">Second fallback</th></tr></thead><tbody>
    ${PROPERTY_INPUTS.map(({ key, label, hint }) => {
      const values: string[] = Array.isArray(map[key]) ? map[key] : [];
      // One empty slot after those in use (saving opens the next).
      const slots = Math.min(5, values.length + 1);
      return html`<tr><th scope="row">${label}${hint ? html`<span class="hint">${hint}</span>` : ''}<input type="hidden" name="list:propertyMap.${key}" value="1"></th>
        ${Array.from({ length: slots }, (_, i) => html`<td>${propertySlot(ctx, `propertyMap.${key}[${i}]`, `${label}, choice ${i + 1}`, values[i], properties)}</td>`)}</tr>`;
    })}</tbody></table></div>`);
}

export function weights(ctx: FormContext, d: Doc): SafeHtml {
  const w: Doc = d.scoring?.weights ?? {};
  return card('weights', 'How the three scores combine', 'Fit, intent and readiness are each scored 0–100; the weights say how much each counts in the combined score.', html`<div class="row">
    ${field(ctx, { kind: 't', path: 'scoring.combine', label: 'How dimensions combine', value: d.scoring?.combine, options: [{ value: 'weighted_dimensions', label: 'Weighted dimensions' }, { value: 'sum_of_points', label: 'Sum of points' }] })}
    ${field(ctx, { kind: 'n', path: 'scoring.weights.fit', label: 'Fit weight', value: w.fit, hint: '0–1; the three add up to 1' })}
    ${field(ctx, { kind: 'n', path: 'scoring.weights.intent', label: 'Intent weight', value: w.intent })}
    ${field(ctx, { kind: 'n', path: 'scoring.weights.readiness', label: 'Readiness weight', value: w.readiness })}
  </div>${sectionErrors(ctx, ['scoring', 'scoring.weights'])}`);
}

export function safetyAndTiming(ctx: FormContext, d: Doc): SafeHtml {
  return card('safety', 'Emergency phrases and re-checks', 'Inquiries with these phrases go to clinical review, never disqualified. "Not now" leads are scored again after the re-check delay.', html`
    ${field(ctx, { kind: 'l', path: 'safety.phrases', label: 'Emergency and crisis phrases', value: d.safety?.phrases, inputType: 'textarea', hint: 'Comma-separated; added to the built-in safety lexicon.' })}
    ${field(ctx, { kind: 'n', path: 'recheckAfterDays', label: 'Re-check "not now" leads after (days)', value: d.recheckAfterDays, step: '1' })}`);
}
