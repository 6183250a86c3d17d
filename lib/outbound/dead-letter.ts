/**
 * Pushes that kept failing: `vigil:dead-letter:outbound:<docId>:<name>` in the sentinel db, beside the
 * dead-lettered changes (same prefix and `type`, so `vigil dlq list` and the dead-letter metric see
 * them), with the payload that could not be delivered and the last error.
 */
import type { Couch, Db } from '../couch/client';
import { statusOf } from '../couch/client';
import { DEAD_LETTER_PREFIX, type DeadLetter } from '../runner/dead-letter';
import { enqueue } from './outbox';

export interface OutboundDeadLetter extends DeadLetter {
  kind: 'outbound';
  /** the outbound config name */
  name: string;
  /** base_url + path (never carries the credentials, which live in the vault) */
  url?: string;
  /** the payload of the last attempt, when it could be built */
  payload?: unknown;
}

export const OUTBOUND_DEAD_LETTER_PREFIX = `${DEAD_LETTER_PREFIX}outbound:`;

export const outboundDeadLetterId = (docId: string, name: string): string => `${OUTBOUND_DEAD_LETTER_PREFIX}${docId}:${name}`;

export function isOutboundDeadLetter(doc: unknown): doc is OutboundDeadLetter {
  return !!doc && (doc as OutboundDeadLetter).kind === 'outbound' && typeof (doc as OutboundDeadLetter).name === 'string';
}

export interface OutboundFailure {
  docId: string;
  rev?: string;
  name: string;
  url?: string;
  payload?: unknown;
  error: string;
  attempts: number;
  nowIso: string;
}

/** Records (or updates) the dead letter of one push. */
export async function recordOutboundDeadLetter(db: Db, f: OutboundFailure): Promise<void> {
  const id = outboundDeadLetterId(f.docId, f.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    let existing: OutboundDeadLetter | undefined;
    try {
      existing = (await db.get(id)) as OutboundDeadLetter;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    const doc: OutboundDeadLetter = {
      _id: id,
      _rev: existing?._rev,
      type: 'vigil:dead-letter',
      kind: 'outbound',
      doc_id: f.docId,
      rev: f.rev,
      seq: null,
      name: f.name,
      url: f.url,
      payload: f.payload,
      error: f.error,
      attempts: (existing?.attempts ?? 0) + f.attempts,
      first_failed: existing?.first_failed ?? f.nowIso,
      last_failed: f.nowIso,
    };
    try {
      await db.insert(doc as any);
      return;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
  }
  throw new Error(`could not record the outbound dead letter ${id}`);
}

/** Replays a dead-lettered push: queues it again (fresh retry state) and removes the dead letter. */
export async function requeueOutboundDeadLetter(couch: Couch, letter: OutboundDeadLetter, nowMs: number): Promise<void> {
  await enqueue(couch.sentinel, letter.doc_id, letter.name, nowMs);
  try {
    await couch.sentinel.destroy(letter._id, letter._rev as string);
  } catch (err) {
    if (statusOf(err) !== 404 && statusOf(err) !== 409) throw err;
  }
}
