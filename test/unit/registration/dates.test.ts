import { DateTime } from 'luxon';
import { ManualClock } from '../../../lib/time/clock';
import { birthDate } from '../../../transitions/registration/triggers/birth-date';
import { expectedDates } from '../../../transitions/registration/triggers/expected-date';

const REPORTED = Date.parse('2025-03-05T10:00:00.000Z');
const utc = DateTime.fromMillis(REPORTED, { zone: 'UTC' });
const iso = (dt: DateTime) => dt.toUTC().toISO();

describe('birthDate (add_birth_date)', () => {
  it.each([
    [{ months_since_birth: 2 }, '2025-01-05T00:00:00.000Z'],
    [{ weeks_since_birth: 2 }, '2025-02-19T00:00:00.000Z'],
    [{ age_in_years: 2 }, '2023-03-05T00:00:00.000Z'],
    [{ days_since_dob: 4 }, '2025-03-01T00:00:00.000Z'],
    [{ dob: 1 }, '2025-02-26T00:00:00.000Z'], // dob is a WEEKS field
    [{}, '2025-03-05T00:00:00.000Z'],
  ])('%j -> %s', (fields, expected) => {
    expect(iso(birthDate(fields, utc))).toBe(expected);
  });

  it('prefers years over months over weeks over days', () => {
    expect(iso(birthDate({ age_in_days: 1, age_in_weeks: 1, age_in_months: 1, age_in_years: 1 }, utc))).toBe('2024-03-05T00:00:00.000Z');
    expect(iso(birthDate({ age_in_days: 1, age_in_weeks: 1 }, utc))).toBe('2025-02-26T00:00:00.000Z');
  });

  it('parseInts the first present field of a group and skips the whole group when that is not a number', () => {
    expect(iso(birthDate({ years_since_dob: '3.7' }, utc))).toBe('2022-03-05T00:00:00.000Z');
    expect(iso(birthDate({ years_since_dob: '12abc' }, utc))).toBe('2013-03-05T00:00:00.000Z');
    // years_since_dob "" is the group's first present field: NaN skips years_since_birth too
    expect(iso(birthDate({ years_since_dob: '', years_since_birth: 5, months_since_dob: 1 }, utc))).toBe('2025-02-05T00:00:00.000Z');
    // null does not count as present
    expect(iso(birthDate({ years_since_dob: null, years_since_birth: 5 }, utc))).toBe('2020-03-05T00:00:00.000Z');
  });

  it('starts the day in the engine zone', () => {
    const nairobi = DateTime.fromMillis(Date.parse('2025-03-04T22:30:00.000Z'), { zone: 'Africa/Nairobi' }); // 01:30 on the 5th there
    expect(iso(birthDate({}, nairobi))).toBe('2025-03-04T21:00:00.000Z');
  });
});

describe('expectedDates (add_expected_date)', () => {
  const clock = new ManualClock(REPORTED, 'UTC');

  it('counts weeks back from the start of the reported day', () => {
    expect(expectedDates({ lmp: 5 }, REPORTED, clock)).toEqual({ lmp_date: '2025-01-29T00:00:00.000Z', expected_date: '2025-11-05T00:00:00.000Z' });
    expect(expectedDates({ weeks_since_lmp: '5' }, REPORTED, clock).lmp_date).toBe('2025-01-29T00:00:00.000Z');
    expect(expectedDates({ last_menstrual_period: 1 }, REPORTED, clock).lmp_date).toBe('2025-02-26T00:00:00.000Z');
  });

  it('rounds fractional weeks to whole days, half away from zero', () => {
    expect(expectedDates({ lmp: 1.5 }, REPORTED, clock).lmp_date).toBe('2025-02-22T00:00:00.000Z'); // 10.5 -> 11 days
  });

  it('skips non-numeric fields but stops at 0-like values, meaning no LMP', () => {
    expect(expectedDates({ weeks_since_lmp: 'abc', lmp: 2 }, REPORTED, clock).lmp_date).toBe('2025-02-19T00:00:00.000Z');
    for (const zero of ['', null, 0, '0']) {
      expect(expectedDates({ weeks_since_lmp: zero, lmp: 2 }, REPORTED, clock)).toEqual({ lmp_date: null, expected_date: null });
    }
    expect(expectedDates({}, REPORTED, clock)).toEqual({ lmp_date: null, expected_date: null });
  });

  it('takes lmp_date / date_lmp as epoch ms first', () => {
    const lmp = Date.parse('2025-01-01T06:00:00.000Z');
    expect(expectedDates({ lmp_date: lmp, lmp: 3 }, REPORTED, clock)).toEqual({
      lmp_date: '2025-01-01T06:00:00.000Z',
      expected_date: '2025-10-08T06:00:00.000Z',
    });
    expect(expectedDates({ date_lmp: String(lmp) }, REPORTED, clock).lmp_date).toBe('2025-01-01T06:00:00.000Z');
    expect(expectedDates({ lmp_date: 0, lmp: 1 }, REPORTED, clock).lmp_date).toBe('2025-02-26T00:00:00.000Z');
  });

  it('reads an ISO lmp_date as a date (vigil fix: CHT parseInts it to its year in ms)', () => {
    expect(expectedDates({ lmp_date: '2025-01-05' }, REPORTED, clock).lmp_date).toBe('2025-01-05T00:00:00.000Z');
  });

  it('starts the day in the engine zone', () => {
    const nairobi = new ManualClock(REPORTED, 'Africa/Nairobi');
    expect(expectedDates({ lmp: 1 }, REPORTED, nairobi).lmp_date).toBe('2025-02-25T21:00:00.000Z');
  });
});
