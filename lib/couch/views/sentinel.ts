/**
 * Views of `_design/vigil-sentinel` in the sentinel db (`<medic>-sentinel`). vigil's own: CHT Sentinel
 * reads this db with `_all_docs` ranges only.
 */
import { mapFn, type ViewSource } from './source';

/**
 * dead_letters_by_date — `type: "vigil:dead-letter"` records (lib/runner/dead-letter.ts): key the last
 * failure time (ISO string, else the first), value `{ doc_id, attempts, error }`.
 */
export const dead_letters_by_date: ViewSource = {
  map: mapFn(`
  if (doc.type === 'vigil:dead-letter') {
    emit(doc.last_failed || doc.first_failed || null, {
      doc_id: doc.doc_id === undefined ? null : doc.doc_id,
      attempts: doc.attempts === undefined ? null : doc.attempts,
      error: doc.error === undefined ? null : doc.error
    });
  }`),
};

/**
 * infodocs_with_pending_intent — infodocs carrying vigil's write-ahead intent (`vigil_pending`): key the
 * intent's `created`, value the medic doc id. Lets a restarted runner find unfinished commits.
 */
export const infodocs_with_pending_intent: ViewSource = {
  map: mapFn(`
  if (doc.type === 'info' && doc.vigil_pending) {
    emit(doc.vigil_pending.created || null, doc.doc_id === undefined ? null : doc.doc_id);
  }`),
};

/**
 * outbound_tasks — CHT-shaped outbound push queues (`type: "task:outbound"`, id `task:outbound:<docId>`):
 * key the medic doc id, value the queued destination names.
 */
export const outbound_tasks: ViewSource = {
  map: mapFn(`
  if (doc.type === 'task:outbound') {
    emit(doc.doc_id === undefined ? null : doc.doc_id, doc.queue || []);
  }`),
};
