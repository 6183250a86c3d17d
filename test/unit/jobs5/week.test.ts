/** weekAndYear: moment's `w` (en locale) and `YYYY` of a reminder occurrence. */
import { DateTime } from 'luxon';
import { enLocaleWeek, weekAndYear } from '../../../schedules/reminders/week';

const week = (date: string) => enLocaleWeek(DateTime.fromISO(date, { zone: 'UTC' }));

describe('enLocaleWeek', () => {
  it.each([
    // 2025-01-01 is a Wednesday: week 1 runs Sun 2024-12-29 .. Sat 2025-01-04
    ['2024-12-28', 52],
    ['2024-12-29', 1],
    ['2024-12-31', 1],
    ['2025-01-04', 1],
    ['2025-01-05', 2],
    ['2025-03-05', 10],
    ['2025-12-27', 52],
    ['2025-12-28', 1],
    // 2022-01-01 is a Saturday: its week (from Sun 2021-12-26) is week 1
    ['2021-12-25', 52],
    ['2021-12-26', 1],
    ['2022-01-02', 2],
    // 2023-01-01 is a Sunday
    ['2022-12-31', 53],
    ['2023-01-01', 1],
    ['2023-01-07', 1],
    ['2023-01-08', 2],
  ])('%s is week %i', (date, expected) => {
    expect(week(date)).toBe(expected);
  });
});

describe('weekAndYear', () => {
  it('reads the occurrence in the zone, as strings', () => {
    // Sat 2025-01-04 22:00Z is already Sunday in Nairobi: week 2
    expect(weekAndYear(Date.parse('2025-01-04T22:00:00Z'), 'UTC')).toEqual({ week: '1', year: '2025' });
    expect(weekAndYear(Date.parse('2025-01-04T22:00:00Z'), 'Africa/Nairobi')).toEqual({ week: '2', year: '2025' });
    // the calendar year (YYYY), not the week's year
    expect(weekAndYear(Date.parse('2024-12-31T09:00:00Z'), 'UTC')).toEqual({ week: '1', year: '2024' });
  });
});
