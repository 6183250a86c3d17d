/**
 * String formats used by the settings schemas (registered on the ajv instance), each with the hint
 * shown when a value does not match.
 */
import { DateTime, IANAZone } from 'luxon';
import { parseSyntheticDate } from '../../time/clock';
import { WEEKDAYS } from '../../scheduling/send-day';

export const DURATION_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;

/**
 * `<n> <unit>` as schedules read offsets (spec 4.2): one space, a number (sign and decimals allowed) and a
 * unit, singular or plural, lower case. CHT silently turns anything else into "no offset" (due = start) or
 * skips the message, so vigil rejects it.
 */
const DURATION = new RegExp(`^[+-]?(\\d+(\\.\\d+)?|\\.\\d+) (${DURATION_UNITS.join('|')})s?$`);

export function isDuration(value: string): boolean {
  return DURATION.test(value);
}

/** `HH[:mm][ offset]`, offset as `Z`, `+03`, `+0300` or `+03:00` (spec 4.2 step 4). */
const SEND_TIME = /^([01]?\d|2[0-3])(:[0-5]\d)?(\s+(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?))?$/;

export function isSendTime(value: string): boolean {
  return SEND_TIME.test(value.trim());
}

const WEEKDAY_NAMES = new Set(WEEKDAYS.flat());

/** A weekday name (full, short or two-letter, any case) or a day number 0–6 (0 = Sunday) as a string. */
export function isSendDay(value: string): boolean {
  const v = value.trim().toLowerCase();
  return WEEKDAY_NAMES.has(v) || /^[0-6]$/.test(v);
}

const CRON_FIELDS: Array<[string, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 6],
];

/**
 * Plain five-field cron as `cron-validator` accepts it with default options (spec 3.16): numbers, `*`,
 * ranges `a-b`, steps `/n`, lists; no seconds, no month/day names, no `?`, weekday 0–6.
 * Returns the problem, or undefined.
 */
export function cronProblem(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const [name, min, max] = CRON_FIELDS[i];
    for (const part of fields[i].split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `${name} field "${fields[i]}" is not valid`;
      const [, , from, to, step] = m;
      const nums = [from, to].filter((n): n is string => n !== undefined).map(Number);
      if (nums.some((n) => n < min || n > max)) return `${name} must be within ${min}-${max} (got "${fields[i]}")`;
      if (nums.length === 2 && nums[0] > nums[1]) return `${name} range "${part}" is reversed`;
      if (step !== undefined && Number(step) < 1) return `${name} step must be at least 1`;
    }
  }
  return undefined;
}

export function isCron(value: string): boolean {
  return cronProblem(value) === undefined;
}

export function isIanaZone(value: string): boolean {
  return IANAZone.isValidZone(value);
}

/** `YYYY-MM-DD`, a real calendar date. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

export function isRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

export interface FormatDef {
  validate: (value: string) => boolean;
  /** completes "must be …" */
  hint: string;
}

export const FORMATS: Record<string, FormatDef> = {
  duration: {
    validate: isDuration,
    hint: `"<number> <unit>" with unit ${DURATION_UNITS.join(', ')} (or plural), e.g. "12 weeks"`,
  },
  'duration-or-empty': {
    validate: (v) => v === '' || isDuration(v),
    hint: `empty or "<number> <unit>" with unit ${DURATION_UNITS.join(', ')} (or plural), e.g. "8 days"`,
  },
  'send-time': {
    validate: (v) => v === '' || isSendTime(v),
    hint: 'a time "HH[:mm]" with an optional UTC offset ("Z", "+03", "+0300", "+03:00"), e.g. "09:00 +03:00"',
  },
  'send-day': {
    validate: (v) => v === '' || isSendDay(v),
    hint: 'a weekday name ("monday", "mon", "mo") or a number 0-6 (0 = Sunday)',
  },
  cron: { validate: isCron, hint: 'a 5-field cron expression, e.g. "0 22 * * *"' },
  'iana-zone': { validate: isIanaZone, hint: 'an IANA time zone name, e.g. "Africa/Nairobi" or "UTC"' },
  'iso-date-or-empty': { validate: (v) => v === '' || isIsoDate(v), hint: 'a date "YYYY-MM-DD" or an empty string' },
  'synthetic-date': {
    validate: (v) => v === '' || parseSyntheticDate(v, 'UTC') !== undefined,
    hint: 'a date "YYYYMMDD", "YYYYMMDDHH" or "YYYYMMDDHHmm" (or empty)',
  },
  regex: { validate: isRegex, hint: 'a valid regular expression' },
  'non-blank': { validate: (v) => v.trim() !== '', hint: 'a non-blank string' },
};
