/**
 * When a reminder fires (spec 8.2 step 1): its `text_expression` (text-expression.ts; it wins over `cron`,
 * as in CHT) or its 5-field `cron` (lib/outbound/cron.ts, later.js semantics: day-of-month AND weekday).
 *
 * vigil fix (design §1.5): occurrences are wall-clock times in an IANA zone (`settings.timezone`, else the
 * process zone), not the server's local time. Each (local date, time) is one instant: a time skipped by a
 * DST change fires at the wall time luxon moves it to (02:30 → 03:30), a repeated one fires once.
 */
import { DateTime } from 'luxon';
import { parseCron, type CronSpec } from '../../lib/outbound/cron';
import { cronProblem } from '../../lib/config/schema/formats';
import { parseTextExpression } from './text-expression';

export interface ReminderSchedule {
  /** minutes since local midnight at which it fires on a matching date, ascending */
  minutes: number[];
  /** whether it fires on this local date */
  onDate(date: DateTime): boolean;
}

export type ScheduleParse = { ok: true; schedule: ReminderSchedule; source: 'text_expression' | 'cron' } | { ok: false; key: 'text_expression' | 'cron'; error: string };

const allows = (set: Set<number> | undefined, value: number) => !set || set.has(value);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function fromCron(spec: CronSpec): ReminderSchedule {
  const hours = spec.hour ? [...spec.hour].sort((a, b) => a - b) : range(0, 23);
  const mins = spec.minute ? [...spec.minute].sort((a, b) => a - b) : range(0, 59);
  return {
    minutes: hours.flatMap((h) => mins.map((m) => h * 60 + m)),
    onDate: (d) => allows(spec.day, d.day) && allows(spec.month, d.month) && allows(spec.weekday, d.weekday % 7),
  };
}

/** The schedule of a reminder config, or why it has none. */
export function reminderSchedule(config: { text_expression?: unknown; cron?: unknown }): ScheduleParse {
  if (config.text_expression !== undefined && config.text_expression !== null && config.text_expression !== '') {
    if (typeof config.text_expression !== 'string') return { ok: false, key: 'text_expression', error: 'must be a string' };
    const parsed = parseTextExpression(config.text_expression);
    if (!parsed.ok) return { ok: false, key: 'text_expression', error: parsed.error };
    const { minutes, weekdays } = parsed.schedule;
    return { ok: true, source: 'text_expression', schedule: { minutes, onDate: (d) => allows(weekdays, d.weekday % 7) } };
  }
  if (typeof config.cron === 'string' && config.cron.trim() !== '') {
    const spec = parseCron(config.cron);
    if (!spec) return { ok: false, key: 'cron', error: `must be a 5-field cron expression: ${cronProblem(config.cron) ?? 'not valid'}` };
    return { ok: true, source: 'cron', schedule: fromCron(spec) };
  }
  return { ok: false, key: 'text_expression', error: 'a reminder needs a text_expression or a cron schedule' };
}

/** Local dates scanned at most (a window is about a day; this only guards against absurd inputs). */
const MAX_DAYS = 400;

/**
 * The latest occurrence in `(afterMs, atOrBeforeMs]`, in epoch ms, or undefined when there is none.
 * (CHT: later.js `prev(1, end, start)` then "strictly after start".)
 */
export function previousOccurrence(schedule: ReminderSchedule, afterMs: number, atOrBeforeMs: number, zone: string): number | undefined {
  if (!(atOrBeforeMs > afterMs) || !schedule.minutes.length) return undefined;
  const first = DateTime.fromMillis(afterMs, { zone }).startOf('day');
  let best: number | undefined;
  // newest date first; one more date than the window covers, so a time moved by DST is not missed
  let date = DateTime.fromMillis(atOrBeforeMs, { zone }).startOf('day').plus({ days: 1 });
  for (let n = 0; n < MAX_DAYS && date >= first.minus({ days: 1 }); n++, date = date.minus({ days: 1 })) {
    if (!schedule.onDate(date)) continue;
    for (let i = schedule.minutes.length - 1; i >= 0; i--) {
      const minute = schedule.minutes[i];
      const ms = DateTime.fromObject(
        { year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 },
        { zone },
      ).toMillis();
      if (ms > afterMs && ms <= atOrBeforeMs && (best === undefined || ms > best)) best = ms;
    }
    // dates are visited newest first: once one has an occurrence, older dates cannot beat it
    // (a DST shift moves a time by an hour at most, never past the next date's times)
    if (best !== undefined) break;
  }
  return best;
}
