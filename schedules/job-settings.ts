/**
 * vigil's own job settings, under the `vigil` key of app_settings (CHT ignores it):
 *
 *   "vigil": {
 *     "jobs": { "due_tasks": { "every": "1 minute", "disable": false } },
 *     "due_tasks": { "expire_after": "30 days" }
 *   }
 *
 * `every`: "<n> <unit>" (second … week, plural allowed) or a number of ms; `disable: true` stops the
 * scheduled runs of that job (a manual `vigil jobs run` still works). `expire_after`: see due-tasks.ts.
 * Unreadable values fall back to the defaults (`vigil check` reports them through the schema).
 */
import type { Settings } from '../lib/types';

export type JobDurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface JobDuration {
  amount: number;
  unit: JobDurationUnit;
}

const DURATION = /^(\d+(?:\.\d+)?|\.\d+) (second|minute|hour|day|week|month|year)s?$/;

/** "<n> <unit>" (n > 0), as the `duration` schema format writes it; undefined otherwise. */
export function parseJobDuration(value: unknown): JobDuration | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  return amount > 0 ? { amount, unit: m[2] as JobDurationUnit } : undefined;
}

const UNIT_MS: Record<JobDurationUnit, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  // intervals only: a calendar month/year is approximated (expiry uses calendar maths instead)
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

export function durationMs(d: JobDuration): number {
  return d.amount * UNIT_MS[d.unit];
}

/** Intervals shorter than this are raised to it: a typo must not hammer the database. */
export const MIN_INTERVAL_MS = 1_000;

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

function jobSettings(settings: Settings | undefined, name: string): Record<string, any> {
  const jobs = isObject(settings?.vigil) && isObject(settings!.vigil.jobs) ? settings!.vigil.jobs : {};
  return isObject(jobs[name]) ? jobs[name] : {};
}

/** The interval of a job: `vigil.jobs.<name>.every`, else its default. */
export function jobIntervalMs(settings: Settings | undefined, name: string, defaultMs: number): number {
  const every = jobSettings(settings, name).every;
  let ms: number | undefined;
  if (typeof every === 'number' && Number.isFinite(every) && every > 0) ms = every;
  else {
    const d = parseJobDuration(every);
    if (d) ms = durationMs(d);
  }
  return Math.max(MIN_INTERVAL_MS, ms ?? defaultMs);
}

/** `vigil.jobs.<name>.disable === true` */
export function jobDisabled(settings: Settings | undefined, name: string): boolean {
  return jobSettings(settings, name).disable === true;
}

/** `vigil.due_tasks.expire_after`, parsed; undefined = no expiry (every due message is released). */
export function dueTasksExpireAfter(settings: Settings | undefined): { text: string; duration: JobDuration } | undefined {
  const block = isObject(settings?.vigil) && isObject(settings!.vigil.due_tasks) ? settings!.vigil.due_tasks : {};
  const duration = parseJobDuration(block.expire_after);
  return duration ? { text: String(block.expire_after).trim(), duration } : undefined;
}
