/**
 * A schedule message's `send_day` (spec 4.2 step 5): moves the due date to that weekday of the same
 * Sunday-started week (in the due date's zone), as moment's `day(x)` does — possibly to an earlier date.
 */
import type { DateTime } from 'luxon';
import { addDuration } from './duration';

/** Weekday names by day number (0 = Sunday): full, short and two-letter, as moment knows them. */
export const WEEKDAYS: ReadonlyArray<readonly [string, string, string]> = [
  ['sunday', 'sun', 'su'],
  ['monday', 'mon', 'mo'],
  ['tuesday', 'tue', 'tu'],
  ['wednesday', 'wed', 'we'],
  ['thursday', 'thu', 'th'],
  ['friday', 'fri', 'fr'],
  ['saturday', 'sat', 'sa'],
];

/**
 * The day number moment reads from a `send_day` (0 = Sunday): numbers as they are; numeric strings
 * `parseInt`ed (`" "` gives NaN); names by moment's English, non-strict parse — the text must *start*
 * with the full, short or two-letter name, case-insensitively (`"Mon"`, `"monkey"` → 1). null when no
 * name matches (moment then moves to Sunday); NaN when the value is unusable (the date stays put).
 */
export function parseSendDay(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number(value);
  if (!Number.isNaN(Number(value))) return parseInt(value, 10);
  const lower = value.toLowerCase();
  const index = WEEKDAYS.findIndex((names) => names.some((name) => lower.startsWith(name)));
  return index === -1 ? null : index;
}

/**
 * moment's `day(x)`: adds `x - currentWeekday` calendar days (fractions rounded as moment rounds a
 * duration), so 0–6 stay in the Sunday-started week, 7 is the next Sunday and -1 the previous Saturday.
 */
export function applySendDay(dt: DateTime, sendDay: unknown): DateTime {
  const parsed = parseSendDay(sendDay);
  const target = parsed === null ? 0 : parsed;
  if (!Number.isFinite(target)) return dt; // NaN: moment leaves it; Infinity would make it invalid
  const current = dt.weekday % 7; // luxon: 1 = Monday … 7 = Sunday
  return addDuration(dt, { amount: target - current, unit: 'days' });
}
