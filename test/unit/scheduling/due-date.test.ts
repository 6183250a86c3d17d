import { DateTime } from 'luxon';
import { computeDue, dueIso } from '../../../lib/scheduling/due-date';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const due = (start: string, message: Parameters<typeof computeDue>[1], zone = 'UTC') => {
  const out = computeDue(at(start), message, zone);
  return out ? dueIso(out) : out;
};

describe('computeDue: offset, then send_time, then send_day', () => {
  it('adds the offset to the start', () => {
    expect(due('2025-03-05T10:00:00Z', { offset: '2 weeks' })).toBe('2025-03-19T10:00:00.000Z');
    expect(due('2025-03-05T10:00:00Z', { offset: '-12 weeks' })).toBe('2024-12-11T10:00:00.000Z');
  });

  it('is null for an offset CHT rejects, and start for one moment ignores', () => {
    expect(due('2025-03-05T10:00:00Z', { offset: '2 muppets' })).toBeNull();
    expect(due('2025-03-05T10:00:00Z', {})).toBeNull();
    expect(due('2025-03-05T10:00:00Z', { offset: '2 weekly' })).toBe('2025-03-05T10:00:00.000Z');
  });

  it('SCH-04: send_day after send_time, with an explicit UTC offset', () => {
    // 2050-03-13 is a Sunday; +2 weeks = Sunday 2050-03-27 → Wednesday of that week at 08:00 UTC
    expect(due('2050-03-13T13:06:22.002Z', { offset: '2 weeks', send_day: 'Wednesday', send_time: '08:00 +0000' })).toBe(
      '2050-03-30T08:00:00.000Z',
    );
  });

  it('SCH-05: send_day without send_time keeps the time of day', () => {
    expect(due('2050-03-13T13:06:22.002Z', { offset: '2 weeks', send_day: 'Monday' })).toBe('2050-03-28T13:06:22.002Z');
    expect(due('2050-03-13T13:06:22.002Z', { offset: '2 weeks', send_day: 'Wednesday' })).toBe('2050-03-30T13:06:22.002Z');
  });

  it('send_day can move the date earlier than start + offset', () => {
    // Saturday 2025-03-15 → Monday of its week
    expect(due('2025-03-01T10:00:00Z', { offset: '2 weeks', send_day: 'monday' })).toBe('2025-03-10T10:00:00.000Z');
  });

  it('ignores an empty send_time and a falsy send_day (also the number 0)', () => {
    expect(due('2025-03-05T10:07:00Z', { offset: '1 day', send_time: '', send_day: 0 })).toBe('2025-03-06T10:07:00.000Z');
    expect(due('2025-03-05T10:07:00Z', { offset: '1 day', send_day: '0' })).toBe('2025-03-02T10:07:00.000Z');
  });

  it('adds calendar months and years, with fractional rounding', () => {
    expect(due('2025-01-31T08:00:00Z', { offset: '1 month', send_time: '09:00' })).toBe('2025-02-28T09:00:00.000Z');
    expect(due('2025-01-31T08:00:00Z', { offset: '1.5 months' })).toBe('2025-03-31T08:00:00.000Z');
    expect(due('2024-02-29T08:00:00Z', { offset: '1 year' })).toBe('2025-02-28T08:00:00.000Z');
    expect(due('2025-03-01T08:00:00Z', { offset: '1.5 weeks' })).toBe('2025-03-12T08:00:00.000Z');
    expect(due('2025-03-01T08:00:00Z', { offset: '1.5 hours' })).toBe('2025-03-01T09:30:00.000Z');
  });

  it('stores due dates as toISOString() (UTC, milliseconds)', () => {
    const out = computeDue(DateTime.fromISO('2025-03-05T10:00:00+03:00'), { offset: '1 day' }, 'Africa/Nairobi')!;
    expect(dueIso(out)).toBe('2025-03-06T07:00:00.000Z');
  });
});

describe('computeDue in an IANA zone (vigil: times follow settings.timezone, DST-correct)', () => {
  const nineLocal = (startIso: string, zone: string, message: Parameters<typeof computeDue>[1]) => {
    const out = computeDue(DateTime.fromISO(startIso, { zone }), message, zone)!;
    return { utc: dueIso(out), local: out.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm ZZZZ") };
  };

  it('Europe/London: 09:00 local before and after the March 2025 change', () => {
    // start in GMT, due in BST (clocks went forward on 2025-03-30)
    expect(nineLocal('2025-03-20T15:00', 'Europe/London', { offset: '2 weeks', send_time: '09:00' })).toEqual({
      utc: '2025-04-03T08:00:00.000Z',
      local: '2025-04-03T09:00 GMT+1',
    });
    expect(nineLocal('2025-03-10T15:00', 'Europe/London', { offset: '1 week', send_time: '09:00' })).toEqual({
      utc: '2025-03-17T09:00:00.000Z',
      local: '2025-03-17T09:00 GMT',
    });
  });

  it('Europe/London: 09:00 local across the October 2025 and March 2026 changes', () => {
    expect(nineLocal('2025-10-20T15:00', 'Europe/London', { offset: '2 weeks', send_time: '09:00' }).utc).toBe(
      '2025-11-03T09:00:00.000Z',
    );
    expect(nineLocal('2026-03-25T15:00', 'Europe/London', { offset: '1 week', send_time: '09:00' }).utc).toBe(
      '2026-04-01T08:00:00.000Z',
    );
  });

  it('America/New_York: 09:00 local across the 2025 and 2026 changes', () => {
    expect(nineLocal('2025-03-01T12:00', 'America/New_York', { offset: '2 weeks', send_time: '09:00' }).utc).toBe(
      '2025-03-15T13:00:00.000Z', // EDT
    );
    expect(nineLocal('2025-10-25T12:00', 'America/New_York', { offset: '2 weeks', send_time: '09:00' }).utc).toBe(
      '2025-11-08T14:00:00.000Z', // EST
    );
    expect(nineLocal('2026-03-01T12:00', 'America/New_York', { offset: '2 weeks', send_time: '09:00' }).utc).toBe(
      '2026-03-15T13:00:00.000Z',
    );
  });

  it('America/New_York: send_day picks the local weekday, keeping 09:00 across the change', () => {
    // Thursday 2025-03-06 + 1 week = Thursday 03-13 (EDT since 03-09) → Monday of that week, 03-10
    expect(nineLocal('2025-03-06T20:00', 'America/New_York', { offset: '1 week', send_time: '09:00', send_day: 'monday' })).toEqual({
      utc: '2025-03-10T13:00:00.000Z',
      local: '2025-03-10T09:00 EDT',
    });
  });

  it('Africa/Nairobi (no DST): always 06:00 UTC', () => {
    for (const start of ['2025-01-10T12:00', '2025-03-25T12:00', '2025-10-20T12:00']) {
      expect(nineLocal(start, 'Africa/Nairobi', { offset: '2 weeks', send_time: '09:00' }).utc).toMatch(/T06:00:00\.000Z$/);
    }
  });

  it('an explicit UTC offset in send_time wins over the zone', () => {
    expect(nineLocal('2025-03-20T15:00', 'Europe/London', { offset: '2 weeks', send_time: '09:00 +03:00' }).utc).toBe(
      '2025-04-03T06:00:00.000Z',
    );
  });

  it('moves a UTC start into the zone before adding days', () => {
    // 2025-03-05T22:00Z is already the 6th in Nairobi
    const out = computeDue(at('2025-03-05T22:00:00Z'), { offset: '1 day', send_time: '09:00' }, 'Africa/Nairobi')!;
    expect(dueIso(out)).toBe('2025-03-07T06:00:00.000Z');
  });
});
