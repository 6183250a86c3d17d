/** Message/task states and CHT's `setTaskState` (spec 6.1, 6.2). */
import type { Clock, Task } from '../types';

export const TASK_STATES = [
  'scheduled',
  'muted',
  'pending',
  'forwarded-to-gateway',
  'received-by-gateway',
  'forwarded-by-gateway',
  'sent',
  'delivered',
  'failed',
  'denied',
  'duplicate',
  'cleared',
  'clear',
  'unrecognised',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export function isTaskState(value: unknown): value is TaskState {
  return typeof value === 'string' && (TASK_STATES as readonly string[]).includes(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/**
 * Sets `task.state` and appends a `state_history` entry stamped with the clock's now. A no-op
 * (returns false) when the task is already in `state`, its last history entry has that state, and
 * `details` / `gatewayRef` are either not given or equal to the stored ones. Otherwise
 * `state_details` and `gateway_ref` are replaced by the given values (absent when not given).
 */
export function setTaskState(
  task: Task,
  state: string,
  clock: Clock,
  details?: unknown,
  gatewayRef?: string,
): boolean {
  const history = (task.state_history = task.state_history || []);
  const last = history.length ? history[history.length - 1] : undefined;
  if (
    task.state === state &&
    last &&
    last.state === state &&
    (details === undefined || deepEqual(details, task.state_details)) &&
    (gatewayRef === undefined || gatewayRef === task.gateway_ref)
  ) {
    return false;
  }
  task.state = state;
  if (details === undefined) delete task.state_details;
  else task.state_details = details;
  if (gatewayRef === undefined) delete task.gateway_ref;
  else task.gateway_ref = gatewayRef;
  const entry: { state: string; state_details?: unknown; timestamp: string } = {
    state,
    timestamp: new Date(clock.nowMs()).toISOString(),
  };
  if (details !== undefined) entry.state_details = details;
  history.push(entry);
  return true;
}

/** Sets `state` on every scheduled task matching `predicate`; returns how many changed. */
export function setScheduledTasksStates(
  doc: { scheduled_tasks?: Task[] },
  state: string,
  clock: Clock,
  predicate: (task: Task) => boolean,
): number {
  doc.scheduled_tasks = doc.scheduled_tasks || [];
  let changed = 0;
  for (const task of doc.scheduled_tasks) {
    if (predicate(task) && setTaskState(task, state, clock)) changed++;
  }
  return changed;
}
