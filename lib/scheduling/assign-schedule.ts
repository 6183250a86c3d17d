/**
 * CHT's `assignSchedule` (spec 4.2, 4.3): turns a schedule config into `scheduled_tasks` on a report.
 * Pure apart from mutating the report: the clock, settings and message layer come in through the env.
 */
import type { DateTime } from 'luxon';
import { addError, errorText, PARSE_ERROR_CODE } from '../messages/errors';
import type { VigilMessaging } from '../messages/messaging';
import { setTaskState } from '../messages/state';
import type { Clock, Doc, Message, MessageContext, Settings, Task } from '../types';
import type { ScheduleConfig, ScheduleMessageConfig } from './config';
import { computeDue, dueIso } from './due-date';
import { parseDuration } from './duration';
import { parseStart, startValue } from './start-date';
import { isSubjectMuted, scheduleZone } from './subject';

export interface ScheduleLogger {
  warn(msg: string, meta?: object): void;
}

export interface ScheduleEnv {
  settings: Settings;
  clock: Clock;
  messaging: VigilMessaging;
  logger?: ScheduleLogger;
}

/** Why a schedule assigned nothing at all. */
export type ScheduleAbort = 'no_schedule' | 'start_undefined' | 'start_null' | 'start_invalid';

/** Why one message of a schedule got no task. */
export type MessageSkip =
  | 'group_skipped' // an earlier message of its group was past or empty
  | 'invalid_offset' // CHT rejects the offset: only this message is skipped
  | 'invalid_send_time' // the send_time makes the date invalid
  | 'past' // due before now
  | 'empty_message' // no text for the report's locale
  | 'parse_error'; // generating the message threw (recorded in doc.errors)

export interface SkippedMessage {
  /** position in `schedule.messages` */
  index: number;
  group?: unknown;
  reason: MessageSkip;
  due?: string;
}

export interface ScheduleOutcome {
  aborted?: ScheduleAbort;
  /** the IANA zone the dates followed */
  zone: string;
  /** the start date (ISO, UTC) when one was found */
  start?: string;
  /** the tasks pushed onto `doc.scheduled_tasks`, in order */
  added: Task[];
  skipped: SkippedMessage[];
}

/** The text CHT appends to a parse_error (`<err>: <msg.message>`), readable for array contents too. */
function describeContent(msg: ScheduleMessageConfig): string {
  const content = msg.message ?? msg.messages;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/**
 * The state a new scheduled task gets: `denied` when the report's sender is deny-listed (CHT) or,
 * in vigil, when the generated message's recipient is; otherwise muted/scheduled per the subject.
 */
function initialState(doc: Doc, message: Message | undefined, allowed: 'muted' | 'scheduled', env: ScheduleEnv): string {
  if (!env.messaging.isOutgoingAllowed(doc.from)) return 'denied';
  if (message && message.to !== undefined && env.messaging.denyReason(message.to)) {
    env.logger?.warn('scheduled message denied: recipient is deny-listed', { doc: doc._id, to: message.to });
    return 'denied';
  }
  return allowed;
}

/**
 * Adds the schedule's messages to `doc.scheduled_tasks` and says what happened to each message.
 * Steps of spec 4.2: now from the clock; initial state muted when the subject is; start from
 * `start_from`; per message in config order: group skip, offset, send_time, send_day, past-or-empty
 * check (which skips the rest of the group unless `start_mid_group`), task, state.
 */
export function applySchedule(
  doc: Doc,
  schedule: ScheduleConfig | undefined,
  context: MessageContext,
  env: ScheduleEnv,
): ScheduleOutcome {
  const zone = scheduleZone(env.settings, context, env.clock);
  const outcome: ScheduleOutcome = { zone, added: [], skipped: [] };
  // CHT's "already assigned" check compares task names that are never set, so it never fires;
  // registration's run-once record is what prevents a second assignment
  if (!schedule || typeof schedule !== 'object') return { ...outcome, aborted: 'no_schedule' };

  const raw = startValue(doc, schedule.start_from);
  if (raw === undefined) return { ...outcome, aborted: 'start_undefined' };
  if (raw === null) return { ...outcome, aborted: 'start_null' };
  const start = parseStart(raw, zone);
  if (!start) {
    env.logger?.warn('schedule start date is not a date; no messages scheduled', {
      doc: doc._id,
      schedule: schedule.name,
      start_from: schedule.start_from,
    });
    return { ...outcome, aborted: 'start_invalid' };
  }
  outcome.start = dueIso(start);

  const nowMs = env.clock.nowMs();
  const allowed = isSubjectMuted(context) ? 'muted' : 'scheduled';
  const locale = env.messaging.getLocale(doc);
  const skipGroups: unknown[] = [];
  const messages: ScheduleMessageConfig[] = Array.isArray(schedule.messages) ? schedule.messages : [];

  messages.forEach((msg, index) => {
    if (!msg || typeof msg !== 'object') return;
    const skip = (reason: MessageSkip, due?: DateTime) =>
      outcome.skipped.push({ index, group: msg.group, reason, ...(due ? { due: dueIso(due) } : {}) });

    if (skipGroups.includes(msg.group)) return skip('group_skipped');
    if (!parseDuration(msg.offset)) {
      env.logger?.warn('schedule message offset cannot be parsed; message skipped', {
        doc: doc._id,
        schedule: schedule.name,
        index,
        offset: msg.offset,
      });
      return skip('invalid_offset');
    }
    const due = computeDue(start, msg, zone);
    if (!due) return skip('invalid_send_time');

    // the raw template: a translation_key never comes out empty (a missing translation gives the key)
    const template = env.messaging.getMessage(msg, locale);
    if (due.toMillis() < nowMs || !template) {
      if (!schedule.start_mid_group) skipGroups.push(msg.group);
      return skip(due.toMillis() < nowMs ? 'past' : 'empty_message', due);
    }

    const task: Task = { due: dueIso(due) };
    if (msg.group !== undefined) task.group = msg.group;
    task.type = schedule.name;
    if (schedule.translation_key !== undefined) task.translation_key = schedule.translation_key;
    if (msg.translation_key !== undefined) task.message_key = msg.translation_key;
    if (msg.recipient !== undefined) task.recipient = msg.recipient;
    let message: Message | undefined;
    if (!msg.translation_key) {
      // inline text is frozen now (recipient and rendering); translation keys are rendered when due
      try {
        message = env.messaging.generate(doc, msg, msg.recipient, context).message;
      } catch (e) {
        addError(doc, { code: PARSE_ERROR_CODE, message: `${errorText(e)}: ${describeContent(msg)}` });
        return skip('parse_error', due);
      }
      task.messages = [message];
    }
    setTaskState(task, initialState(doc, message, allowed, env), env.clock);
    doc.scheduled_tasks = Array.isArray(doc.scheduled_tasks) ? doc.scheduled_tasks : [];
    doc.scheduled_tasks.push(task);
    outcome.added.push(task);
  });
  return outcome;
}

/** Adds the schedule's messages to doc.scheduled_tasks (4.2 / 4.3 shapes). Returns whether doc.scheduled_tasks is non-empty. */
export function assignSchedule(doc: Doc, schedule: ScheduleConfig, context: MessageContext, env: ScheduleEnv): boolean {
  applySchedule(doc, schedule, context, env);
  return Array.isArray(doc.scheduled_tasks) && doc.scheduled_tasks.length > 0;
}

export { findSchedule } from './config';
export { scheduleZone } from './subject';
