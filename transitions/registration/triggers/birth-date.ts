/**
 * add_birth_date (spec 3.3): `doc.birth_date` = start of the reported day minus the age the report gives,
 * trying years, months, weeks, then days. In a unit group only the first field that is present (not
 * null/undefined) counts; if it does not parseInt to a number the whole group is skipped.
 */
import type { DateTime } from 'luxon';
import type { Trigger } from '../trigger';
import { isoString, reportedDate } from '../dates';

const GROUPS: ReadonlyArray<readonly ['years' | 'months' | 'weeks' | 'days', readonly string[]]> = [
  ['years', ['years_since_dob', 'years_since_birth', 'age_in_years']],
  ['months', ['months_since_dob', 'months_since_birth', 'age_in_months']],
  ['weeks', ['weeks_since_dob', 'dob', 'weeks_since_birth', 'age_in_weeks']],
  ['days', ['days_since_dob', 'days_since_birth', 'age_in_days']],
];

export function birthDate(fields: Record<string, unknown>, reported: DateTime): DateTime {
  const start = reported.startOf('day');
  for (const [unit, keys] of GROUPS) {
    const key = keys.find((k) => fields[k] !== undefined && fields[k] !== null);
    if (key === undefined) continue;
    const amount = parseInt(String(fields[key]), 10);
    if (Number.isNaN(amount)) continue;
    return start.minus({ [unit]: amount });
  }
  return start;
}

export const addBirthDate: Trigger = async ({ ctx }) => {
  const { doc } = ctx;
  if (!doc.fields || typeof doc.fields !== 'object') return;
  doc.birth_date = isoString(birthDate(doc.fields, reportedDate(doc.reported_date, ctx.clock)));
};
