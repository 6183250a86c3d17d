/**
 * `responded_to_by` (spec 3.4 step 7): a follow-up report is recorded on the latest reminder that was
 * sent before it. As with silencing (vigil fix #1), the registration is changed by an update op that
 * finds the task again on the fresh doc, so responses from one batch all survive and a replay adds
 * nothing twice.
 */
import { DateTime } from 'luxon';
import { registerUpdateOp } from '../runner/update-ops';
import type { Doc, Effect, Task } from '../types';
import { toMillis } from './dates';
import { parseDuration, subtractDuration } from '../scheduling/duration';

export const RESPONDED_OP = 'registrations.responded_to_by';

export interface RespondedArgs {
  reportId: string;
  /** the report's reported_date, epoch ms */
  reported: number;
  silenceFor?: string;
  zone: string;
}

const RESPONDED_STATES = ['sent', 'delivered'];

/** CHT sorts by the stored `due` (lodash sortBy): strings as strings, numbers as numbers. */
function compareDue(a: unknown, b: unknown, zone: string): number {
  if (typeof a === typeof b && (typeof a === 'string' || typeof a === 'number')) {
    return (a as any) < (b as any) ? -1 : (a as any) > (b as any) ? 1 : 0;
  }
  return toMillis(a, zone) - toMillis(b, zone) || 0;
}

/** `due - silence_for` (an unreadable or absent duration subtracts nothing). */
function minusSilence(dueMs: number, silenceFor: string | undefined, zone: string): number {
  const d = silenceFor ? parseDuration(silenceFor) : null;
  if (!d || !Number.isFinite(dueMs)) return dueMs;
  return subtractDuration(DateTime.fromMillis(dueMs, { zone }), d).toMillis();
}

/**
 * Index in `scheduled_tasks` of the task this report responds to, or undefined. Walks the tasks from the
 * latest due back: gives up on a cleared task that was "silenced" by this report window and starts a new
 * group; takes the first sent/delivered task due before the report.
 */
export function respondedTaskIndex(registration: Doc, args: RespondedArgs): number | undefined {
  const tasks: Task[] = Array.isArray(registration.scheduled_tasks) ? registration.scheduled_tasks : [];
  if (!tasks.length || !Number.isFinite(args.reported)) return undefined;
  const order = tasks.map((_, i) => i).sort((a, b) => compareDue(tasks[a]?.due, tasks[b]?.due, args.zone) || a - b);
  if (args.reported < toMillis(tasks[order[0]]?.due, args.zone)) return undefined; // report older than every reminder
  for (let k = order.length - 1; k >= 0; k--) {
    const task = tasks[order[k]];
    if (!task) continue;
    const due = toMillis(task.due, args.zone);
    const previous = k > 0 ? tasks[order[k - 1]] : undefined;
    if (minusSilence(due, args.silenceFor, args.zone) < args.reported && task.state === 'cleared' && previous && previous.group !== task.group) {
      return undefined;
    }
    if (due < args.reported && RESPONDED_STATES.includes(task.state as string)) return order[k];
  }
  return undefined;
}

/** Appends the report to the task it responds to; false when there is none or it is already there. */
export function recordResponse(registration: Doc, args: RespondedArgs): boolean {
  const index = respondedTaskIndex(registration, args);
  if (index === undefined) return false;
  const task: Task = registration.scheduled_tasks[index];
  const responses: unknown[] = Array.isArray(task.responded_to_by) ? task.responded_to_by : [];
  if (responses.includes(args.reportId)) return false;
  task.responded_to_by = [...responses, args.reportId];
  return true;
}

registerUpdateOp(RESPONDED_OP, (doc, args: RespondedArgs) => (recordResponse(doc, args) ? doc : null));

export function respondedArgs(report: Doc, silenceFor: string | undefined, zone: string): RespondedArgs {
  const args: RespondedArgs = { reportId: report._id, reported: toMillis(report.reported_date, zone), zone };
  if (silenceFor) args.silenceFor = silenceFor;
  return args;
}

/**
 * The first registration (in the given order) the report responds to, as an effect; CHT stops at the
 * first one. `registrations` should be as silencing leaves them.
 */
export function respondedToBy(registrations: Doc[], args: RespondedArgs): { registration: Doc; effect: Effect } | undefined {
  for (const registration of registrations) {
    if (registration && respondedTaskIndex(registration, args) !== undefined) {
      return { registration, effect: { kind: 'update', id: registration._id, op: RESPONDED_OP, args } };
    }
  }
  return undefined;
}
