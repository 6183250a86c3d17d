/**
 * CHT's `"<n> <unit>"` durations (spec 4.2 step 2, 0.5): schedule offsets, `silence_for`,
 * `mute_after_form_for`. Parsed the way CHT parses them and added with moment's calendar semantics,
 * recomputed with luxon.
 */
import { DateTime } from 'luxon';

/** The units a duration can add (moment's duration units, as luxon names them). */
export type DurationUnit = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds';

export interface ParsedDuration {
  /** `Number()` of the number token: may be fractional, negative or NaN (then the duration adds nothing) */
  amount: number;
  /** a DurationUnit, or the unit token as written when moment does not know it (then it adds nothing) */
  unit: string;
}

/** CHT's unit check: unanchored and case-sensitive, so `"weekly"` or `"xdays"` pass it. */
const UNIT_CHECK = /(second|minute|hour|day|week|month|year)s?/;

/**
 * The unit tokens that pass UNIT_CHECK and that moment turns into a duration unit (its aliases are
 * looked up as written, then lower-cased; `isoweek` is an alias of `week`). Other tokens that pass
 * (`weekly`, `weekday`, `days.`) give moment an empty or invalid duration, which adds nothing.
 */
const UNITS: Record<string, DurationUnit> = {};
for (const [name, unit] of [
  ['year', 'years'],
  ['month', 'months'],
  ['week', 'weeks'],
  ['isoweek', 'weeks'],
  ['day', 'days'],
  ['hour', 'hours'],
  ['minute', 'minutes'],
  ['second', 'seconds'],
  ['millisecond', 'milliseconds'],
] as const) {
  UNITS[name] = UNITS[`${name}s`] = unit;
}

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** The DurationUnit a parsed duration adds, or undefined when it adds nothing. */
export function durationUnit(d: ParsedDuration): DurationUnit | undefined {
  const lower = d.unit.toLowerCase();
  return own(UNITS, lower) ? UNITS[lower] : undefined;
}

/**
 * `"<number> <unit>"` split on a single space (tokens after the second are ignored, a leading space
 * makes it invalid); the number token must contain a digit and is `Number()`ed (`"1.5"`, `"-2"`, and
 * also `"2x"` → NaN pass); the unit token must contain one of second|minute|hour|day|week|month|year.
 * Returns null when CHT would reject it (then the message is skipped). vigil also rejects an infinite
 * number (`"1e999 days"`), which would give moment an invalid date.
 */
export function parseDuration(text: unknown): ParsedDuration | null {
  if (typeof text !== 'string') return null;
  const [count, unit] = text.split(' ');
  if (!/\d/.test(count) || unit === undefined || !UNIT_CHECK.test(unit)) return null;
  const amount = Number(count);
  if (amount === Infinity || amount === -Infinity) return null;
  return { amount, unit };
}

/** True when the duration moves a date (a known unit and a number); CHT silently adds nothing otherwise. */
export function isEffective(d: ParsedDuration): boolean {
  return durationUnit(d) !== undefined && !Number.isNaN(d.amount);
}

/** moment's `absRound`: rounds half away from zero, symmetrically for negative amounts. */
function absRound(n: number): number {
  return n < 0 ? -Math.round(-n) : Math.round(n);
}

const MS_PER: Partial<Record<DurationUnit, number>> = {
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

/**
 * `dt + d` the way moment adds a duration: months and years (12 months) are calendar months rounded to
 * whole months, clamped to the month's end; weeks (7 days) and days are calendar days rounded to whole
 * days, so the wall time survives a DST change; hours, minutes, seconds and ms are exact elapsed time.
 * An ineffective duration returns `dt` unchanged.
 */
export function addDuration(dt: DateTime, d: ParsedDuration): DateTime {
  const unit = durationUnit(d);
  if (!unit || Number.isNaN(d.amount)) return dt;
  switch (unit) {
    case 'years':
      return dt.plus({ months: absRound(d.amount * 12) });
    case 'months':
      return dt.plus({ months: absRound(d.amount) });
    case 'weeks':
      return dt.plus({ days: absRound(d.amount * 7) });
    case 'days':
      return dt.plus({ days: absRound(d.amount) });
    default: {
      // Date#setTime truncates the fractional milliseconds of the sum
      const ms = Math.trunc(dt.toMillis() + d.amount * (MS_PER[unit] as number));
      return DateTime.fromMillis(ms, { zone: dt.zone, locale: dt.locale ?? undefined });
    }
  }
}

/** `dt - d` (moment's subtract: the same rounding, mirrored). */
export function subtractDuration(dt: DateTime, d: ParsedDuration): DateTime {
  return addDuration(dt, { amount: -d.amount, unit: d.unit });
}
