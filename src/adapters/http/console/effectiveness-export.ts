import { stringify } from 'csv-stringify/sync';
import { showCount, showShare, showStatistic, type ConversionCell, type EffectivenessReport, type FalseNegativeCell, type MonthFigures, type SpeedCell } from '../../../core';
import { formatMinutes } from '../../../app/effectiveness/effectiveness-summary';

type Add = (section: string, group: string, measure: string, value: string) => void;

/**
 * The effectiveness report as CSV for a practice's quarterly review: one row per figure, every
 * count and share through the small-cell rule ("<11"), so the export is as safe as the page.
 */
export function effectivenessCsv(report: EffectivenessReport, window: { from: Date; to: Date }): string {
  return csv((add) => {
    add('window', 'all', 'from', window.from.toISOString());
    add('window', 'all', 'to', window.to.toISOString());
    addFigures(add, report.conversion, { overall: [report.speed.overall], byBand: report.speed.byBand, byWeekday: report.speed.byWeekday, byHour: report.speed.byHour, byWeek: report.speed.byWeek }, report.falseNegatives);
    for (const l of report.lift) {
      add('lift', l.ruleId, 'booked share with', showShare(l.withBooked, l.withCount));
      add('lift', l.ruleId, 'booked share without', showShare(l.withoutBooked, l.withoutCount));
    }
  });
}

/** One month's figures as CSV (the monthly report's export), with the same rows and the same small-cell rule. */
export function effectivenessMonthCsv(m: MonthFigures): string {
  return csv((add) => {
    add('month', 'all', 'month', m.month);
    add('month', 'all', 'scored inquiries', showCount(m.leads));
    add('month', 'all', 'booked', showCount(m.booked));
    addFigures(add, m.conversion, { overall: [m.speed.overall], byBand: m.speed.byBand }, m.falseNegatives);
  });
}

function csv(fill: (add: Add) => void): string {
  const rows: string[][] = [['section', 'group', 'measure', 'value']];
  fill((section, group, measure, value) => rows.push([section, group, measure, value]));
  return stringify(rows);
}

function addFigures(add: Add, conversion: Record<string, readonly ConversionCell[]>, speed: Record<string, readonly SpeedCell[]>, falseNegatives: readonly FalseNegativeCell[]): void {
  for (const [section, cells] of Object.entries(conversion)) {
    for (const c of cells) {
      add(`conversion ${section}`, c.key, 'qualified', showCount(c.qualified));
      add(`conversion ${section}`, c.key, 'booked', showCount(c.booked));
      add(`conversion ${section}`, c.key, 'booked share', showShare(c.booked, c.qualified));
    }
  }
  for (const [section, cells] of Object.entries(speed)) {
    for (const c of cells) {
      add(`speed ${section}`, c.key, 'median to first outreach', showStatistic(c.medianMinutes, c.responded, formatMinutes));
      add(`speed ${section}`, c.key, 'p90 to first outreach', showStatistic(c.p90Minutes, c.responded, formatMinutes));
      add(`speed ${section}`, c.key, 'respond-by met', showShare(c.met, c.due));
    }
  }
  for (const f of falseNegatives) {
    add('stopped then booked', f.reason, 'stopped', showCount(f.stopped));
    add('stopped then booked', f.reason, 'booked later', showCount(f.laterBooked));
  }
}
