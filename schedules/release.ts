/**
 * What due_tasks does to one doc's scheduled tasks (spec 6.3 step 4), as pure functions.
 *
 * A task is due when it is `scheduled` and its due instant (`due || timestamp || reported_date`) is at or
 * before now. vigil fixes (design §1.4): dues are compared as instants, however they are written
 * (`2024-05-01T10:00:00+03:00`, no milliseconds, epoch ms), and there is no 7-day limit; instead an
 * optional explicit expiry (`vigil.due_tasks.expire_after`) moves tasks due before `now - expire_after` to
 * `cleared` with `state_details: { reason: "expired", expire_after }` instead of sending them.
 *
 * For each due task, as CHT: without `messages`, generate one (a failed generation stores nothing);
 * non-blank text → `pending`; else with `sms.clear_failing_schedules` → `clear` (CHT's spelling, kept in
 * data); else it stays `scheduled` and is tried again next run. No deny-list or duplicate check here.
 */
import type { Clock, Doc, Message, Task } from '../lib/types';
import { setTaskState } from '../lib/messages/state';

export const EXPIRED_STATE = 'cleared';
export const EXPIRED_REASON = 'expired';

/** The due instant of a task in epoch ms (NaN when unreadable), as the messages_by_state view computes it. */
export function taskDueMs(task: Task, doc: Doc): number {
  const due = task.due || task.timestamp || doc.reported_date;
  if (typeof due === 'number') return due;
  if (typeof due === 'string') return Date.parse(due);
  return NaN;
}

/**
 * Whether messages_by_state lists the task: always without `messages`, else only through a message having
 * uuid, to and text. A task it does not list is left alone even when its doc is handled for other tasks,
 * so what is released never depends on which other tasks a doc has (CHT quirk kept, spec 6.3).
 */
export function listedByView(task: Task): boolean {
  if (!task.messages) return true;
  return Array.isArray(task.messages) && task.messages.some((m) => !!m && !!m.uuid && !!m.to && !!m.message);
}

/** Indexes of the tasks due now: listed, `scheduled`, with a readable due at or before `nowMs`. */
export function dueTaskIndexes(doc: Doc, nowMs: number): number[] {
  const tasks: Task[] = Array.isArray(doc.scheduled_tasks) ? doc.scheduled_tasks : [];
  const out: number[] = [];
  tasks.forEach((task, i) => {
    if (!task || typeof task !== 'object' || task.state !== 'scheduled' || !listedByView(task)) return;
    const due = taskDueMs(task, doc);
    if (Number.isFinite(due) && due <= nowMs) out.push(i);
  });
  return out;
}

/** True when a task without messages will need one generated (so the template context is worth building). */
export function needsGeneration(doc: Doc, indexes: number[]): boolean {
  return indexes.some((i) => !doc.scheduled_tasks[i].messages);
}

export interface ReleaseEnv {
  clock: Clock;
  /** `sms.clear_failing_schedules` */
  clearFailing: boolean;
  /** tasks due strictly before this instant expire; undefined = no expiry */
  expireBeforeMs?: number;
  /** the `expire_after` text recorded in `state_details` */
  expireAfter?: string;
  /** one message for a task, or undefined when generation failed (error or exception) */
  generate(task: Task): Message | undefined;
}

export interface ReleaseCounts {
  /** → pending */
  released: number;
  /** → clear (clear_failing_schedules) */
  cleared: number;
  /** → cleared, reason expired */
  expired: number;
  /** left scheduled (no text, clear_failing_schedules off) */
  left: number;
}

const hasText = (task: Task): boolean => {
  const text = Array.isArray(task.messages) && task.messages.length ? task.messages[0]?.message : undefined;
  return typeof text === 'string' ? text.trim() !== '' : !!text;
};

/** Applies due_tasks to the tasks at `indexes` of `doc` (mutated). */
export function releaseTasks(doc: Doc, indexes: number[], env: ReleaseEnv): ReleaseCounts {
  const counts: ReleaseCounts = { released: 0, cleared: 0, expired: 0, left: 0 };
  for (const i of indexes) {
    const task: Task = doc.scheduled_tasks[i];
    if (env.expireBeforeMs !== undefined && taskDueMs(task, doc) < env.expireBeforeMs) {
      setTaskState(task, EXPIRED_STATE, env.clock, { reason: EXPIRED_REASON, expire_after: env.expireAfter });
      counts.expired++;
      continue;
    }
    if (!task.messages) {
      const message = env.generate(task);
      if (message) task.messages = [message];
    }
    if (hasText(task)) {
      setTaskState(task, 'pending', env.clock);
      counts.released++;
    } else if (env.clearFailing) {
      setTaskState(task, 'clear', env.clock);
      counts.cleared++;
    } else {
      counts.left++;
    }
  }
  return counts;
}

export const changedCount = (c: ReleaseCounts): number => c.released + c.cleared + c.expired;
