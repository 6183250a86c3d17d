import { DateTime } from 'luxon';
import { addDuration, durationUnit, isEffective, parseDuration, subtractDuration } from '../../../lib/scheduling/duration';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const iso = (dt: DateTime) => dt.toUTC().toISO();
const add = (start: string, text: string) => iso(addDuration(utc(start), parseDuration(text)!));

describe('parseDuration (CHT offset grammar, spec 4.2 step 2)', () => {
  it.each([
    ['12 weeks', 12, 'weeks'],
    ['1 week', 1, 'week'],
    ['-12 weeks', -12, 'weeks'],
    ['1.5 days', 1.5, 'days'],
    ['+2 hours', 2, 'hours'],
    ['0 days', 0, 'days'],
    ['5 days and more', 5, 'days'], // tokens after the second are ignored
    ['1e2 minutes', 100, 'minutes'],
    ['2x days', NaN, 'days'], // contains a digit: passes, Number() gives NaN
    ['3 weekly', 3, 'weekly'], // the unit check is unanchored
    ['3 days.', 3, 'days.'],
  ])('%j → %p %p', (text, amount, unit) => {
    expect(parseDuration(text)).toEqual({ amount, unit });
  });

  it.each([
    ['x'],
    ['2 muppets'],
    ['days'],
    ['12'],
    [' 12 weeks'], // a leading space leaves an empty number token
    ['12  weeks'], // two spaces leave an empty unit token
    ['12 Weeks'], // the unit check is case-sensitive
    ['12 DAYS'],
    ['twelve weeks'],
    ['1e999 days'], // vigil: an infinite amount is rejected
    [''],
  ])('%j → null', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('rejects non-strings', () => {
    expect(parseDuration(undefined)).toBeNull();
    expect(parseDuration(12)).toBeNull();
    expect(parseDuration(null)).toBeNull();
  });
});

describe('durationUnit / isEffective (moment unit aliases)', () => {
  it.each([
    ['2 years', 'years'],
    ['2 month', 'months'],
    ['2 isoweeks', 'weeks'],
    ['2 dayS', 'days'], // moment lower-cases an unknown alias before giving up
    ['2 milliseconds', 'milliseconds'], // contains "second"
    ['2 seconds', 'seconds'],
  ])('%j adds %s', (text, unit) => {
    expect(durationUnit(parseDuration(text)!)).toBe(unit);
    expect(isEffective(parseDuration(text)!)).toBe(true);
  });

  it.each([['3 weekly'], ['3 days.'], ['3 weekday'], ['3 dayofyear'], ['2x days']])('%j adds nothing', (text) => {
    const d = parseDuration(text)!;
    expect(isEffective(d)).toBe(false);
    expect(add('2025-03-05T10:00:00Z', text)).toBe('2025-03-05T10:00:00.000Z');
  });
});

describe('addDuration (moment calendar semantics on luxon)', () => {
  it('adds calendar months, clamped to the end of the month', () => {
    expect(add('2025-01-31T10:00:00Z', '1 month')).toBe('2025-02-28T10:00:00.000Z');
    expect(add('2024-01-31T10:00:00Z', '1 month')).toBe('2024-02-29T10:00:00.000Z');
    expect(add('2025-03-31T10:00:00Z', '-1 months')).toBe('2025-02-28T10:00:00.000Z');
    expect(add('2025-01-15T10:00:00Z', '9 months')).toBe('2025-10-15T10:00:00.000Z');
  });

  it('adds years as 12 months (Feb 29 → Feb 28)', () => {
    expect(add('2024-02-29T08:00:00Z', '1 year')).toBe('2025-02-28T08:00:00.000Z');
    expect(add('2024-02-29T08:00:00Z', '4 years')).toBe('2028-02-29T08:00:00.000Z');
  });

  it('rounds fractional days, weeks, months and years half away from zero', () => {
    expect(add('2025-03-01T00:00:00Z', '1.5 weeks')).toBe('2025-03-12T00:00:00.000Z'); // 10.5 → 11 days
    expect(add('2025-03-01T00:00:00Z', '1.5 months')).toBe('2025-05-01T00:00:00.000Z'); // → 2 months
    expect(add('2025-03-01T00:00:00Z', '1.5 years')).toBe('2026-09-01T00:00:00.000Z'); // 18 months
    expect(add('2025-03-01T00:00:00Z', '2.5 days')).toBe('2025-03-04T00:00:00.000Z');
    expect(add('2025-03-01T00:00:00Z', '2.4 days')).toBe('2025-03-03T00:00:00.000Z');
    expect(add('2025-03-10T00:00:00Z', '-1.5 days')).toBe('2025-03-08T00:00:00.000Z');
    expect(add('2025-03-10T00:00:00Z', '0.5 days')).toBe('2025-03-11T00:00:00.000Z');
  });

  it('adds fractional hours, minutes and seconds exactly', () => {
    expect(add('2025-03-01T00:00:00Z', '1.5 hours')).toBe('2025-03-01T01:30:00.000Z');
    expect(add('2025-03-01T00:00:00Z', '2.5 minutes')).toBe('2025-03-01T00:02:30.000Z');
    expect(add('2025-03-01T00:00:00Z', '1.25 seconds')).toBe('2025-03-01T00:00:01.250Z');
    expect(add('2025-03-01T00:00:00Z', '-90 minutes')).toBe('2025-02-28T22:30:00.000Z');
  });

  it('keeps the wall time across a DST change for days/weeks, not for hours', () => {
    const london = DateTime.fromISO('2025-03-29T12:00:00', { zone: 'Europe/London' }); // GMT; BST from the 30th
    expect(iso(addDuration(london, parseDuration('1 day')!))).toBe('2025-03-30T11:00:00.000Z'); // 12:00 BST
    expect(iso(addDuration(london, parseDuration('24 hours')!))).toBe('2025-03-30T12:00:00.000Z'); // 13:00 BST
    expect(iso(addDuration(london, parseDuration('1 week')!))).toBe('2025-04-05T11:00:00.000Z');
  });

  it('keeps the zone of the date', () => {
    const ny = DateTime.fromISO('2025-03-01T09:00:00', { zone: 'America/New_York' });
    expect(addDuration(ny, parseDuration('2 weeks')!).zoneName).toBe('America/New_York');
  });

  it('subtracts with the same rounding', () => {
    const d = parseDuration('1.5 days')!;
    expect(iso(subtractDuration(utc('2025-03-10T00:00:00Z'), d))).toBe('2025-03-08T00:00:00.000Z');
    expect(iso(subtractDuration(utc('2025-03-31T00:00:00Z'), parseDuration('1 month')!))).toBe('2025-02-28T00:00:00.000Z');
  });
});
