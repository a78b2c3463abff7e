import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { addBusinessMinutes, addLocalDays, compileBusinessClock } from './business-hours';

const weekdays9to5 = (timeZone: string, closedDates: string[] = []) => compileBusinessClock({
  timeZone,
  week: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, wed: { open: '09:00', close: '17:00' }, thu: { open: '09:00', close: '17:00' }, fri: { open: '09:00', close: '17:00' }, sat: null, sun: null },
  closedDates,
});
const ny = weekdays9to5('America/New_York');

describe('addBusinessMinutes', () => {
  it.each([
    ['during opening hours, the SLA runs on the wall clock', '2026-03-04T15:00:00Z', 5, '2026-03-04T15:05:00.000Z'],
    ['before opening, it starts at opening time', '2026-03-04T11:30:00Z', 60, '2026-03-04T15:00:00.000Z'],
    ['close to closing, the rest carries into the next morning', '2026-03-04T21:50:00Z', 30, '2026-03-05T14:20:00.000Z'],
    ['after hours on Friday, it waits for Monday', '2026-03-06T23:00:00Z', 5, '2026-03-09T13:05:00.000Z'],
    ['on a Saturday, it waits for Monday', '2026-03-07T15:00:00Z', 60, '2026-03-09T14:00:00.000Z'],
    ['across a weekend, minutes of Friday and Monday add up', '2026-03-06T21:00:00Z', 120, '2026-03-09T14:00:00.000Z'],
    ['with 0 minutes while open, it is now', '2026-03-04T15:00:00Z', 0, '2026-03-04T15:00:00.000Z'],
    ['with 0 minutes while closed, it is the next opening', '2026-03-04T23:00:00Z', 0, '2026-03-05T14:00:00.000Z'],
    ['over the spring-forward weekend (EST → EDT), opening stays 09:00 local', '2026-03-06T22:30:00Z', 5, '2026-03-09T13:05:00.000Z'],
    ['over the fall-back weekend (EDT → EST), opening stays 09:00 local', '2026-10-30T22:30:00Z', 5, '2026-11-02T14:05:00.000Z'],
    ['a multi-day SLA counts only open hours', '2026-03-02T14:00:00Z', 960, '2026-03-03T22:00:00.000Z'],
  ])('when %s, then respond-by is right (%s + %i business minutes → %s)', (_name, now, minutes, expected) => {
    expect(addBusinessMinutes(new Date(now), minutes, ny).toISOString()).toBe(expected);
  });

  it('when the practice is in another zone, then its own hours apply (Los Angeles opens 3 hours after New York)', () => {
    const la = weekdays9to5('America/Los_Angeles');
    expect(addBusinessMinutes(new Date('2026-03-04T15:00:00Z'), 5, la).toISOString()).toBe('2026-03-04T17:05:00.000Z');
  });

  it('when the next day is a closed date, then it is skipped', () => {
    const clock = weekdays9to5('America/New_York', ['2026-12-25']);
    expect(addBusinessMinutes(new Date('2026-12-24T23:00:00Z'), 5, clock).toISOString()).toBe('2026-12-28T14:05:00.000Z');
  });

  it('when the zone has no DST (Phoenix), then local 09:00 is always 16:00 UTC', () => {
    const phx = weekdays9to5('America/Phoenix');
    expect(addBusinessMinutes(new Date('2026-07-01T03:00:00Z'), 0, phx).toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(addBusinessMinutes(new Date('2026-01-07T03:00:00Z'), 0, phx).toISOString()).toBe('2026-01-07T16:00:00.000Z');
  });

  it('when the template practice gets a lead on Saturday after 13:00, then the 5-minute SLA lands Monday 08:05', () => {
    const clock = compileBusinessClock(buildDefaultCriteria().businessHours);
    expect(addBusinessMinutes(new Date('2026-03-07T19:00:00Z'), 5, clock).toISOString()).toBe('2026-03-09T12:05:00.000Z');
  });
});

describe('addLocalDays', () => {
  it('when it is already tomorrow in UTC but still today in New York, then the practice-local date is used', () => {
    expect(addLocalDays(new Date('2026-03-05T02:00:00Z'), 30, ny).toISOString()).toBe('2026-04-03T00:00:00.000Z');
  });
});
