/**
 * The update ops muting asks the runner to apply to OTHER docs (vigil fix #1): each is a pure,
 * idempotent function of the fresh doc, so a contact or registration edited meanwhile keeps its edit and
 * a replayed effect changes nothing twice. Registered when this module is loaded.
 */
import { DateTime } from 'luxon';
import { allowCreate } from '../runner/effects';
import { blankInfodoc } from '../runner/infodoc';
import { registerUpdateOp } from '../runner/update-ops';
import type { Clock, Doc, Task } from '../types';
import { applyMuteState } from './contact';
import { appendMutingHistory, type InfodocMutingEntry } from './history';
import { muteTasks, unmuteTasks } from './tasks';

export const OPS = {
  /** args: ContactArgs — write a mute/unmute into a contact */
  contact: 'muting.set_contact',
  /** args: none — scheduled|pending tasks -> muted */
  muteTasks: 'muting.mute_tasks',
  /** args: UnmuteArgs — muted tasks due >= notBefore -> scheduled */
  unmuteTasks: 'muting.unmute_tasks',
  /** args: InfodocMutingEntry — append to a contact infodoc's muting_history (creates the infodoc) */
  history: 'muting.append_history',
  /** args: ReportOutputArgs — tasks and errors a replayed muting report produced */
  reportOutput: 'muting.report_output',
  /** args: RunRecordArgs — record muting as run in a replayed report's infodoc (creates the infodoc) */
  runRecord: 'muting.record_run',
} as const;

export interface ContactArgs {
  muted: string | false;
  /** dates the server_side entry of an unmute */
  date: string;
}
export interface UnmuteArgs {
  notBefore: number;
}
export interface ReportOutputArgs {
  tasks: Task[];
  errors: Array<{ code?: string; message?: string }>;
}
export interface RunRecordArgs {
  rev: string;
  runDate: string;
}

/** A clock stopped at the time the runner applies the effect (state_history timestamps). */
function fixedClock(nowIso: string): Clock {
  const ms = Date.parse(nowIso);
  return { nowMs: () => ms, now: () => DateTime.fromMillis(ms, { zone: 'UTC' }), zone: 'UTC' };
}

/** A missing infodoc is created the way the runner would have (vigil records a first-seen time). */
function ensureInfodoc(doc: Doc, nowIso: string): Doc {
  if (doc.type === 'info') return doc;
  const docId = doc._id.replace(/-info$/, '');
  return { ...blankInfodoc(docId, nowIso), ...doc, type: 'info', doc_id: doc.doc_id ?? docId };
}

const firstMessageKey = (task: Task): string => {
  const first = Array.isArray(task?.messages) ? task.messages[0] : undefined;
  return first ? JSON.stringify([first.to, first.message]) : '';
};

registerUpdateOp(OPS.contact, (doc, args: ContactArgs) => (applyMuteState(doc, args.muted, args.date) ? doc : null));

registerUpdateOp(OPS.muteTasks, (doc, _args, nowIso) => (muteTasks(doc, fixedClock(nowIso)) ? doc : null));

registerUpdateOp(OPS.unmuteTasks, (doc, args: UnmuteArgs, nowIso) =>
  unmuteTasks(doc, fixedClock(nowIso), args.notBefore) ? doc : null,
);

registerUpdateOp(OPS.history, (doc, args: InfodocMutingEntry, nowIso) => {
  const info = ensureInfodoc(doc, nowIso);
  return appendMutingHistory(info, args) ? info : null;
});
allowCreate(OPS.history);

// Tasks are told apart by their first message (recipient + text), errors by code: a second application
// adds nothing.
registerUpdateOp(OPS.reportOutput, (doc, args: ReportOutputArgs) => {
  const tasks: Task[] = Array.isArray(doc.tasks) ? doc.tasks : [];
  const errors: any[] = Array.isArray(doc.errors) ? doc.errors : [];
  const taskKeys = new Set(tasks.map(firstMessageKey));
  const newTasks = (args.tasks ?? []).filter((t) => !taskKeys.has(firstMessageKey(t)));
  const newErrors = (args.errors ?? []).filter((e) => !errors.some((x) => x && x.code === e.code));
  if (!newTasks.length && !newErrors.length) return null;
  if (newTasks.length) doc.tasks = tasks.concat(newTasks);
  if (newErrors.length) doc.errors = errors.concat(newErrors);
  return doc;
});

registerUpdateOp(OPS.runRecord, (doc, args: RunRecordArgs, nowIso) => {
  const info = ensureInfodoc(doc, nowIso);
  if (info.transitions?.muting) return null;
  info.transitions = { ...(info.transitions ?? {}), muting: { last_rev: args.rev, seq: null, ok: true, run_date: args.runDate } };
  return info;
});
allowCreate(OPS.runRecord);
