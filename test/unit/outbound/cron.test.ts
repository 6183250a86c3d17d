/** parseCron / isCronDue: the ±5 minute cron window of outbound pushes. */
import { DateTime } from 'luxon';
import { cronMatches, isCronDue, parseCron } from '../../../lib/outbound/cron';

const at = (iso: string) => Date.parse(iso);

describe('parseCron', () => {
  it('rejects what cron-validator rejects', () => {
    for (const bad of ['* * * *', '0 0 * * 7', '0 0 * JAN *', '0 0 ? * *', '60 * * * *', '0 0 * * * *']) expect(parseCron(bad)).toBeUndefined();
  });

  it('expands lists, ranges and steps', () => {
    const spec = parseCron('*/15 8-10,22 1 */6 1-5/2')!;
    expect([...spec.minute!]).toEqual([0, 15, 30, 45]);
    expect([...spec.hour!]).toEqual([8, 9, 10, 22]);
    expect([...spec.day!]).toEqual([1]);
    expect([...spec.month!]).toEqual([1, 7]);
    expect([...spec.weekday!]).toEqual([1, 3, 5]);
    expect([...parseCron('5/20 * * * *')!.minute!]).toEqual([5, 25, 45]);
  });

  it('requires day-of-month AND day-of-week, as later.js does', () => {
    const spec = parseCron('0 0 1 * 1')!;
    expect(cronMatches(spec, DateTime.fromISO('2025-09-01T00:00:00Z', { zone: 'UTC' }))).toBe(true); // a Monday the 1st
    expect(cronMatches(spec, DateTime.fromISO('2025-03-01T00:00:00Z', { zone: 'UTC' }))).toBe(false); // Saturday the 1st
    expect(cronMatches(spec, DateTime.fromISO('2025-03-03T00:00:00Z', { zone: 'UTC' }))).toBe(false); // Monday the 3rd
  });

  it('reads Sunday as 0', () => {
    expect(cronMatches(parseCron('0 12 * * 0')!, DateTime.fromISO('2025-03-02T12:00:00Z', { zone: 'UTC' }))).toBe(true);
  });
});

describe('isCronDue', () => {
  it('is due within 5 minutes (inclusive) either side of an occurrence', () => {
    expect(isCronDue('58 9 * * *', at('2025-03-05T10:00:00Z'), 'UTC')).toBe(true);
    expect(isCronDue('0 10 * * *', at('2025-03-05T09:55:00Z'), 'UTC')).toBe(true);
    expect(isCronDue('0 10 * * *', at('2025-03-05T10:05:00Z'), 'UTC')).toBe(true);
    expect(isCronDue('0 10 * * *', at('2025-03-05T10:05:00.001Z'), 'UTC')).toBe(false);
    expect(isCronDue('0 10 * * *', at('2025-03-05T09:54:59.999Z'), 'UTC')).toBe(false);
    expect(isCronDue('0 22 * * *', at('2025-03-05T10:00:00Z'), 'UTC')).toBe(false);
  });

  it('reads the hour in the given zone', () => {
    expect(isCronDue('0 13 * * *', at('2025-03-05T10:00:00Z'), 'Africa/Nairobi')).toBe(true);
    expect(isCronDue('0 10 * * *', at('2025-03-05T10:00:00Z'), 'Africa/Nairobi')).toBe(false);
  });

  it('is never due for an invalid expression', () => {
    expect(isCronDue('not a cron', at('2025-03-05T10:00:00Z'), 'UTC')).toBe(false);
  });
});
