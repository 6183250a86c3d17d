/**
 * `multi_report_alerts` settings (spec 3.11): reading them the way CHT's init leaves them (numbers
 * parseInt'ed, a non-array `forms` dropped), and CHT's init checks as ConfigProblems with JSON paths, so
 * a broken alert disables only this transition instead of every transition.
 */
import { compileFunction } from '../expr';
import { toJsonPath, type PathSegment } from '../config/paths';
import type { ConfigProblem, MessageConfig, Settings } from '../types';

/** CHT refuses thresholds above this ("for performance reasons"). */
export const MAX_NUM_REPORTS_THRESHOLD = 100;

/** Keys CHT's init requires to be truthy (so a `message` given only as `translation_key` fails there). */
export const REQUIRED_KEYS = ['is_report_counted', 'name', 'num_reports_threshold', 'message', 'recipients', 'time_window_in_days'] as const;

/** Recipients written as a literal international number are used as is; anything else is an expression. */
export const LITERAL_PHONE = /^\+[0-9]+$/;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** One alert, normalised the way CHT's init mutates it. `config` is the raw entry (message content). */
export interface MultiReportAlert {
  name: string;
  isReportCounted: string;
  threshold: number;
  windowDays: number;
  /** only these forms trigger and count; undefined or empty = every form */
  forms?: string[];
  recipients: unknown[];
  config: MessageConfig;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** CHT's `parseInt` of a config value (numbers and numeric strings; NaN otherwise). */
export function parseIntLike(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  return typeof value === 'string' ? parseInt(value, 10) : NaN;
}

export function normaliseAlert(raw: Record<string, any>): MultiReportAlert {
  return {
    name: String(raw.name),
    isReportCounted: String(raw.is_report_counted),
    threshold: parseIntLike(raw.num_reports_threshold),
    windowDays: parseIntLike(raw.time_window_in_days),
    forms: Array.isArray(raw.forms) ? raw.forms : undefined,
    recipients: Array.isArray(raw.recipients) ? raw.recipients : [],
    config: raw as MessageConfig,
  };
}

/** The configured alerts, normalised (entries that are not objects are skipped; validate() reports them). */
export function multiReportAlertsOf(settings: Settings): MultiReportAlert[] {
  const list = settings.multi_report_alerts;
  return Array.isArray(list) ? list.filter(isObject).map(normaliseAlert) : [];
}

/** CHT's init checks (it throws on the first run of them and disables everything; vigil reports each). */
export function validateMultiReportAlerts(settings: Settings): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (segments: PathSegment[], message: string, severity: 'error' | 'warning' = 'error') =>
    problems.push({ path: toJsonPath(segments), message, section: 'multi_report_alerts', severity });

  const list = settings.multi_report_alerts;
  if (!Array.isArray(list)) {
    add(['multi_report_alerts'], list === undefined ? 'is required when the multi_report_alerts transition is enabled (an array of alerts)' : 'must be an array of alerts');
    return problems;
  }
  const names = new Map<string, number>();
  list.forEach((alert: unknown, i: number) => {
    const at: PathSegment[] = ['multi_report_alerts', i];
    if (!isObject(alert)) {
      add(at, 'must be an object');
      return;
    }
    for (const key of REQUIRED_KEYS) {
      if (!alert[key]) add([...at, key], `is required (an alert needs each of: ${REQUIRED_KEYS.join(', ')})`);
    }
    for (const key of ['time_window_in_days', 'num_reports_threshold'] as const) {
      if (alert[key] && Number.isNaN(parseIntLike(alert[key]))) add([...at, key], `must be a whole number, e.g. "${key}": 3`);
    }
    const threshold = parseIntLike(alert.num_reports_threshold);
    if (threshold > MAX_NUM_REPORTS_THRESHOLD) add([...at, 'num_reports_threshold'], `must be at most ${MAX_NUM_REPORTS_THRESHOLD} (got ${threshold})`);
    if (alert.recipients && !Array.isArray(alert.recipients)) {
      add([...at, 'recipients'], 'must be an array of phone numbers or expressions, e.g. ["+9779841452277", "new_report.contact.phone"]');
    }
    if (alert.forms !== undefined && alert.forms !== null && !Array.isArray(alert.forms)) {
      add([...at, 'forms'], 'is ignored: must be an array of form codes (all forms are counted)', 'warning');
    }
    if (typeof alert.is_report_counted === 'string' && alert.is_report_counted) {
      try {
        compileFunction(alert.is_report_counted);
      } catch (err) {
        const detail = (err as { detail?: string }).detail ?? (err as Error).message;
        add([...at, 'is_report_counted'], `must be a function source such as "function(report, latestReport) { return true; }": ${detail}`);
      }
    } else if (alert.is_report_counted) {
      add([...at, 'is_report_counted'], 'must be a function source (a string)');
    }
    if (alert.name !== undefined) {
      const name = String(alert.name);
      const first = names.get(name);
      if (first !== undefined) add([...at, 'name'], `alert name "${name}" is already used by $.multi_report_alerts[${first}]; names must be unique`);
      else names.set(name, i);
    }
  });
  return problems;
}
