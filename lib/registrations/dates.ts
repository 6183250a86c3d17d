/**
 * Date values as registrations and follow-up reports store them: `reported_date` and task `due` are
 * epoch ms or ISO strings (Sentinel writes ISO, fixtures and apps often ms); CHT reads both with moment.
 */
import { DateTime } from 'luxon';

/** epoch ms of a stored date value; NaN when it cannot be read. ISO text without an offset is read in `zone`. */
export function toMillis(value: unknown, zone = 'UTC'): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && value.trim() !== '') {
    const iso = DateTime.fromISO(value.trim(), { zone });
    if (iso.isValid) return iso.toMillis();
    return Date.parse(value);
  }
  return NaN;
}
