import { CODE_LABELS } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { newestDraft, versionLabel, type CriteriaChoices } from '../../../../app/criteria/choose-criteria';
import type { Simulation, SimulationSummary } from '../../../../app/criteria/simulate-criteria';
import { groupedBarChart } from './charts.view';
import { csrfField, pageHeader } from './layout.view';

export interface SimulationView extends Simulation {
  csrfToken: string;
  /** The contact's record in HubSpot. */
  contactUrl(contactId: string): string;
}

const label = (code: string) => (code === 'unscored' ? 'Not scored' : CODE_LABELS[code] ?? code);

/** Which two versions a simulation compares: `draft` scored against `against` (undefined: nothing, every contact unscored before). */
export interface SimulationPick {
  draft: number | undefined;
  against: number | undefined;
}

/** The form, preset to `pick` (the routes choose it: never the live version against itself unless nothing else exists). */
export function renderSimulateForm(choices: CriteriaChoices, csrfToken: string, pick: SimulationPick): SafeHtml {
  const options = (selected: number | undefined) => choices.versions.map((v) => html`<option value="${v.version}"${v.version === selected ? html` selected` : ''}>${versionLabel(v.version, choices)}${v.note ? ` — ${v.note}` : ''}</option>`);
  const everythingLive = choices.versions.length > 0 && newestDraft(choices) === undefined;
  return html`${pageHeader('Simulate before publishing', 'Score your most recent contacts with a draft and compare with what is live. Read-only: nothing is written to HubSpot.')}
  <form class="card" method="post" action="/console/simulate">${csrfField(csrfToken)}
    ${choices.versions.length === 0 ? html`<p class="notice notice-info">Save a draft first.</p>` : ''}
    ${everythingLive ? html`<p class="notice notice-info">No draft is newer than what is live. Compare the live version with the one live before it to see what a re-score would change, or save a draft in the editor.</p>` : ''}
    <div class="filters">
      <div class="field"><label for="sim-draft">Version to try</label><select id="sim-draft" name="draft">${options(pick.draft)}</select></div>
      <div class="field"><label for="sim-against">Compare with</label><select id="sim-against" name="against">
        ${choices.publishedVersion === undefined ? html`<option value="">Nothing (not scored before)</option>` : ''}${options(pick.against)}</select></div>
      <div class="field"><label for="sim-sample">Recent contacts to sample</label><input id="sim-sample" name="sample" type="number" min="1" max="200" value="100"><span class="hint">Up to 200</span></div>
      <div class="field"><button class="btn btn-primary" type="submit"${choices.versions.length === 0 ? html` disabled` : ''}>Run simulation</button></div>
    </div></form>`;
}

/** The chart legend names the two versions compared, not "live" and "draft" (either may be another version). */
const legend = (v: SimulationView): SafeHtml => html`<div class="legend"><span><i class="swatch swatch-current"></i>${v.live?.label ?? 'Not scored before'}</span><span><i class="swatch swatch-draft"></i>${v.draft.label}</span></div>`;

function movesTable(v: SimulationView): SafeHtml {
  const state = (s: { band: string; outcome: string } | undefined) => (s ? `${label(s.band)} · ${label(s.outcome)}` : 'Not scored');
  return html`<section class="card" aria-labelledby="sim-moves"><h2 id="sim-moves">Contacts that would move</h2>
    ${v.moves.length === 0 ? html`<p class="muted">No sampled contact would change band or outcome.</p>` : html`<p class="small muted">Open a contact in HubSpot to see why. Only contact ids are shown here.</p>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="sim-moves"><table class="stackable">
    <thead><tr><th scope="col">Contact</th><th scope="col">Now (band · outcome)</th><th scope="col">With ${v.draft.label}</th></tr></thead>
    <tbody>${v.moves.map((m) => html`<tr><td data-label="Contact"><a class="mono" href="${v.contactUrl(m.contactId)}" target="_blank" rel="noopener noreferrer">${m.contactId}</a></td>
      <td data-label="Now">${state(m.before)}</td><td data-label="With ${v.draft.label}">${state(m.after)}</td></tr>`)}</tbody></table></div>`}</section>`;
}

function transitionsTable(title: string, s: SimulationSummary): SafeHtml {
  return html`<div><h3>${title}</h3>${s.transitions.length === 0 ? html`<p class="muted">No contact would move.</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${title} moves"><table class="stackable">
    <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Contacts</th></tr></thead>
    <tbody>${s.transitions.map((t) => html`<tr><td data-label="From">${label(t.from)}</td><td data-label="To">${label(t.to)}</td><td class="num" data-label="Contacts">${t.count}</td></tr>`)}</tbody></table></div>`}</div>`;
}

export function renderSimulation(v: SimulationView): SafeHtml {
  const comparing = v.live ? `${v.draft.label} compared with ${v.live.label}` : `${v.draft.label} (nothing is live yet)`;
  return html`${renderSimulateForm(v.choices, v.csrfToken, { draft: v.draft.version, against: v.live?.version })}
  <section class="card" aria-labelledby="sim-title" aria-live="polite">
    <div class="card-head"><h2 id="sim-title">What would change</h2><p>${comparing}</p></div>
    <div class="grid grid-3">
      <div class="kpi"><div class="kpi-label">Contacts sampled</div><div class="kpi-value">${v.sampled}</div><div class="kpi-sub">most recent, of ${v.requested} asked</div></div>
      <div class="kpi"><div class="kpi-label">Would change band</div><div class="kpi-value">${v.bands.moved}</div><div class="kpi-sub">${v.sampled ? Math.round((100 * v.bands.moved) / v.sampled) : 0}% of the sample</div></div>
      <div class="kpi"><div class="kpi-label">Would change outcome</div><div class="kpi-value">${v.outcomes.moved}</div><div class="kpi-sub">${v.sampled ? Math.round((100 * v.outcomes.moved) / v.sampled) : 0}% of the sample</div></div>
    </div>
  </section>
  <div class="grid grid-2">
    <section class="card chart" aria-labelledby="band-chart"><h2 id="band-chart">Bands</h2>
      ${groupedBarChart('Contacts per band, live versus draft', v.bands.distribution.map((d) => ({ ...d, label: label(d.label) })))}
      ${legend(v)}</section>
    <section class="card chart" aria-labelledby="outcome-chart"><h2 id="outcome-chart">Outcomes</h2>
      ${groupedBarChart('Contacts per outcome, live versus draft', v.outcomes.distribution.map((d) => ({ ...d, label: label(d.label) })))}
      ${legend(v)}</section>
  </div>
  <section class="card"><h2>Moves</h2><div class="grid grid-2">${transitionsTable('Band', v.bands)}${transitionsTable('Outcome', v.outcomes)}</div></section>
  ${movesTable(v)}`;
}
