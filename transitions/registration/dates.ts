/** Dates of a report in the engine's zone (CHT uses the server's local zone; vigil the configured one). */
import { DateTime } from 'luxon';
import type { Clock } from '../../lib/types';

/** A doc date (epoch ms, ISO string, other Date-parseable string) as a DateTime in `zone`. */
export function toDateTime(value: unknown, zone: string): DateTime | undefined {
  let dt: DateTime | undefined;
  if (typeof value === 'number') dt = DateTime.fromMillis(value, { zone });
  else if (typeof value === 'string' && value.trim() !== '') {
    dt = DateTime.fromISO(value, { zone });
    if (!dt.isValid) {
      const ms = Date.parse(value);
      dt = Number.isNaN(ms) ? undefined : DateTime.fromMillis(ms, { zone });
    }
  }
  return dt && dt.isValid ? dt : undefined;
}

/** The report's `reported_date` (now when missing, as moment(undefined) is), in the clock's zone. */
export function reportedDate(value: unknown, clock: Clock): DateTime {
  return toDateTime(value, clock.zone) ?? clock.now();
}

/** ISO in UTC with milliseconds, as `moment#toISOString` writes it. */
export const isoString = (dt: DateTime): string => dt.toUTC().toISO() as string;
