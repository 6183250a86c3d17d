/**
 * The `cron` window of a push config (spec 3.16): a push is due when a cron occurrence lies within ±5
 * minutes (inclusive) of now. Occurrences fall on whole minutes, so "the previous or the next tick is
 * within the window" is the same as "some whole minute inside the window matches".
 *
 * Syntax is what `cron-validator` accepts with default options (lib/config/schema/formats.ts): five
 * numeric fields, `*`, ranges, steps, lists; no names, no `?`, weekday 0–6. Matching follows later.js,
 * which CHT uses: every restricted field must match, day-of-month AND day-of-week (classic cron ORs them).
 * Times are read in the engine's zone (the `timezone` setting; CHT uses the server's local time).
 */
import { DateTime } from 'luxon';
import { cronProblem } from '../config/schema/formats';

export const CRON_WINDOW_MS = 5 * 60_000;

/** Allowed values per field; `undefined` = unrestricted (`*`). */
export interface CronSpec {
  minute?: Set<number>;
  hour?: Set<number>;
  day?: Set<number>;
  month?: Set<number>;
  weekday?: Set<number>;
}

const FIELDS: Array<[keyof CronSpec, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day', 1, 31],
  ['month', 1, 12],
  ['weekday', 0, 6],
];

function expand(field: string, min: number, max: number): Set<number> | undefined {
  if (field === '*') return undefined;
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      from = Number(a);
      // `a/n` runs from a to the field's maximum (later.js, and Vixie cron)
      to = b !== undefined ? Number(b) : stepText !== undefined ? max : from;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses a cron expression; undefined when cron-validator would reject it. */
export function parseCron(expr: string): CronSpec | undefined {
  if (typeof expr !== 'string' || cronProblem(expr) !== undefined) return undefined;
  const fields = expr.trim().split(/\s+/);
  const spec: CronSpec = {};
  FIELDS.forEach(([key, min, max], i) => {
    spec[key] = expand(fields[i], min, max);
  });
  return spec;
}

export function cronMatches(spec: CronSpec, t: DateTime): boolean {
  const ok = (set: Set<number> | undefined, v: number) => !set || set.has(v);
  return (
    ok(spec.minute, t.minute) && ok(spec.hour, t.hour) && ok(spec.day, t.day) && ok(spec.month, t.month) && ok(spec.weekday, t.weekday % 7)
  );
}

/** True when `expr` has an occurrence within `windowMs` of `nowMs`; an invalid expression is never due. */
export function isCronDue(expr: string, nowMs: number, zone: string, windowMs = CRON_WINDOW_MS): boolean {
  const spec = parseCron(expr);
  if (!spec) return false;
  const first = Math.ceil((nowMs - windowMs) / 60_000) * 60_000;
  for (let t = first; t <= nowMs + windowMs; t += 60_000) {
    if (cronMatches(spec, DateTime.fromMillis(t, { zone }))) return true;
  }
  return false;
}
