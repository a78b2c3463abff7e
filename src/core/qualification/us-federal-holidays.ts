/**
 * US federal holidays (5 U.S.C. 6103), computed rather than taken from a library: the rules are
 * eleven lines, and `date-holidays` (the well-kept option) bundles every country's calendar
 * (~2 MB) and a rule parser into the scoring hot path for the one calendar CareQual needs.
 * A holiday on a Saturday is observed on the Friday before, on a Sunday the Monday after.
 */

const cache = new Map<number, ReadonlySet<string>>();

function key(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day of month of the n-th (1-based) weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay();
  return lastDay - ((last - weekday + 7) % 7);
}

/** The observed date of a fixed-date holiday (weekend → nearest weekday). */
function observed(y: number, m: number, d: number): string {
  const day = new Date(Date.UTC(y, m - 1, d));
  const shift = day.getUTCDay() === 6 ? -1 : day.getUTCDay() === 0 ? 1 : 0;
  const at = new Date(Date.UTC(y, m - 1, d + shift));
  return key(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

/** The observed US federal holidays of a year, as YYYY-MM-DD. */
export function usFederalHolidays(year: number): ReadonlySet<string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const set = new Set([
    observed(year, 1, 1), // New Year's Day
    key(year, 1, nthWeekday(year, 1, 1, 3)), // Birthday of Martin Luther King, Jr.
    key(year, 2, nthWeekday(year, 2, 1, 3)), // Washington's Birthday
    key(year, 5, nthWeekday(year, 5, 1, -1)), // Memorial Day
    observed(year, 6, 19), // Juneteenth National Independence Day
    observed(year, 7, 4), // Independence Day
    key(year, 9, nthWeekday(year, 9, 1, 1)), // Labor Day
    key(year, 10, nthWeekday(year, 10, 1, 2)), // Columbus Day
    observed(year, 11, 11), // Veterans Day
    key(year, 11, nthWeekday(year, 11, 4, 4)), // Thanksgiving Day
    observed(year, 12, 25), // Christmas Day
  ]);
  // New Year's Day of next year falling on a Saturday is observed on Dec 31 of this year.
  if (new Date(Date.UTC(year + 1, 0, 1)).getUTCDay() === 6) set.add(key(year, 12, 31));
  cache.set(year, set);
  return set;
}

/** True when the local date is an observed US federal holiday. */
export function isUsFederalHoliday(y: number, m: number, d: number): boolean {
  return usFederalHolidays(y).has(key(y, m, d));
}
