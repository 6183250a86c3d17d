import { DateTime } from 'luxon';
import { applySendDay, parseSendDay } from '../../../lib/scheduling/send-day';

// Wednesday 2025-03-05 10:00Z; its Sunday-started week runs 2025-03-02 .. 2025-03-08
const WED = DateTime.fromISO('2025-03-05T10:00:00Z', { zone: 'UTC' });
const day = (sendDay: unknown) => applySendDay(WED, sendDay).toUTC().toISODate();

describe('parseSendDay (moment English weekday parsing)', () => {
  it.each([
    ['sunday', 0],
    ['Monday', 1],
    ['mon', 1],
    ['Mo', 1],
    ['TUESDAY', 2],
    ['we', 3],
    ['Thu', 4],
    ['fr', 5],
    ['Sat', 6],
    ['monkey', 1], // a prefix match, as moment's non-strict parse
    ['3', 3],
    ['7', 7],
    [4, 4],
  ])('%j → %p', (value, n) => {
    expect(parseSendDay(value)).toBe(n);
  });

  it('gives null for names moment cannot read (then Sunday)', () => {
    expect(parseSendDay('someday')).toBeNull();
    expect(parseSendDay('T')).toBeNull();
    expect(parseSendDay(' monday')).toBeNull();
  });
});

describe('applySendDay (within the Sunday-started week)', () => {
  it('moves forward or backward within the week', () => {
    expect(day('Monday')).toBe('2025-03-03'); // earlier than the date itself
    expect(day('wednesday')).toBe('2025-03-05');
    expect(day('Saturday')).toBe('2025-03-08');
    expect(day('sunday')).toBe('2025-03-02');
    expect(day(1)).toBe('2025-03-03');
    expect(day('5')).toBe('2025-03-07');
  });

  it('moves an unparseable name to Sunday', () => {
    expect(day('someday')).toBe('2025-03-02');
  });

  it('spills numbers outside 0-6 into the neighbouring weeks', () => {
    expect(day(7)).toBe('2025-03-09');
    expect(day(-1)).toBe('2025-03-01');
  });

  it('leaves the date for a NaN day and keeps the time of day', () => {
    expect(day(' ')).toBe('2025-03-05');
    expect(applySendDay(WED, 'fri').toUTC().toISO()).toBe('2025-03-07T10:00:00.000Z');
  });

  it('uses the weekday in the date\'s zone', () => {
    // Wednesday 23:00 in New York is Thursday 04:00Z
    const ny = DateTime.fromISO('2025-03-05T23:00:00', { zone: 'America/New_York' });
    expect(applySendDay(ny, 'Thursday').toISO()).toBe('2025-03-06T23:00:00.000-05:00');
  });
});
