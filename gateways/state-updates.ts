/**
 * Message state changes reported by gateways (spec 6.4): ids are resolved by message uuid
 * (`messages_by_uuid`) or by the provider's reference (`messages_by_gateway_ref`), CHT's `setTaskState`
 * is applied to the owning task (`tasks` first, then `scheduled_tasks`), the docs are saved with
 * `_bulk_docs`, and docs that conflict are re-read and retried (bounded).
 */
import type { Logger } from 'winston';
import type { Couch } from '../lib/couch/client';
import { bulkSave, fetchDocs, queryView } from '../lib/couch/bulk';
import { VIEWS } from '../lib/couch/views';
import { setTaskState } from '../lib/messages';
import type { Clock, Doc, Task } from '../lib/types';
import type { StateUpdate } from './types';

export const STATE_UPDATE_RETRIES = 3;

export interface StateUpdateReport {
  /** docs written */
  saved: number;
  /** updates whose message (or reference) is unknown */
  notFound: StateUpdate[];
}

/** The task holding message `uuid`: immediate tasks first, as CHT looks. */
export function findTask(doc: Doc, uuid: string): Task | undefined {
  for (const list of [doc.tasks, doc.scheduled_tasks]) {
    if (!Array.isArray(list)) continue;
    const task = list.find((t: Task) => Array.isArray(t?.messages) && t.messages.some((m) => m?.uuid === uuid));
    if (task) return task;
  }
  return undefined;
}

/**
 * Applies `updates` to docs in memory, in order (several updates of one message all land, e.g. SENT then
 * DELIVERED). Returns the updates by the doc holding their message, which docs changed, and the
 * updates whose message is absent.
 */
export function applyToDocs(
  updates: Array<StateUpdate & { messageId: string }>,
  docs: Doc[],
  clock: Clock,
): { byDoc: Map<string, Array<StateUpdate & { messageId: string }>>; changed: Set<string>; missing: StateUpdate[] } {
  const byDoc = new Map<string, Array<StateUpdate & { messageId: string }>>();
  const changed = new Set<string>();
  const missing: StateUpdate[] = [];
  for (const update of updates) {
    const doc = docs.find((d) => findTask(d, update.messageId));
    if (!doc) {
      missing.push(update);
      continue;
    }
    byDoc.set(doc._id, [...(byDoc.get(doc._id) ?? []), update]);
    const task = findTask(doc, update.messageId) as Task;
    if (setTaskState(task, update.state, clock, update.details, update.gatewayRef)) changed.add(doc._id);
  }
  return { byDoc, changed, missing };
}

/** Fills in `messageId` from `gatewayRef` where it is missing (first match wins). */
async function resolveIds(couch: Couch, updates: StateUpdate[]): Promise<void> {
  const refs = [...new Set(updates.filter((u) => !u.messageId && u.gatewayRef).map((u) => String(u.gatewayRef)))];
  if (!refs.length) return;
  const res = await queryView<string | null>(couch.medic, VIEWS.messages_by_gateway_ref, { keys: refs });
  const byRef = new Map<string, string>();
  for (const row of res.rows) {
    if (typeof row.value === 'string' && !byRef.has(String(row.key))) byRef.set(String(row.key), row.value);
  }
  for (const u of updates) {
    if (!u.messageId && u.gatewayRef) u.messageId = byRef.get(String(u.gatewayRef));
  }
}

async function ownerDocs(couch: Couch, uuids: string[]): Promise<Doc[]> {
  const res = await queryView(couch.medic, VIEWS.messages_by_uuid, { keys: [...new Set(uuids)] });
  const ids = [...new Set(res.rows.map((r) => r.id).filter((id): id is string => typeof id === 'string'))];
  return [...(await fetchDocs(couch.medic, ids)).values()];
}

/** Applies gateway state updates to the medic db (CHT's updateMessageTaskStates). */
export async function applyStateUpdates(couch: Couch, updates: StateUpdate[], clock: Clock, logger?: Logger): Promise<StateUpdateReport> {
  const report: StateUpdateReport = { saved: 0, notFound: [] };
  const work = updates.map((u) => ({ ...u }));
  await resolveIds(couch, work);
  let pending = work.filter((u): u is StateUpdate & { messageId: string } => {
    if (typeof u.messageId === 'string' && u.messageId) return true;
    report.notFound.push(u);
    return false;
  });

  for (let attempt = 0; pending.length; attempt++) {
    const docs = await ownerDocs(couch, pending.map((u) => u.messageId));
    const { byDoc, changed, missing } = applyToDocs(pending, docs, clock);
    if (attempt === 0) report.notFound.push(...missing);
    const dirty = docs.filter((d) => changed.has(d._id));
    if (!dirty.length) break;
    const results = await bulkSave(couch.medic, dirty);
    const retry: Array<StateUpdate & { messageId: string }> = [];
    for (const r of results) {
      if (r.ok) report.saved++;
      else if (r.status === 409 && attempt < STATE_UPDATE_RETRIES) retry.push(...(byDoc.get(r.id) ?? []));
      else throw new Error(`saving message states of ${r.id} failed: ${r.error}${r.reason ? ` (${r.reason})` : ''}`);
    }
    if (retry.length) logger?.debug('message state update conflicted, retrying on the fresh docs', { docs: [...new Set(retry.map((u) => u.messageId))].length, attempt });
    pending = retry;
  }
  for (const u of report.notFound) logger?.warn('gateway state update for an unknown message', { message_id: u.messageId, gateway_ref: u.gatewayRef, state: u.state });
  return report;
}
