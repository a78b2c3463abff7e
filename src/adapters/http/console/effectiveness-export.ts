import { stringify } from 'csv-stringify/sync';
import { showCount, showShare, showStatistic, type EffectivenessReport } from '../../../core';
import { formatMinutes } from '../../../app/effectiveness/effectiveness-summary';

/**
 * The effectiveness report as CSV for a practice's quarterly review: one row per figure, every
 * count and share through the small-cell rule ("<11"), so the export is as safe as the page.
 */
export function effectivenessCsv(report: EffectivenessReport, window: { from: Date; to: Date }): string {
  const rows: string[][] = [['section', 'group', 'measure', 'value']];
  const add = (section: string, group: string, measure: string, value: string) => rows.push([section, group, measure, value]);
  add('window', 'all', 'from', window.from.toISOString());
  add('window', 'all', 'to', window.to.toISOString());
  for (const [section, cells] of Object.entries(report.conversion)) {
    for (const c of cells) {
      add(`conversion ${section}`, c.key, 'qualified', showCount(c.qualified));
      add(`conversion ${section}`, c.key, 'booked', showCount(c.booked));
      add(`conversion ${section}`, c.key, 'booked share', showShare(c.booked, c.qualified));
    }
  }
  for (const [section, cells] of Object.entries({ overall: [report.speed.overall], byBand: report.speed.byBand, byWeekday: report.speed.byWeekday, byHour: report.speed.byHour, byWeek: report.speed.byWeek })) {
    for (const c of cells) {
      add(`speed ${section}`, c.key, 'median to first outreach', showStatistic(c.medianMinutes, c.responded, formatMinutes));
      add(`speed ${section}`, c.key, 'p90 to first outreach', showStatistic(c.p90Minutes, c.responded, formatMinutes));
      add(`speed ${section}`, c.key, 'respond-by met', showShare(c.met, c.due));
    }
  }
  for (const f of report.falseNegatives) {
    add('stopped then booked', f.reason, 'stopped', showCount(f.stopped));
    add('stopped then booked', f.reason, 'booked later', showCount(f.laterBooked));
  }
  for (const l of report.lift) {
    add('lift', l.ruleId, 'booked share with', showShare(l.withBooked, l.withCount));
    add('lift', l.ruleId, 'booked share without', showShare(l.withoutBooked, l.withoutCount));
  }
  return stringify(rows);
}
