import type { Criteria } from '../criteria/criteria.schema';
import { isUsFederalHoliday } from './us-federal-holidays';

interface OpenHours {
  readonly open: number;
  readonly close: number;
}

/** A practice's week and time zone, prepared once per criteria version. */
export interface BusinessClock {
  readonly formatter: Intl.DateTimeFormat;
  /** Index 0 = Sunday, as Date#getUTCDay. */
  readonly week: readonly (OpenHours | null)[];
  readonly closedDates: ReadonlySet<string>;
  /** US federal holidays count as closed (criteria `businessHours.holidays: 'us_federal'`). */
  readonly federalHolidays: boolean;
}

/** A wall-clock date and minute of day in the practice's zone. */
interface LocalTime {
  y: number;
  m: number;
  d: number;
  minute: number;
}

const MS_PER_MINUTE = 60_000;
const MAX_DAYS_AHEAD = 400;

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Prepares business hours; uses Intl (the runtime's ICU tz data), not a hand-kept offset table. */
export function compileBusinessClock(hours: Criteria['businessHours']): BusinessClock {
  const w = hours.week;
  const week = [w.sun, w.mon, w.tue, w.wed, w.thu, w.fri, w.sat].map((h) => (h ? { open: toMinutes(h.open), close: toMinutes(h.close) } : null));
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return { formatter, week, closedDates: new Set(hours.closedDates ?? []), federalHolidays: hours.holidays === 'us_federal' };
}

/** "3/11/2026, 10:05:09" — the en-US numeric form, fixed by the formatter's options. */
const EN_US_NUMERIC = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)/;

/** The wall-clock time in the practice's zone at an instant (minute includes seconds as a fraction). */
function toLocal(ms: number, clock: BusinessClock): LocalTime {
  const match = EN_US_NUMERIC.exec(clock.formatter.format(ms));
  if (match === null) return toLocalFromParts(ms, clock);
  const seconds = Number(match[6]) + (((ms % 1000) + 1000) % 1000) / 1000;
  return { y: Number(match[3]), m: Number(match[1]), d: Number(match[2]), minute: Number(match[4]) * 60 + Number(match[5]) + seconds / 60 };
}

/** The same via formatToParts: slower (it allocates a part object per field); used if ICU ever formats differently. */
function toLocalFromParts(ms: number, clock: BusinessClock): LocalTime {
  const parts = clock.formatter.formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const seconds = get('second') + (((ms % 1000) + 1000) % 1000) / 1000;
  return { y: get('year'), m: get('month'), d: get('day'), minute: get('hour') * 60 + get('minute') + seconds / 60 };
}

/** The instant at which the practice's wall clock shows this local time (DST-aware, two passes). */
function toInstant(local: LocalTime, clock: BusinessClock): number {
  const wall = Date.UTC(local.y, local.m - 1, local.d) + Math.round(local.minute * MS_PER_MINUTE);
  let t = wall - offsetAt(wall, clock);
  t = wall - offsetAt(t, clock);
  return t;
}

function offsetAt(ms: number, clock: BusinessClock): number {
  const l = toLocal(ms, clock);
  return Date.UTC(l.y, l.m - 1, l.d) + Math.round(l.minute * MS_PER_MINUTE) - ms;
}

function dateKey(l: LocalTime): string {
  return `${l.y}-${String(l.m).padStart(2, '0')}-${String(l.d).padStart(2, '0')}`;
}

function isClosedDate(l: LocalTime, clock: BusinessClock): boolean {
  return clock.closedDates.has(dateKey(l)) || (clock.federalHolidays && isUsFederalHoliday(l.y, l.m, l.d));
}

function nextDay(l: LocalTime): LocalTime {
  const next = new Date(Date.UTC(l.y, l.m - 1, l.d + 1));
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate(), minute: 0 };
}

/**
 * `now` plus `minutes` of open business time in the practice's zone: time outside opening hours,
 * on closed weekdays, on the practice's closed dates and (when chosen) on US federal holidays
 * does not count. With 0 minutes the answer is now if the
 * practice is open, else its next opening. Opening hours are wall-clock times, so a DST change
 * moves the instant, not the local hour.
 */
export function addBusinessMinutes(now: Date, minutes: number, clock: BusinessClock): Date {
  let local = toLocal(now.getTime(), clock);
  let remaining = minutes;
  for (let day = 0; day < MAX_DAYS_AHEAD; day++) {
    const hours = clock.week[new Date(Date.UTC(local.y, local.m - 1, local.d)).getUTCDay()];
    if (hours && !isClosedDate(local, clock)) {
      const start = Math.max(hours.open, local.minute);
      if (start < hours.close) {
        if (start + remaining <= hours.close) return new Date(toInstant({ ...local, minute: start + remaining }, clock));
        remaining -= hours.close - start;
      }
    }
    local = nextDay(local);
  }
  return new Date(now.getTime() + minutes * MS_PER_MINUTE);
}

/** The practice's local calendar date of `now` plus `days`, as midnight UTC (HubSpot date format). */
export function addLocalDays(now: Date, days: number, clock: BusinessClock): Date {
  const l = toLocal(now.getTime(), clock);
  return new Date(Date.UTC(l.y, l.m - 1, l.d + days));
}

/** True when the practice is open at `now` (an open weekday, inside its hours, not a closed date). */
export function isWithinBusinessHours(now: Date, clock: BusinessClock): boolean {
  const local = toLocal(now.getTime(), clock);
  const hours = clock.week[new Date(Date.UTC(local.y, local.m - 1, local.d)).getUTCDay()];
  return hours !== null && hours !== undefined && !clock.closedDates.has(dateKey(local)) && local.minute >= hours.open && local.minute < hours.close;
}
