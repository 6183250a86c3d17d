/**
 * The pupil function library (spec 2.7), without the DB-backed ones (db-functions.ts).
 * JS coercion is part of the contract (configs rely on `equals(5)` matching "5", `integer` on "   5"...),
 * so comparisons here deliberately use loose JS semantics through `any`.
 * Names are lower-case: rules call them case-insensitively.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Clock, Settings } from '../types';
import { compareDays, isoWeeksInYear, momentDate, parseDuration } from './dates';
import type { RuleFunction, Values } from './evaluate';

type Loose = any;

const ALPHA = /^[a-zA-Z]+$/;
const ALPHANUMERIC = /^[a-zA-Z0-9]+$/;
const EMAIL = /^[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,4}$/i;
const LETTER = /[a-z]/i;

/** `parseFloat(value)` with JS's ToString of the argument. */
const toFloat = (value: unknown): number => parseFloat(String(value));
/** `value.length`: numbers have none (undefined, so every comparison fails); throws on undefined (a missing `other` field). */
const lengthOf = (value: unknown): Loose => (value as Loose).length;
/** `value.toLowerCase()`: throws on non-strings, which turns the whole list into the exception error. */
const lower = (value: unknown): string => (value as Loose).toLowerCase();

/** Functions that only look at the values. */
export const PURE_FUNCTIONS: Record<string, RuleFunction> = {
  equals: (_v, value, [x]) => (value as Loose) == x,
  iequals: (_v, value, [x]) => lower(value) == lower(x),
  sequals: (_v, value, [x]) => value === x,
  siequals: (_v, value, [x]) => lower(value) === lower(x),
  lenmin: (_v, value, [n]) => lengthOf(value) >= (n as Loose),
  lenmax: (_v, value, [n]) => lengthOf(value) <= (n as Loose),
  lenequals: (_v, value, [n]) => (value as Loose).toString().length === parseInt(String(n), 10),
  min: (_v, value, [n]) => toFloat(value) >= (n as Loose),
  max: (_v, value, [n]) => toFloat(value) <= (n as Loose),
  between: (_v, value, [min, max]) => {
    const num = toFloat(value);
    return num >= (min as Loose) && num <= (max as Loose);
  },
  in: (_v, value, list) => list.some((x) => (value as Loose) == x),
  required: (_v, value) => !!value,
  optional: () => true,
  numeric: (_v, value) => !Number.isNaN(toFloat(value)) && Number.isFinite(Number(value)),
  alpha: (_v, value) => ALPHA.test(String(value)),
  alphanumeric: (_v, value) => ALPHANUMERIC.test(String(value)),
  email: (_v, value) => EMAIL.test(String(value)),
  regex: (_v, value, [pattern, flags]) => new RegExp(pattern as string, (flags as string) || '').test(String(value)),
  integer: (_v, value) => parseInt(String(value), 10) == (value as Loose),
  equalsto: (values, value, [field]) => (value as Loose) == values[field as string],
};

/**
 * CHT's phone-number `validate(settings, phone)`: parsed with the `default_country_code` calling code,
 * then `phone_validation`: `none` = any parseable number, `partial` = possible, else (`full`) valid;
 * letters never pass.
 */
export function isValidPhone(settings: Settings, phone: unknown): boolean {
  if (typeof phone !== 'string' || LETTER.test(phone)) return false;
  try {
    const code = settings.default_country_code;
    const parsed = parsePhoneNumberFromString(phone, code ? { defaultCallingCode: String(code) } : undefined);
    if (!parsed) return false;
    if (settings.phone_validation === 'none') return true;
    if (settings.phone_validation === 'partial') return parsed.isPossible();
    return parsed.isValid();
  } catch {
    return false;
  }
}

/** `isAfter` / `isBefore`: the value's day against `reported_date ± duration`, by calendar day in the clock's zone. */
function compareToReported(clock: Clock, after: boolean): RuleFunction {
  return (values, value, [duration]) => {
    try {
      const amount = parseDuration(duration);
      if (!amount) return false;
      const tested = momentDate(value, clock.zone, clock.nowMs());
      const reported = momentDate(values.reported_date, clock.zone, clock.nowMs());
      if (!tested || !reported) return false;
      const control = after ? reported.plus(amount) : reported.minus(amount);
      if (!control.isValid) return false;
      const cmp = compareDays(tested, control);
      return after ? cmp >= 0 : cmp <= 0;
    } catch {
      return false;
    }
  };
}

const has = (values: Values, field: unknown): boolean =>
  typeof values === 'object' && values !== null && Object.prototype.hasOwnProperty.call(values, field as string);

/**
 * `isISOWeek(weekField[, yearField])`: the named fields must exist; week 1..ISO weeks of the year.
 * Without a year field, the current year of the engine clock (CHT: the server's real clock).
 */
function isISOWeek(clock: Clock): RuleFunction {
  return (values, _value, [weekField, yearField]) => {
    if (!has(values, weekField) || (yearField && !has(values, yearField))) return false;
    const year: Loose = yearField ? values[yearField as string] : clock.now().year;
    const week: Loose = values[weekField as string];
    return (
      /^\d{1,2}$/.test(String(week)) &&
      /^\d{4}$/.test(String(year)) &&
      week >= 1 &&
      week <= isoWeeksInYear(parseInt(String(year), 10), clock.zone)
    );
  };
}

export interface FunctionEnv {
  settings: Settings;
  clock: Clock;
}

/** The library functions needing the clock or the settings. */
export function envFunctions(env: FunctionEnv): Record<string, RuleFunction> {
  return {
    isafter: compareToReported(env.clock, true),
    isbefore: compareToReported(env.clock, false),
    isisoweek: isISOWeek(env.clock),
    validphone: (values, _value, [field]) => isValidPhone(env.settings, values[field as string]),
  };
}
