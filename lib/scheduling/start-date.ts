/**
 * Where a schedule starts (spec 4.2 step 4): `start_from` (default `reported_date`) read from the report
 * as an object path, or the first of several paths that is defined.
 */
import { DateTime } from 'luxon';
import { parseDateText } from '../messages/dates';

export const DEFAULT_START_FROM = 'reported_date';

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** object-path's `get`: dot-separated own properties (array indexes too); undefined when a step is missing. */
export function getPath(obj: unknown, path: string): unknown {
  if (!path) return undefined;
  let node: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !own(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The configured paths: a string (falsy → `reported_date`) or an array of them, tried in order. */
export function startPaths(startFrom: unknown): string[] {
  if (Array.isArray(startFrom)) return startFrom.filter((p): p is string => typeof p === 'string');
  return [typeof startFrom === 'string' && startFrom ? startFrom : DEFAULT_START_FROM];
}

/**
 * The raw start value: that of the first path whose value is not `undefined`. `undefined` (no path is
 * set) and `null` (explicitly empty) both mean "no schedule"; CHT tells them apart only in its return value.
 */
export function startValue(doc: unknown, startFrom: unknown): unknown {
  for (const path of startPaths(startFrom)) {
    const value = getPath(doc, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * `moment(value)` in `zone`: epoch ms numbers, or text parsed like moment (ISO 8601, RFC 2822, then the
 * JS `Date` fallback; zone-less text is wall time in `zone`). Undefined for anything else or an
 * unparseable value (CHT would go on with an invalid date and store `due: null`).
 */
export function parseStart(value: unknown, zone: string): DateTime | undefined {
  let dt: DateTime | undefined;
  if (typeof value === 'number') dt = Number.isFinite(value) ? DateTime.fromMillis(value, { zone }) : undefined;
  else if (typeof value === 'string') dt = parseDateText(value, zone);
  return dt && dt.isValid ? dt : undefined;
}
