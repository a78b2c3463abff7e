import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildContact } from '../testing/contact.factory';
import { addBusinessMinutes, compileBusinessClock } from './business-hours';
import { qualifyContact } from './qualify';
import { usFederalHolidays } from './us-federal-holidays';

describe('US federal holidays', () => {
  it.each([
    [2026, ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']],
    [2027, ['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31']],
  ])('when the calendar of %i is computed, then it holds the observed dates OPM publishes', (year, dates) => {
    expect([...usFederalHolidays(year)].sort()).toEqual(dates);
  });

  it('when Christmas Day falls in a 4-hour respond-by window, then Christmas is not a business day', () => {
    const criteria = buildDefaultCriteria();
    // Thursday 2026-12-24, 16:00 in New York: 2 open hours left that day, then closed on Friday the 25th.
    const now = new Date('2026-12-24T21:00:00Z');
    const result = qualifyContact(buildContact(), criteria, now);
    expect(result.route).toBe('schedule_consult');
    // 2 h on the 24th, then Saturday 26th opens 09:00–13:00: the other 2 h end at 11:00 New York.
    expect(result.respondBy?.toISOString()).toBe('2026-12-26T16:00:00.000Z');
  });

  it('when the practice chose no holiday calendar, then Christmas counts like any Friday, and its own closed days still count', () => {
    const hours = { ...buildDefaultCriteria().businessHours, holidays: 'none' as const };
    const now = new Date('2026-12-24T21:00:00Z');
    expect(addBusinessMinutes(now, 240, compileBusinessClock(hours)).toISOString()).toBe('2026-12-25T15:00:00.000Z');
    const closed = compileBusinessClock({ ...hours, closedDates: ['2026-12-25'] });
    expect(addBusinessMinutes(now, 240, closed).toISOString()).toBe('2026-12-26T16:00:00.000Z');
  });
});
