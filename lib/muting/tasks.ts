/** Scheduled-task state changes of muting (spec 6.1): scheduled|pending -> muted, and back. */
import type { Clock, Doc, Task } from '../types';
import { setScheduledTasksStates } from '../messages/state';

const MUTABLE = new Set(['scheduled', 'pending']);

/** A task due date (epoch ms or a date string) as epoch ms; NaN when unreadable. */
export function dueMs(due: unknown): number {
  if (typeof due === 'number') return due;
  if (typeof due === 'string') return Date.parse(due);
  return NaN;
}

export const canMute = (task: Task): boolean => !!task && MUTABLE.has(task.state as string);

/** Only tasks still due today or later come back: missed ones stay muted (a NaN due never compares). */
export const canUnmute = (task: Task, notBeforeMs: number): boolean =>
  !!task && task.state === 'muted' && dueMs(task.due) >= notBeforeMs;

/** Mutes unsent scheduled tasks in place; returns how many changed. */
export function muteTasks(doc: Doc, clock: Clock): number {
  if (!Array.isArray(doc.scheduled_tasks)) return 0;
  return setScheduledTasksStates(doc as { scheduled_tasks?: Task[] }, 'muted', clock, canMute);
}

/** Reschedules muted tasks due at or after `notBeforeMs` in place; returns how many changed. */
export function unmuteTasks(doc: Doc, clock: Clock, notBeforeMs: number): number {
  if (!Array.isArray(doc.scheduled_tasks)) return 0;
  return setScheduledTasksStates(doc as { scheduled_tasks?: Task[] }, 'scheduled', clock, (task) => canUnmute(task, notBeforeMs));
}

/** Whether a mute/unmute sequence could touch this registration at all. */
export function hasMutableTasks(doc: Doc): boolean {
  return Array.isArray(doc.scheduled_tasks) && doc.scheduled_tasks.some((t: Task) => !!t && (MUTABLE.has(t.state as string) || t.state === 'muted'));
}

/** Start of "today" in the engine's zone (vigil fix #5: not the server's local day). */
export function startOfToday(clock: Clock): number {
  return clock.now().startOf('day').toMillis();
}
