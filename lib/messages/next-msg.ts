/**
 * `next_msg` (spec 5.4, registration only): how far away the doc's next scheduled message is, as
 * whole units truncated toward zero, measured from `scheduled_tasks[0].due` (the first element, not
 * the earliest) or from now when there is none.
 */
import { DateTime } from 'luxon';
import type { Clock, Doc } from '../types';

export interface NextMessage {
  minutes: number;
  hours: number;
  days: number;
  weeks: number;
  months: number;
  years: number;
}

const UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;

function dueOf(doc: Doc, clock: Clock): DateTime {
  const first = Array.isArray(doc.scheduled_tasks) ? doc.scheduled_tasks[0] : undefined;
  const due = first && first.due;
  let dt: DateTime | undefined;
  if (typeof due === 'number') dt = DateTime.fromMillis(due, { zone: clock.zone });
  else if (typeof due === 'string') dt = DateTime.fromISO(due, { zone: clock.zone });
  else if (due instanceof Date) dt = DateTime.fromJSDate(due, { zone: clock.zone });
  return dt && dt.isValid ? dt : clock.now();
}

export function nextMessage(doc: Doc, clock: Clock): NextMessage {
  const due = dueOf(doc, clock);
  const now = clock.now();
  const out = {} as NextMessage;
  for (const unit of UNITS) {
    out[unit] = Math.trunc(due.diff(now, unit).as(unit)) || 0;
  }
  return out;
}
