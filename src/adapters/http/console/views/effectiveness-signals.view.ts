import { html, type SafeHtml } from '../html';
import { checkbox, field, type FormContext } from './form-fields.view';
import { csrfField, pageHeader } from './layout.view';

/** The form's values: the stored settings, or what was submitted when it is shown again with errors. */
export interface SignalSettingsValues {
  dispositionBooked: boolean;
  bookedLifecycleStages: readonly string[];
  bookedDateProperty: string | null;
  bookedProperty: { name: string; values: readonly string[] } | null;
  firstOutreachProperty: string | null;
  countTaskCompletion: boolean;
}

export interface SignalSettingsPage {
  values: SignalSettingsValues;
  isDefault: boolean;
  /** Messages by setting path (e.g. `bookedProperty.name`). */
  errors: ReadonlyMap<string, readonly string[]>;
  csrfToken: string;
}

/**
 * Which HubSpot facts count as "booked" and "first outreach" for the Effectiveness figures
 * (issue 20), admin only. Property names only: the settings never hold a contact's value.
 */
export function renderSignalSettings(p: SignalSettingsPage): SafeHtml {
  const ctx: FormContext = { errors: p.errors, readonly: false };
  const v = p.values;
  return html`${pageHeader('Outcome signals', 'What counts as a booked consult and as intake\'s first outreach when the Effectiveness figures are computed. Changes apply from the next run.', html`<a class="btn btn-quiet" href="/console/effectiveness">Back to Effectiveness</a>`)}
  ${p.errors.size > 0 ? html`<div class="error-summary" role="alert"><h2>The settings were not saved</h2><ul>${[...p.errors].map(([path, messages]) => html`<li><a href="#f-${path.replace(/[^A-Za-z0-9]+/g, '-')}">${path}</a>: ${messages.join('; ')}</li>`)}</ul></div>` : ''}
  <form class="card" method="post" action="/console/effectiveness/signals">${csrfField(p.csrfToken)}
    <p class="muted small">${p.isDefault ? 'This portal uses the defaults.' : 'This portal has its own settings.'}</p>
    <fieldset><legend>Booked: an inquiry counts as booked when any of these holds</legend>
      ${checkbox(ctx, 'dispositionBooked', 'Intake set the CareQual disposition to "reached — booked"', v.dispositionBooked)}
      ${field(ctx, { kind: 'l', path: 'bookedLifecycleStages', label: 'Lifecycle stages that mean booked', value: v.bookedLifecycleStages, hint: 'Internal values, separated by commas, e.g. opportunity, customer. Empty: lifecycle stage is not used.' })}
      ${field(ctx, { kind: 'ot', path: 'bookedDateProperty', label: 'Date property set when a meeting is booked', value: v.bookedDateProperty, hint: 'Booked when it holds a date after the inquiry. Default: engagements_last_meeting_booked (HubSpot meetings tool). Empty: not used.' })}
      ${field(ctx, { kind: 'ot', path: 'bookedProperty.name', label: 'Your own property that records a booking', value: v.bookedProperty?.name ?? '', hint: 'Internal name, e.g. appointment_status. Empty: not used.' })}
      ${field(ctx, { kind: 'ol', path: 'bookedProperty.values', label: 'Its values that mean booked', value: v.bookedProperty?.values ?? [], hint: 'Separated by commas, e.g. scheduled, attended.' })}
    </fieldset>
    <fieldset><legend>First outreach: the earliest of these after the inquiry</legend>
      ${field(ctx, { kind: 'ot', path: 'firstOutreachProperty', label: 'Date property of the first call, e-mail or meeting', value: v.firstOutreachProperty, hint: 'Default: hs_sa_first_engagement_date. Empty: not used.' })}
      ${checkbox(ctx, 'countTaskCompletion', 'Completing CareQual\'s follow-up task counts as first outreach', v.countTaskCompletion)}
    </fieldset>
    <div class="form-actions"><button type="submit" class="btn btn-primary">Save signals</button></div>
  </form>`;
}
