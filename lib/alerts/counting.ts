/**
 * Which reports count towards a multi_report_alerts alert (spec 3.11 steps 2-4): the time window, the
 * `is_report_counted` function, and the reports an earlier alert of the same name already counted.
 */
import { compileFunction } from '../expr';
import type { Doc, Expressions } from '../types';
import { DAY_MS } from './multi-report-config';

export type ReportCounter = (report: Doc, latestReport: Doc) => boolean;

/**
 * The window CHT reads from reports_by_date: `[latest - 1 - days, latest - 1]` (ms, both ends included),
 * so a report with the very same `reported_date` as the latest one is never counted (CHT does the same).
 */
export function countingWindow(latestReportedDate: unknown, windowDays: number): { startMs: number; endMs: number } | undefined {
  const latest = Number(latestReportedDate);
  if (typeof latestReportedDate !== 'number' || !Number.isFinite(latest) || !Number.isFinite(windowDays)) return undefined;
  const endMs = latest - 1;
  return { startMs: endMs - windowDays * DAY_MS, endMs };
}

export const inWindow = (report: Doc, window: { startMs: number; endMs: number }): boolean =>
  typeof report.reported_date === 'number' && report.reported_date >= window.startMs && report.reported_date <= window.endMs;

/** `forms` unset or empty = every form (CHT's `forms && forms.length` test). */
export const formMatches = (forms: string[] | undefined, form: unknown): boolean => !forms || !forms.length || forms.includes(form as string);

type Compiled = (...args: unknown[]) => unknown;
const compiledBySandbox = new WeakMap<object, Map<string, Compiled>>();

/**
 * `is_report_counted` compiled once per sandbox and source, then called for every report. A function
 * that throws counts the report out (CHT logs it and moves on); a source that does not compile throws.
 */
export function reportCounter(expressions: Expressions, source: string): ReportCounter {
  const sandbox = expressions as Expressions & { compileFunction?: (src: string) => Compiled };
  let cache = compiledBySandbox.get(expressions);
  if (!cache) compiledBySandbox.set(expressions, (cache = new Map()));
  let fn = cache.get(source);
  if (!fn) {
    // a test double without compileFunction still gets the sandbox, with the default time limit
    fn = typeof sandbox.compileFunction === 'function' ? sandbox.compileFunction(source) : compileFunction(source);
    cache.set(source, fn);
  }
  const counted = fn;
  return (report, latestReport) => {
    try {
      return !!counted(report, latestReport);
    } catch {
      return false;
    }
  };
}

/** Ids counted by earlier alerts of this name: the `counted_reports` of their alert tasks on these reports. */
export function alreadyAlerted(reports: Doc[], alertName: string): Set<string> {
  const ids = new Set<string>();
  for (const report of reports) {
    for (const task of Array.isArray(report.tasks) ? report.tasks : []) {
      if (task && task.alert_name === alertName && Array.isArray(task.counted_reports)) task.counted_reports.forEach((id: string) => ids.add(id));
    }
  }
  return ids;
}
