/**
 * When a schedule message is due (spec 4.2 steps 2–5): start + offset, then `send_time`, then
 * `send_day`. CHT does this in the server's local time; vigil in an IANA zone (settings.timezone or the
 * subject place's), so `send_time: "09:00"` is 09:00 local on both sides of a DST change.
 */
import type { DateTime } from 'luxon';
import { addDuration, parseDuration } from './duration';
import { applySendDay } from './send-day';
import { applySendTime, parseSendTime } from './send-time';

export interface DueConfig {
  offset?: unknown;
  send_time?: unknown;
  send_day?: unknown;
}

/**
 * The due date of one message, or null when it cannot have one: an offset CHT rejects (the message is
 * skipped, its group is not), or a send_time that makes the date invalid. The result is in `zone`, or
 * in the send_time's UTC offset when it has one.
 */
export function computeDue(start: DateTime, message: DueConfig, zone: string): DateTime | null {
  const offset = parseDuration(message.offset);
  if (!offset || !start.isValid) return null;
  let due = addDuration(start.setZone(zone), offset);
  const sendTime = parseSendTime(message.send_time);
  if (sendTime) {
    const timed = applySendTime(due, sendTime);
    if (!timed) return null;
    due = timed;
  }
  // a falsy send_day (also the number 0) is ignored, as in CHT
  if (message.send_day) due = applySendDay(due, message.send_day);
  return due.isValid ? due : null;
}

/** The canonical stored form of a due date (moment's `toISOString()`: UTC, with milliseconds). */
export function dueIso(due: DateTime): string {
  return new Date(due.toMillis()).toISOString();
}
