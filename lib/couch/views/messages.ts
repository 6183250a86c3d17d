/**
 * Message views of `_design/vigil` (medic db): over `tasks` and `scheduled_tasks` of any doc.
 */
import { mapFn, type ViewSource } from './source';

/**
 * messages_by_state — exactly CHT's medic/messages_by_state (spec §6.3, §9):
 * due = `task.due || task.timestamp || doc.reported_date`, parsed with Date.parse only when it is a
 * string (numbers stay as they are; an unparsable string gives NaN, stored as null).
 * - a task WITH a `messages` array: for each message having `uuid`, `to` and `message`:
 *   `[state, due]` → `{ content, to, id }`, and when the state is `pending` or `forwarded-to-gateway` also
 *   `["pending-or-forwarded", due]` → the same value. Messages lacking one of the three emit nothing
 *   (so such a scheduled task is invisible to due_tasks — a CHT quirk kept on purpose).
 * - a task WITHOUT `messages`: `[state, due]` → `{}` (no pending-or-forwarded row).
 */
export const messages_by_state: ViewSource = {
  map: mapFn(`
  var emitTasks = function (tasks) {
    if (!tasks || typeof tasks.forEach !== 'function') { return; }
    tasks.forEach(function (task) {
      if (!task) { return; }
      var due = task.due || task.timestamp || doc.reported_date;
      if (typeof due === 'string') {
        due = Date.parse(due).valueOf();
      }
      if (task.messages) {
        if (typeof task.messages.forEach !== 'function') { return; }
        task.messages.forEach(function (msg) {
          if (msg && msg.uuid && msg.to && msg.message) {
            var value = { content: msg.message, to: msg.to, id: msg.uuid };
            emit([task.state, due], value);
            if (task.state === 'pending' || task.state === 'forwarded-to-gateway') {
              emit(['pending-or-forwarded', due], value);
            }
          }
        });
      } else {
        emit([task.state, due], {});
      }
    });
  };
  emitTasks(doc.tasks);
  emitTasks(doc.scheduled_tasks);`),
};

/** messages_by_uuid — key: each task message's `uuid` (tasks and scheduled_tasks); value the task state. */
export const messages_by_uuid: ViewSource = {
  map: mapFn(`
  var emitTasks = function (tasks) {
    if (!tasks || typeof tasks.forEach !== 'function') { return; }
    tasks.forEach(function (task) {
      if (!task || !task.messages || typeof task.messages.forEach !== 'function') { return; }
      task.messages.forEach(function (msg) {
        if (msg && msg.uuid) {
          emit(msg.uuid, task.state === undefined ? null : task.state);
        }
      });
    });
  };
  emitTasks(doc.tasks);
  emitTasks(doc.scheduled_tasks);`),
};

/**
 * messages_by_gateway_ref — outgoing: key the message's (or, as CHT writes it, the task's) `gateway_ref`,
 * value the message uuid; incoming: a data_record's `sms_message.gateway_ref` → `sms_message.uuid`.
 */
export const messages_by_gateway_ref: ViewSource = {
  map: mapFn(`
  var emitTasks = function (tasks) {
    if (!tasks || typeof tasks.forEach !== 'function') { return; }
    tasks.forEach(function (task) {
      if (!task || !task.messages || typeof task.messages.forEach !== 'function') { return; }
      task.messages.forEach(function (msg) {
        var ref = (msg && msg.gateway_ref) || task.gateway_ref;
        if (ref) {
          emit(ref, (msg && msg.uuid) || null);
        }
      });
    });
  };
  emitTasks(doc.tasks);
  emitTasks(doc.scheduled_tasks);
  if (doc.type === 'data_record' && doc.sms_message && doc.sms_message.gateway_ref) {
    emit(doc.sms_message.gateway_ref, doc.sms_message.uuid || null);
  }`),
};

/**
 * tasks_by_recipient_text (vigil) — rebuilds the duplicate-message guard (spec §5.8) after a restart.
 * For every message of an immediate task (`doc.tasks` only: schedules never count towards the limit):
 * key `[to, message, timestampMs]`, timestamp = the task's first `state_history` timestamp (else
 * `task.timestamp`, else `doc.reported_date`); rows without a usable timestamp are skipped.
 * A missing `to`/`message` is keyed as null. Value: the task's state at creation
 * (`state_history[0].state`, else `state`) — `denied` tasks never counted, callers skip them.
 */
export const tasks_by_recipient_text: ViewSource = {
  map: mapFn(`
  if (!doc.tasks || typeof doc.tasks.forEach !== 'function') { return; }
  doc.tasks.forEach(function (task) {
    if (!task || !task.messages || typeof task.messages.forEach !== 'function') { return; }
    var first = task.state_history && task.state_history.length ? task.state_history[0] : null;
    var ts = (first && first.timestamp) || task.timestamp || doc.reported_date;
    if (typeof ts === 'string') {
      ts = Date.parse(ts);
    }
    if (typeof ts !== 'number' || !isFinite(ts)) { return; }
    var state = (first && first.state) || task.state || null;
    task.messages.forEach(function (msg) {
      if (!msg) { return; }
      var to = msg.to === undefined || msg.to === null ? null : String(msg.to);
      var text = msg.message === undefined || msg.message === null ? null : String(msg.message);
      emit([to, text, ts], state);
    });
  });`),
};

/**
 * tasks_by_time (vigil) — immediate-task messages by creation time: key `timestampMs` (the task's first
 * `state_history` timestamp), value `[to, message, state at creation]`. vigil seeds its duplicate-message
 * guard from the last 30 minutes of these at start-up, so the guard survives restarts.
 */
export const tasks_by_time: ViewSource = {
  map: mapFn(`
  if (!doc.tasks || typeof doc.tasks.forEach !== 'function') { return; }
  doc.tasks.forEach(function (task) {
    if (!task || !task.messages || typeof task.messages.forEach !== 'function') { return; }
    var first = task.state_history && task.state_history.length ? task.state_history[0] : null;
    var ts = first && first.timestamp;
    if (typeof ts === 'string') { ts = Date.parse(ts); }
    if (typeof ts !== 'number' || !isFinite(ts)) { return; }
    var state = (first && first.state) || task.state || null;
    task.messages.forEach(function (msg) {
      if (!msg) { return; }
      emit(ts, [msg.to === undefined ? null : msg.to, msg.message === undefined ? null : msg.message, state]);
    });
  });`),
};

/**
 * task_states (vigil) — one row per task (`tasks` and `scheduled_tasks`) keyed by its state, with a
 * `_count` reduce: `group=true` gives message counts by state for `/metrics` in one small request.
 */
export const task_states: ViewSource = {
  map: mapFn(`
  var lists = [doc.tasks, doc.scheduled_tasks];
  for (var i = 0; i < lists.length; i++) {
    var list = lists[i];
    if (!list || typeof list.forEach !== 'function') { continue; }
    list.forEach(function (task) {
      if (task && typeof task.state === 'string') { emit(task.state, null); }
    });
  }`),
  reduce: '_count',
};
