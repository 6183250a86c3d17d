/**
 * A schedule message's `send_time` (spec 4.2 step 4): `"HH[:mm][ offset]"`. The time is *set* on the
 * due date (not added), seconds and milliseconds are zeroed; with a UTC offset the date is first
 * moved to that offset. Without one CHT uses the server's local clock; vigil uses the schedule's IANA
 * zone (the DateTime's own zone).
 */
import { DateTime, FixedOffsetZone } from 'luxon';

export interface SendTime {
  /** the hour token as written (may be empty or non-numeric) */
  hour: string;
  /** the minute token; undefined when there is no `:` (the minutes are then left as they are) */
  minute?: string;
  /** minutes east of UTC from the offset token, undefined when absent or unreadable */
  utcOffset?: number;
}

/**
 * moment's reading of an offset string: the LAST match of `Z|[+-]HH[[:]mm]` anywhere in the text
 * (case-insensitive), so `"+03"`, `"+0300"`, `"+03:00"`, `"Z"` and even `"GMT+03"` work; text without
 * a match (e.g. `"Africa/Nairobi"`) is ignored.
 */
export function parseUtcOffset(text: string): number | undefined {
  const matches = text.match(/Z|[+-]\d\d(?::?\d\d)?/gi);
  if (!matches) return undefined;
  const chunk = matches[matches.length - 1];
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(chunk);
  if (!m) return 0; // `Z`
  const minutes = Number(m[2]) * 60 + (m[3] ? Number(m[3]) : 0);
  return minutes === 0 ? 0 : m[1] === '+' ? minutes : -minutes;
}

/** Splits a `send_time` as CHT does (whitespace, then `:`); undefined when it is empty or not a string. */
export function parseSendTime(sendTime: unknown): SendTime | undefined {
  if (typeof sendTime !== 'string' || !sendTime) return undefined;
  const parts = sendTime.split(/\s+/);
  const [hour, minute] = parts[0].split(':');
  const result: SendTime = { hour };
  if (minute !== undefined) result.minute = minute;
  if (parts[1] !== undefined) {
    const offset = parseUtcOffset(parts[1]);
    if (offset !== undefined) result.utcOffset = offset;
  }
  return result;
}

/**
 * moment's setter coercion of a token: an unreadable one (`isNaN`) leaves the component unchanged,
 * anything else goes through `Date#setHours`/`setMinutes` (`Number()`, truncated; `''` is 0).
 * Undefined for an infinite value (an invalid date).
 */
function timeComponent(token: string | undefined, current: number): number | undefined {
  if (token === undefined) return current;
  const n = Number(token);
  if (Number.isNaN(n)) return current;
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/**
 * Sets the wall time of `dt` (in its zone, or in the send_time's UTC offset) like `hours(h)` then
 * `minutes(m)`: out-of-range values roll over into the neighbouring days/hours as Date does.
 * Returns null when the result is not a valid date.
 */
export function applySendTime(dt: DateTime, sendTime: SendTime): DateTime | null {
  let base = dt;
  if (sendTime.utcOffset !== undefined) base = base.setZone(FixedOffsetZone.instance(sendTime.utcOffset));
  const hour = timeComponent(sendTime.hour, base.hour);
  const minute = timeComponent(sendTime.minute, base.minute);
  if (hour === undefined || minute === undefined) return null;
  // carry the overflow ourselves: luxon's `set` happens to roll over too, but does not promise it
  const total = hour * 60 + minute;
  const dayCarry = Math.floor(total / 1440);
  const rest = total - dayCarry * 1440;
  const out = base
    .plus({ days: dayCarry })
    .set({ hour: Math.floor(rest / 60), minute: rest % 60, second: 0, millisecond: 0 });
  return out.isValid ? out : null;
}
