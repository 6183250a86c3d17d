/**
 * Date helpers of the validation functions (isAfter, isBefore, isISOWeek, uniqueWithin), with moment's
 * semantics recomputed in the clock's zone with luxon (CHT uses the process's local time).
 */
import { DateTime, type DurationLikeObject } from 'luxon';
import { parseDateText } from '../messages/dates';

type Unit = 'years' | 'quarters' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds';

/** moment's unit aliases that are duration units (lookup: exact text, then lower-cased). */
const DURATION_UNITS: Record<string, Unit> = {};
for (const [unit, short] of [
  ['year', 'y'],
  ['quarter', 'Q'],
  ['month', 'M'],
  ['week', 'w'],
  ['day', 'd'],
  ['hour', 'h'],
  ['minute', 'm'],
  ['second', 's'],
  ['millisecond', 'ms'],
] as const) {
  DURATION_UNITS[unit] = DURATION_UNITS[`${unit}s`] = DURATION_UNITS[short] = `${unit}s` as Unit;
}

/** Aliases moment knows but that are not duration units: they make the duration invalid. */
const NON_DURATION_UNITS = new Set<string>(['D', 'DDD', 'e', 'E', 'W', 'gg', 'GG']);
for (const unit of ['date', 'dayofyear', 'weekday', 'isoweekday', 'weekyear', 'isoweekyear', 'isoweek']) {
  NON_DURATION_UNITS.add(unit);
  NON_DURATION_UNITS.add(`${unit}s`);
}

const own = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

/**
 * CHT's `moment.duration(parseInt(parts[0]), parts[1])` of `text.split(' ')`:
 * undefined when invalid (a non-numeric count, a non-duration unit); no unit = milliseconds;
 * an unknown unit = an empty (valid, zero) duration, as moment drops it. Throws on a non-string, as CHT.
 */
export function parseDuration(text: unknown): DurationLikeObject | undefined {
  if (typeof text !== 'string') throw new TypeError('duration is not a string');
  const [count, unitText] = text.split(' ');
  const amount = parseInt(count, 10);
  if (Number.isNaN(amount)) return undefined;
  if (unitText === undefined) return { milliseconds: amount };
  const exact = own(DURATION_UNITS, unitText) ? DURATION_UNITS[unitText] : undefined;
  if (exact) return { [exact]: amount };
  if (NON_DURATION_UNITS.has(unitText)) return undefined;
  const lower = unitText.toLowerCase();
  if (own(DURATION_UNITS, lower)) return { [DURATION_UNITS[lower]]: amount };
  if (NON_DURATION_UNITS.has(lower)) return undefined;
  return {};
}

/**
 * `moment(value)` in `zone`: numbers are epoch ms, strings are parsed like moment (ISO 8601, RFC 2822,
 * then `new Date`), `undefined` is now; anything else (null, '', objects, booleans) is invalid.
 */
export function momentDate(value: unknown, zone: string, nowMs: number): DateTime | undefined {
  let dt: DateTime | undefined;
  if (value === undefined) dt = DateTime.fromMillis(nowMs, { zone });
  else if (typeof value === 'number') dt = Number.isFinite(value) ? DateTime.fromMillis(value, { zone }) : undefined;
  else if (typeof value === 'string') dt = parseDateText(value, zone);
  return dt && dt.isValid ? dt : undefined;
}

/** Calendar-day comparison (moment's `isSameOrAfter`/`isSameOrBefore` with `'days'`): -1, 0 or 1. */
export function compareDays(a: DateTime, b: DateTime): number {
  const da = a.startOf('day');
  const db = b.setZone(a.zone).startOf('day');
  return da < db ? -1 : da > db ? 1 : 0;
}

/** ISO weeks in a calendar year (moment's `moment().year(year).isoWeeksInYear()`). */
export function isoWeeksInYear(year: number, zone: string): number {
  // mid-year is always inside the ISO week-year of the same number
  return DateTime.fromObject({ year, month: 6, day: 15 }, { zone }).weeksInWeekYear;
}
