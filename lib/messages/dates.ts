/**
 * The `{{#date}}` / `{{#datetime}}` lambdas' value handling (spec 5.4): numeric text is epoch ms,
 * other text is parsed like moment does (ISO 8601, then RFC 2822, then the JS `Date` fallback), and
 * the result is formatted with a moment pattern in the clock's zone and the message locale.
 * CHT uses the process's local timezone; vigil uses the configured IANA zone instead.
 */
import { DateTime } from 'luxon';
import { formatMoment, intlLocale, MOMENT_DEFAULT_FORMAT } from './date-format';

/** Text carrying its own offset or zone name, which the `Date` fallback must not re-interpret. */
const EXPLICIT_ZONE = /\b(?:GMT|UTC|UT)\b|\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z\b|[+-]\d{2}:?\d{2}\b)|\b[ECMP][SD]T\b/i;

/** moment(value) for a string value, in `zone`; undefined when unparseable. */
export function parseDateText(text: string, zone: string): DateTime | undefined {
  const trimmed = text.replace(/^\s+/, '');
  if (!trimmed) return undefined;
  const opts = { zone };
  let dt = DateTime.fromISO(trimmed, opts);
  // moment also accepts a space between the ISO date and time
  if (!dt.isValid && /^[+-]?\d{4,6}-\d{2}-\d{2} \d/.test(trimmed)) {
    dt = DateTime.fromISO(trimmed.replace(' ', 'T'), opts);
  }
  if (!dt.isValid) dt = DateTime.fromRFC2822(trimmed, opts);
  if (dt.isValid) return dt;
  // moment's last resort: `new Date(text)`, which reads zone-less text as process-local wall time
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  if (EXPLICIT_ZONE.test(text)) return DateTime.fromMillis(date.getTime(), opts);
  const wall = DateTime.fromObject(
    {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
      millisecond: date.getMilliseconds(),
    },
    opts,
  );
  return wall.isValid ? wall : undefined;
}

/**
 * The instant a rendered lambda body denotes: text that is numeric for JS `isNaN` (so also
 * `" 123 "`, and the empty string) is `parseInt`ed to epoch ms; anything else is parsed as a date.
 */
export function parseDateValue(rendered: string, zone: string): DateTime | undefined {
  if (!Number.isNaN(Number(rendered))) {
    const ms = parseInt(rendered, 10);
    if (!Number.isFinite(ms)) return undefined;
    const dt = DateTime.fromMillis(ms, { zone });
    return dt.isValid ? dt : undefined;
  }
  return parseDateText(rendered, zone);
}

/** Formats the rendered lambda body; `Invalid date` when it is not a date, moment's default format when `pattern` is unset. */
export function formatDateText(rendered: string, pattern: unknown, zone: string, locale: string | undefined): string {
  const dt = parseDateValue(rendered, zone);
  if (!dt) return 'Invalid date';
  const format = typeof pattern === 'string' && pattern ? pattern : pattern ? String(pattern) : MOMENT_DEFAULT_FORMAT;
  return formatMoment(dt.setZone(zone).setLocale(intlLocale(locale)), format);
}
