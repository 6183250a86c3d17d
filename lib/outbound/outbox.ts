/**
 * The durable outbox: one sentinel doc per medic doc with pushes still to make, in CHT's shape
 * `{ _id: "task:outbound:<docId>", type: "task:outbound", created, doc_id, queue: [config names] }`, so
 * CHT's Sentinel and vigil can read each other's queues. vigil adds per-key retry state: `attempts`,
 * `next_attempt` (epoch ms) and `last_error`, each keyed by config name.
 *
 * Every change is a pure function of the fresh doc, re-applied on a 409.
 */
import type { Db } from '../couch/client';
import { statusOf } from '../couch/client';
import { prefixPage } from '../couch/bulk';
import type { Doc } from '../types';

export const OUTBOX_PREFIX = 'task:outbound:';

export interface OutboxTask extends Doc {
  type: 'task:outbound';
  created: number;
  doc_id: string;
  queue: string[];
  attempts?: Record<string, number>;
  next_attempt?: Record<string, number>;
  last_error?: Record<string, string>;
}

export const outboxTaskId = (docId: string): string => `${OUTBOX_PREFIX}${docId}`;

/**
 * Adds `name` to the task (creating it). Returns null when it is queued already: a queued key always
 * pushes the doc's state at send time, and its retry state is kept so edits cannot hurry a backoff.
 * (CHT leaves an existing task untouched, dropping the new key; vigil adds it.)
 */
export function withQueued(task: OutboxTask | undefined, docId: string, name: string, nowMs: number): OutboxTask | null {
  if (!task) return { _id: outboxTaskId(docId), type: 'task:outbound', created: nowMs, doc_id: docId, queue: [name] };
  const queue = Array.isArray(task.queue) ? task.queue : [];
  if (queue.includes(name)) return null;
  return { ...task, queue: [...queue, name] };
}

/** What became of one queued key in a job run. */
export type KeyOutcome =
  /** pushed, already pushed (identical payload), dead-lettered, or its config is gone: leave the queue */
  | { name: string; result: 'done' }
  /** failed; try again at `nextAttemptMs` */
  | { name: string; result: 'retry'; attempts: number; nextAttemptMs: number; error: string };

function without<T>(map: Record<string, T> | undefined, name: string): Record<string, T> | undefined {
  if (!map || !(name in map)) return map;
  const { [name]: _gone, ...rest } = map;
  return Object.keys(rest).length ? rest : undefined;
}

function setField<K extends 'attempts' | 'next_attempt' | 'last_error'>(task: OutboxTask, key: K, value: OutboxTask[K]): void {
  if (value === undefined) delete task[key];
  else task[key] = value;
}

/**
 * Applies outcomes to a (fresh) task: finished keys leave the queue by NAME (CHT's splice removed the
 * first element instead), failed ones get their retry state. Keys queued meanwhile by someone else stay.
 */
export function withOutcomes(task: OutboxTask, outcomes: KeyOutcome[]): OutboxTask {
  const next: OutboxTask = { ...task, queue: Array.isArray(task.queue) ? [...task.queue] : [] };
  for (const o of outcomes) {
    if (o.result === 'done') {
      next.queue = next.queue.filter((n) => n !== o.name);
      setField(next, 'attempts', without(next.attempts, o.name));
      setField(next, 'next_attempt', without(next.next_attempt, o.name));
      setField(next, 'last_error', without(next.last_error, o.name));
    } else if (next.queue.includes(o.name)) {
      next.attempts = { ...(next.attempts ?? {}), [o.name]: o.attempts };
      next.next_attempt = { ...(next.next_attempt ?? {}), [o.name]: o.nextAttemptMs };
      next.last_error = { ...(next.last_error ?? {}), [o.name]: o.error };
    }
  }
  return next;
}

async function fresh(db: Db, id: string): Promise<OutboxTask | undefined> {
  try {
    return (await db.get(id)) as OutboxTask;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Queues `name` for `docId` (the `outbound` effect). Idempotent. */
export async function enqueue(db: Db, docId: string, name: string, nowMs: number, attempts = 10): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const next = withQueued(await fresh(db, outboxTaskId(docId)), docId, name, nowMs);
    if (!next) return;
    try {
      await db.insert(next);
      return;
    } catch (err) {
      if (statusOf(err) !== 409 || attempt >= attempts) throw err;
    }
  }
}

/** Writes a job run's outcomes: the task is saved, or deleted once its queue is empty. */
export async function commitOutcomes(db: Db, task: OutboxTask, outcomes: KeyOutcome[], attempts = 10): Promise<void> {
  if (!outcomes.length) return;
  let current: OutboxTask | undefined = task;
  for (let attempt = 0; current; attempt++) {
    const next = withOutcomes(current, outcomes);
    try {
      if (next.queue.length === 0) await db.destroy(next._id, next._rev as string);
      else await db.insert(next);
      return;
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return; // deleted meanwhile
      if (status !== 409 || attempt >= attempts) throw err;
      current = await fresh(db, task._id);
    }
  }
}

/** One page of outbox tasks after `afterId` (exclusive), in id order. */
export function outboxPage(db: Db, afterId: string | undefined, limit: number): Promise<OutboxTask[]> {
  return prefixPage<OutboxTask>(db, OUTBOX_PREFIX, afterId, limit);
}
