import { showCount, showShare, showStatistic, type EffectivenessReport } from '../../core';

/** Minutes as people read them: "4 min", "2.5 h", "3.1 d". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 60 * 24) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 60 / 24).toFixed(1)} d`;
}

/**
 * The headline figures as plain-text lines (CLI), every count and share through the small-cell
 * rule: nothing drawn from fewer than 11 contacts is printed as a number.
 */
export function summarizeReport(report: EffectivenessReport): string[] {
  const speed = report.speed.overall;
  return [
    `inquiries scored: ${showCount(report.leads)}, booked: ${showCount(report.booked)} (${showShare(report.booked, report.leads)})`,
    ...report.conversion.byBand.map((c) => `  band ${c.key}: ${showCount(c.booked)} booked of ${showCount(c.qualified)} (${showShare(c.booked, c.qualified)})`),
    `speed to lead: median ${showStatistic(speed.medianMinutes, speed.responded, formatMinutes)}, p90 ${showStatistic(speed.p90Minutes, speed.responded, formatMinutes)}`,
    `respond-by met: ${showShare(speed.met, speed.due)} of ${showCount(speed.due)} due`,
    ...report.falseNegatives.map((f) => `  stopped as ${f.reason}: ${showCount(f.laterBooked)} of ${showCount(f.stopped)} booked later`),
  ];
}
