/**
 * add_expected_date (spec 3.3): `doc.lmp_date` and `doc.expected_date` (LMP + 40 weeks), ISO strings, or
 * both null when the report gives no LMP.
 *
 * - `fields.lmp_date` / `fields.date_lmp`: the first truthy one that is a date. CHT parseInts it as epoch
 *   ms, so an ISO date "2024-01-05" became 2024 ms after the epoch; vigil reads a non-numeric string as a
 *   date instead (numbers and all-digit strings are still epoch ms).
 * - else N = `Number()` of the first of `weeks_since_lmp`, `last_menstrual_period`, `lmp` that is a number
 *   (`""`, `null`, `0` give 0, which means "no LMP"); LMP = start of the reported day minus N weeks, the
 *   day count rounded half away from zero (moment's rule for fractional weeks).
 */
import type { DateTime } from 'luxon';
import type { Clock } from '../../../lib/types';
import type { Trigger } from '../trigger';
import { isoString, reportedDate, toDateTime } from '../dates';

const DATE_FIELDS = ['lmp_date', 'date_lmp'];
const WEEKS_FIELDS = ['weeks_since_lmp', 'last_menstrual_period', 'lmp'];
const PREGNANCY_DAYS = 40 * 7;

const roundHalfAway = (n: number): number => (n < 0 ? -Math.round(-n) : Math.round(n));

function dateField(value: unknown, zone: string): DateTime | undefined {
  if (!value) return undefined;
  const text = String(value).trim();
  if (/^[+-]?\d+(\.\d*)?$/.test(text)) return toDateTime(parseInt(text, 10), zone);
  return toDateTime(text, zone);
}

export function lmpDate(fields: Record<string, unknown>, reported: unknown, clock: Clock): DateTime | undefined {
  for (const key of DATE_FIELDS) {
    const dt = dateField(fields[key], clock.zone);
    if (dt) return dt;
  }
  for (const key of WEEKS_FIELDS) {
    const weeks = Number(fields[key]);
    if (Number.isNaN(weeks)) continue;
    if (!weeks) return undefined;
    return reportedDate(reported, clock).startOf('day').minus({ days: roundHalfAway(weeks * 7) });
  }
  return undefined;
}

export function expectedDates(fields: Record<string, unknown>, reported: unknown, clock: Clock): { lmp_date: string | null; expected_date: string | null } {
  const lmp = lmpDate(fields, reported, clock);
  if (!lmp) return { lmp_date: null, expected_date: null };
  return { lmp_date: isoString(lmp), expected_date: isoString(lmp.plus({ days: PREGNANCY_DAYS })) };
}

export const addExpectedDate: Trigger = async ({ ctx }) => {
  const { doc } = ctx;
  const fields = doc.fields && typeof doc.fields === 'object' ? doc.fields : {};
  Object.assign(doc, expectedDates(fields, doc.reported_date, ctx.clock));
};
