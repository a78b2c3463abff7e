import type { EffectivenessRun } from '../../../../app/effectiveness/effectiveness.ports';
import { formatMinutes } from '../../../../app/effectiveness/effectiveness-summary';
import { showCount, showShare, type MonthFigures } from '../../../../core';
import { html, type SafeHtml } from '../html';
import { shareBarChart, speedChart } from './effectiveness-charts.view';
import { conversionTable, label, monthName, speedTable, table } from './effectiveness.view';
import { formatDateTime, pageHeader } from './layout.view';

export interface MonthlyReportPage {
  /** The run the figures come from (its window may cover the month only in part). */
  run?: EffectivenessRun;
  /** The month asked for (YYYY-MM), when it was a month at all. */
  month?: string;
  figures?: MonthFigures;
  /** Months the run has figures for, oldest first. */
  months: readonly string[];
  /** Why the month cannot be shown (bad or missing `month`, not in the run's window). */
  problem?: string;
}

/**
 * The monthly effectiveness report (issue 20, "a printable page for the practice's quarterly
 * review"): one month of arrivals, figures and charts, small cells "<11", laid out to print
 * (print rules in effectiveness-styles.ts), with the same month's CSV.
 */
export function renderMonthlyReport(p: MonthlyReportPage): SafeHtml {
  const title = p.figures && p.month ? `Effectiveness report — ${monthName(p.month)}` : 'Effectiveness report';
  const actions = p.figures && p.month
    ? html`<a class="btn btn-quiet" href="/console/effectiveness/report.csv?month=${p.month}" download>Export CSV</a><a class="btn btn-quiet" href="/console/effectiveness">Back to Effectiveness</a>`
    : html`<a class="btn btn-quiet" href="/console/effectiveness">Back to Effectiveness</a>`;
  return html`<div class="monthly-report">${pageHeader(title, 'Inquiries that arrived in the month, what became of them and how fast intake answered. Counts only; anything drawn from fewer than 11 contacts shows as "<11". Print this page from your browser.', actions)}
  ${p.problem ? html`<div class="notice notice-error" role="alert">${p.problem}</div>` : ''}
  ${p.figures && p.run ? monthFigures(p.figures, p.run) : ''}
  ${monthLinks(p.months)}</div>`;
}

function monthFigures(m: MonthFigures, run: EffectivenessRun): SafeHtml {
  return html`<p class="muted small">From the run of ${formatDateTime(run.finishedAt ?? run.startedAt)}, covering arrivals ${formatDateTime(run.windowStart)} to ${formatDateTime(run.windowEnd)}; a month at either end of that window is counted in part.</p>
  <section class="card report-section" aria-labelledby="h-m-conv"><h2 id="h-m-conv">Conversion: booked of qualified</h2>
    <p>${showCount(m.booked)} of ${showCount(m.leads)} scored inquiries booked (${showShare(m.booked, m.leads)}).</p>
    ${shareBarChart('Booked share by band', m.conversion.byBand.map((c) => ({ label: label(c.key), part: c.booked, whole: c.qualified })))}
    ${conversionTable('By band', m.conversion.byBand)}${conversionTable('By outcome', m.conversion.byOutcome)}${conversionTable('By next step', m.conversion.byRoute)}
  </section>
  <section class="card report-section" aria-labelledby="h-m-speed"><h2 id="h-m-speed">Speed to lead and respond-by</h2>
    ${speedChart('Minutes to first outreach by band', m.speed.byBand.map((c) => ({ label: label(c.key), median: c.medianMinutes, p90: c.p90Minutes, n: c.responded })), formatMinutes)}
    ${speedTable('By band', [m.speed.overall, ...m.speed.byBand])}
  </section>
  <section class="card report-section" aria-labelledby="h-m-fn"><h2 id="h-m-fn">Stopped leads that booked anyway</h2>
    ${table(['Stop reason', 'Stopped', 'Booked later', 'Share'], m.falseNegatives.map((f) => [label(f.reason), showCount(f.stopped), showCount(f.laterBooked), showShare(f.laterBooked, f.stopped)]), 'None this month.')}
  </section>`;
}

function monthLinks(months: readonly string[]): SafeHtml {
  if (months.length === 0) return html`<p class="muted no-print">No monthly figures yet: the next effectiveness run computes them.</p>`;
  return html`<nav class="no-print" aria-label="Months"><p class="small">Monthly reports: ${months.map((m, i) => html`${i > 0 ? ' · ' : ''}<a href="/console/effectiveness/report?month=${m}">${monthName(m)}</a>`)}</p></nav>`;
}
