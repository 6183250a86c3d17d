/**
 * `{{week}}` and `{{year}}` of a reminder message (spec 8.2): CHT formats the occurrence with moment's
 * `w` and `YYYY` under moment's default `en` locale, i.e. weeks start on Sunday and week 1 is the week
 * holding January 1st (so Dec 29–31 can be week 1). Both are strings, as moment returns them. vigil
 * reads the occurrence in the reminder zone (the server's local time in CHT).
 */
import { DateTime } from 'luxon';

/** A calendar date as a UTC day number (no DST in the arithmetic). */
const dayNumber = (year: number, month: number, day: number) => Math.round(Date.UTC(year, month - 1, day) / 86_400_000);

/** moment's `w` for the `en` locale (Sunday-based weeks, week 1 holds January 1st). */
export function enLocaleWeek(local: DateTime): number {
  const today = dayNumber(local.year, local.month, local.day);
  // 1970-01-01 was a Thursday: day number 0 → weekday 4 (0 = Sunday)
  const weekday = (d: number) => (((d + 4) % 7) + 7) % 7;
  const sunday = today - weekday(today);
  // the week belongs to the year its Saturday is in (the week holding January 1st is week 1)
  const saturdayYear = new Date((sunday + 6) * 86_400_000).getUTCFullYear();
  const jan1 = dayNumber(saturdayYear, 1, 1);
  const firstSunday = jan1 - weekday(jan1);
  return (sunday - firstSunday) / 7 + 1;
}

/** The `{ week, year }` template values of an occurrence. */
export function weekAndYear(occurrenceMs: number, zone: string): { week: string; year: string } {
  const local = DateTime.fromMillis(occurrenceMs, { zone });
  return { week: String(enLocaleWeek(local)), year: String(local.year) };
}
