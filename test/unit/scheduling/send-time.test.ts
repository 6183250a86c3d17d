import { DateTime } from 'luxon';
import { applySendTime, parseSendTime, parseUtcOffset } from '../../../lib/scheduling/send-time';

const iso = (dt: DateTime | null) => (dt ? dt.toUTC().toISO() : dt);

describe('parseUtcOffset (moment offset strings)', () => {
  it.each([
    ['Z', 0],
    ['z', 0],
    ['+03', 180],
    ['+0300', 180],
    ['+03:00', 180],
    ['-0530', -330],
    ['+00:00', 0],
    ['-00', 0],
    ['GMT+03', 180], // unanchored
    ['Z+03', 180], // the last match wins
  ])('%j → %p minutes', (text, minutes) => {
    expect(parseUtcOffset(text)).toBe(minutes);
  });

  it.each([['Africa/Nairobi'], ['EAT'], ['3'], ['']])('%j is not an offset', (text) => {
    expect(parseUtcOffset(text)).toBeUndefined();
  });
});

describe('parseSendTime', () => {
  it('splits on whitespace, then on ":"', () => {
    expect(parseSendTime('09:00')).toEqual({ hour: '09', minute: '00' });
    expect(parseSendTime('9')).toEqual({ hour: '9' });
    expect(parseSendTime('08:30 +0300')).toEqual({ hour: '08', minute: '30', utcOffset: 180 });
    expect(parseSendTime('08:30   Z')).toEqual({ hour: '08', minute: '30', utcOffset: 0 });
    expect(parseSendTime('08:30 Africa/Nairobi')).toEqual({ hour: '08', minute: '30' });
  });

  it('is undefined for an empty or non-string send_time', () => {
    expect(parseSendTime('')).toBeUndefined();
    expect(parseSendTime(undefined)).toBeUndefined();
    expect(parseSendTime(9)).toBeUndefined();
  });
});

describe('applySendTime', () => {
  const base = DateTime.fromISO('2025-03-19T13:47:31.123Z', { zone: 'UTC' });

  it('sets (not adds) the time and zeroes seconds and milliseconds', () => {
    expect(iso(applySendTime(base, parseSendTime('09:00')!))).toBe('2025-03-19T09:00:00.000Z');
    expect(iso(applySendTime(base, parseSendTime('18:15')!))).toBe('2025-03-19T18:15:00.000Z');
  });

  it('leaves the minutes when there is no ":mm"', () => {
    expect(iso(applySendTime(base, parseSendTime('9')!))).toBe('2025-03-19T09:47:00.000Z');
  });

  it('sets the time in the given UTC offset, on that offset\'s calendar day', () => {
    expect(iso(applySendTime(base, parseSendTime('09:00 +03:00')!))).toBe('2025-03-19T06:00:00.000Z');
    // 23:30Z is already the next day at +03:00
    const late = DateTime.fromISO('2025-03-19T23:30:00Z', { zone: 'UTC' });
    expect(iso(applySendTime(late, parseSendTime('09:00 +03')!))).toBe('2025-03-20T06:00:00.000Z');
    const zoned = applySendTime(late, parseSendTime('09:00 -0500')!)!;
    expect(zoned.offset).toBe(-300);
  });

  it('sets the time in the date\'s own zone without an offset', () => {
    const nairobi = DateTime.fromISO('2025-03-19T13:00:00Z').setZone('Africa/Nairobi');
    expect(iso(applySendTime(nairobi, parseSendTime('09:00')!))).toBe('2025-03-19T06:00:00.000Z');
  });

  it('rolls out-of-range values over like Date#setHours / setMinutes', () => {
    expect(iso(applySendTime(base, parseSendTime('25:00')!))).toBe('2025-03-20T01:00:00.000Z');
    expect(iso(applySendTime(base, parseSendTime('09:75')!))).toBe('2025-03-19T10:15:00.000Z');
    expect(iso(applySendTime(base, parseSendTime('-1:00')!))).toBe('2025-03-18T23:00:00.000Z');
  });

  it('leaves an unreadable component as it is (moment ignores a NaN setter), "" is 0', () => {
    expect(iso(applySendTime(base, parseSendTime('9am:05')!))).toBe('2025-03-19T13:05:00.000Z');
    expect(iso(applySendTime(base, parseSendTime(':30')!))).toBe('2025-03-19T00:30:00.000Z');
  });
});
