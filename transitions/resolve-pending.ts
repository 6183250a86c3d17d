/**
 * resolve_pending: mark every pending message as sent (for test and development setups without a
 * gateway; spec 3.14). No run-once guard: it acts whenever pending messages appear.
 */
import type { Doc, Task, Transition } from '../lib/types';
import { setTaskState } from '../lib/messages';

const sendable = (task: Task) =>
  task?.state === 'pending' && Array.isArray(task.messages) && task.messages.some((m) => m && m.to && m.message);

function candidates(doc: Doc): Task[] {
  const tasks: Task[] = Array.isArray(doc.tasks) ? doc.tasks : [];
  const hasErrors = Array.isArray(doc.errors) && doc.errors.length > 0;
  const scheduled: Task[] = !hasErrors && Array.isArray(doc.scheduled_tasks) ? doc.scheduled_tasks : [];
  return [...tasks, ...scheduled].filter(sendable);
}

export const resolvePending: Transition = {
  name: 'resolve_pending',
  sections: [],
  filter: ({ doc }) => candidates(doc).length > 0,
  async onMatch({ doc, clock }) {
    let changed = false;
    const nowIso = new Date(clock.nowMs()).toISOString();
    for (const task of candidates(doc)) {
      if (setTaskState(task, 'sent', clock)) {
        task.timestamp = nowIso;
        changed = true;
      }
    }
    return { changed };
  },
};
