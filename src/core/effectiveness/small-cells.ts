/**
 * Small-cell suppression (issue 20; the CMS cell-size rule): a figure drawn from fewer than 11
 * contacts could single a patient out, so it is shown as "<11" in the console, exports and CLI.
 */
export const MIN_CELL_SIZE = 11;
export const SUPPRESSED = '<11';

/** A count as it may be shown: "<11" below the cell size. */
export function showCount(n: number): string {
  return n < MIN_CELL_SIZE ? SUPPRESSED : String(n);
}

/**
 * A share as a whole percentage, or "<11" when the cell has fewer than 11 contacts or either part
 * (the numerator or the rest) is a small cell — otherwise the hidden count could be worked back.
 */
export function showShare(part: number, whole: number): string {
  if (whole < MIN_CELL_SIZE || isSmall(part) || isSmall(whole - part)) return SUPPRESSED;
  return `${Math.round((part / whole) * 100)}%`;
}

/** A statistic (median, p90, lift) of a cell: shown only when the cell holds at least 11 contacts. */
export function showStatistic(value: number | null, cellSize: number, format: (v: number) => string): string {
  if (cellSize < MIN_CELL_SIZE) return SUPPRESSED;
  return value === null ? '—' : format(value);
}

function isSmall(n: number): boolean {
  return n > 0 && n < MIN_CELL_SIZE;
}
