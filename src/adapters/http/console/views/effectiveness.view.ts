import type { EffectivenessRun } from '../../../../app/effectiveness/effectiveness.ports';
import { formatMinutes } from '../../../../app/effectiveness/effectiveness-summary';
import { CODE_LABELS, showCount, showShare, showStatistic, type ConversionCell, type EffectivenessReport, type LiftRow, type SpeedCell, type Suggestion } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { chip, csrfField, formatDateTime, pageHeader } from './layout.view';
import { shareBarChart, speedChart } from './effectiveness-charts.view';

export interface EffectivenessPage {
  shown?: EffectivenessRun;
  current?: EffectivenessRun;
  canEdit: boolean;
  /** May change the outcome-signal settings (admins). */
  canConfigure?: boolean;
  csrfToken: string;
}

/** "November 2026" for "2026-11". */
export function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A code in words (bands, outcomes, routes, stop reasons). */
export const label = (code: string) => CODE_LABELS[code] ?? code.replace(/_/g, ' ');
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The Effectiveness page (issue 20): which bands book, how fast intake answers, which conditions
 * predict booking, and what to change. Every figure passes the small-cell rule ("<11").
 */
export function renderEffectiveness(p: EffectivenessPage): SafeHtml {
  const report = p.shown?.report ?? undefined;
  return html`${pageHeader('Effectiveness', 'Which leads became patients, how fast intake answered, and what to change. Figures come from HubSpot and are kept as counts only; anything drawn from fewer than 11 contacts shows as "<11".', actions(p))}
  ${runStatus(p)}
  ${report && p.shown ? figures(report, p.shown, p.canEdit, p.csrfToken) : html`<section class="card"><h2>No figures yet</h2><p>The figures are computed every night. ${p.canEdit ? 'Use "Run now" to compute them at once.' : 'An editor can compute them at once.'}</p></section>`}`;
}

function actions(p: EffectivenessPage): SafeHtml {
  return html`${p.canConfigure ? html`<a class="btn btn-quiet" href="/console/effectiveness/signals">Outcome signals</a>` : ''}
    ${p.shown ? html`<a class="btn btn-quiet" href="/console/effectiveness/export.csv">Export CSV</a>` : ''}
    ${p.canEdit ? html`<form method="post" action="/console/effectiveness/run" class="inline-form">${csrfField(p.csrfToken)}<button type="submit" class="btn">Run now</button></form>` : ''}`;
}

function runStatus(p: EffectivenessPage): SafeHtml {
  const c = p.current;
  if (!c) return html``;
  const tone = c.status === 'finished' ? 'ok' : c.status === 'running' ? 'info' : 'bad';
  return html`<p class="muted small" id="run-status">Latest run: ${chip(c.status, tone)} started ${formatDateTime(c.startedAt)} by ${c.requestedBy}${c.errorCode ? html` · error <span class="mono">${c.errorCode}</span>` : ''}${p.shown ? html` · figures below cover ${formatDateTime(p.shown.windowStart)} to ${formatDateTime(p.shown.windowEnd)}` : ''}</p>`;
}

/** Saves the suggestion applied to the live criteria as a draft version and opens it in Simulate. */
function openAsDraft(index: number, csrfToken: string): SafeHtml {
  return html` <form method="post" action="/console/effectiveness/draft" class="inline-form">${csrfField(csrfToken)}<input type="hidden" name="suggestion" value="${String(index)}"><button type="submit" class="btn btn-quiet">Open as a draft in Simulate</button></form>`;
}

function figures(r: EffectivenessReport, run: EffectivenessRun, canEdit: boolean, csrfToken: string): SafeHtml {
  return html`<section class="card" aria-labelledby="h-conv"><h2 id="h-conv">Conversion: booked of qualified</h2>
    <p>${showCount(r.booked)} of ${showCount(r.leads)} scored inquiries booked (${showShare(r.booked, r.leads)}).</p>
    ${shareBarChart('Booked share by band', r.conversion.byBand.map((c) => ({ label: label(c.key), part: c.booked, whole: c.qualified })))}
    ${conversionTable('By band', r.conversion.byBand)}${conversionTable('By outcome', r.conversion.byOutcome)}
    ${conversionTable('By next step', r.conversion.byRoute)}${conversionTable('By criteria version', r.conversion.byVersion)}
  </section>
  <section class="card" aria-labelledby="h-speed"><h2 id="h-speed">Speed to lead and respond-by</h2>
    ${speedChart('Minutes to first outreach by band', r.speed.byBand.map((c) => ({ label: label(c.key), median: c.medianMinutes, p90: c.p90Minutes, n: c.responded })), formatMinutes)}
    ${speedTable('By band', [r.speed.overall, ...r.speed.byBand])}
    <h3>Respond-by met over time</h3>
    ${shareBarChart('Respond-by met by week of arrival', r.speed.byWeek.map((c) => ({ label: `week of ${c.key}`, part: c.met, whole: c.due })))}
    ${speedTable('By day of arrival', r.speed.byWeekday)}${speedTable('By hour of arrival (practice time)', r.speed.byHour)}
  </section>
  <section class="card" aria-labelledby="h-fn"><h2 id="h-fn">Stopped leads that booked anyway</h2>
    ${table(['Stop reason', 'Stopped', 'Booked later', 'Share'], r.falseNegatives.map((f) => [label(f.reason), showCount(f.stopped), showCount(f.laterBooked), showShare(f.laterBooked, f.stopped)]), 'None in this window.')}
  </section>
  <section class="card" aria-labelledby="h-lift"><h2 id="h-lift">Which conditions predict booking</h2>
    <p class="muted small">Booking rate of the live criteria's leads with and without each rule, with 95% Wilson intervals. "Clear" means the intervals do not overlap.</p>
    ${table(['Rule', 'With', 'Booked with', 'Without', 'Booked without', 'Lift', 'Clear'], r.lift.map(liftCells), 'No rule fired for the live criteria version in this window.')}
  </section>
  <section class="card" aria-labelledby="h-sugg"><h2 id="h-sugg">Suggestions</h2>
    ${r.suggestions.length ? html`<ul class="suggestions">${r.suggestions.map((s, i) => html`<li>${suggestionText(s)}${canEdit ? openAsDraft(i, csrfToken) : ''}</li>`)}</ul>` : html`<p>No change would have separated booked from not-booked inquiries clearly better in this window.</p>`}
  </section>
  ${r.byMonth?.length ? html`<p class="small">Monthly reports to print: ${r.byMonth.map((m, i) => html`${i > 0 ? ' · ' : ''}<a href="/console/effectiveness/report?month=${m.month}">${monthName(m.month)}</a>`)}</p>` : ''}
  <p class="muted small">${run.contactsRead} contacts read in ${run.hubspotCalls} HubSpot searches. No contact-level data is kept.</p>`;
}

/** Qualified, booked and booked share per group, small cells "<11". */
export function conversionTable(caption: string, cells: readonly ConversionCell[]): SafeHtml {
  return table(['', 'Qualified', 'Booked', 'Booked share'], cells.map((c) => [label(c.key), showCount(c.qualified), showCount(c.booked), showShare(c.booked, c.qualified)]), 'No inquiries.', caption);
}

/** Speed to lead and respond-by met per group, small cells "<11". */
export function speedTable(caption: string, cells: readonly SpeedCell[]): SafeHtml {
  return table(['', 'Answered', 'Median', 'p90', 'Respond-by due', 'Met'], cells.map((c) => [
    label(c.key), showCount(c.responded), showStatistic(c.medianMinutes, c.responded, formatMinutes), showStatistic(c.p90Minutes, c.responded, formatMinutes),
    showCount(c.due), showShare(c.met, c.due),
  ]), 'No inquiries.', caption);
}

function liftCells(l: LiftRow): string[] {
  const small = l.withCount < 11 || l.withoutCount < 11;
  const rate = (part: number, whole: number, ci: { low: number; high: number }) => (showShare(part, whole) === '<11' ? '<11' : `${showShare(part, whole)} (${pct(ci.low)}–${pct(ci.high)})`);
  return [
    l.ruleId, showCount(l.withCount), rate(l.withBooked, l.withCount, l.withInterval), showCount(l.withoutCount), rate(l.withoutBooked, l.withoutCount, l.withoutInterval),
    small ? '<11' : l.lift === null ? '—' : `×${l.lift.toFixed(2)}`, small ? '<11' : l.clear ? 'yes' : 'no',
  ];
}

function suggestionText(s: Suggestion): string {
  if (s.kind === 'threshold') return `Start the ${label(s.band)} band at ${s.to} instead of ${s.from}: separation of booked from not-booked inquiries would rise from ${pct(s.separationFrom)} to ${pct(s.separationTo)}.`;
  // No rates here: a share of a group can hide a count under 11; the lift table shows them suppressed.
  return `Rule ${s.ruleId}: ${s.from} → ${s.to} points (leads with it booked clearly ${s.rateWith > s.rateWithout ? 'more' : 'less'} often than leads without it).`;
}

/** A figures table with row headers (or a line saying there is nothing). */
export function table(head: readonly string[], rows: readonly (readonly string[])[], empty: string, caption?: string): SafeHtml {
  if (rows.length === 0) return html`${caption ? html`<h3>${caption}</h3>` : ''}<p class="muted">${empty}</p>`;
  return html`<div class="table-wrap"><table>${caption ? html`<caption>${caption}</caption>` : ''}
    <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`)}</tbody>
  </table></div>`;
}
