/**
 * Dead letters: changes that still failed after their retries. One doc per medic doc id in the
 * sentinel db, visible with `vigil dlq list` and replayable with `vigil dlq retry`. The checkpoint may
 * move past a dead-lettered change because the record keeps it.
 */
import type { Db } from '../couch/client';
import { statusOf } from '../couch/client';

export const DEAD_LETTER_PREFIX = 'vigil:dead-letter:';

export interface DeadLetter {
  _id: string;
  _rev?: string;
  type: 'vigil:dead-letter';
  doc_id: string;
  rev?: string;
  seq: string | null;
  error: string;
  attempts: number;
  first_failed: string;
  last_failed: string;
}

export const deadLetterId = (docId: string): string => `${DEAD_LETTER_PREFIX}${docId}`;

export async function recordDeadLetter(db: Db, entry: { docId: string; rev?: string; seq: string | null; error: string; attempts: number; nowIso: string }): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let existing: DeadLetter | undefined;
    try {
      existing = (await db.get(deadLetterId(entry.docId))) as DeadLetter;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    const doc: DeadLetter = {
      _id: deadLetterId(entry.docId),
      _rev: existing?._rev,
      type: 'vigil:dead-letter',
      doc_id: entry.docId,
      rev: entry.rev,
      seq: entry.seq,
      error: entry.error,
      attempts: (existing?.attempts ?? 0) + entry.attempts,
      first_failed: existing?.first_failed ?? entry.nowIso,
      last_failed: entry.nowIso,
    };
    try {
      await db.insert(doc as any);
      return;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
  }
  throw new Error(`could not record dead letter for ${entry.docId}`);
}

export async function listDeadLetters(db: Db): Promise<DeadLetter[]> {
  const res = await db.list({ startkey: DEAD_LETTER_PREFIX, endkey: `${DEAD_LETTER_PREFIX}\ufff0`, include_docs: true });
  return res.rows.map((r: any) => r.doc as DeadLetter).filter(Boolean);
}

export async function countDeadLetters(db: Db): Promise<number> {
  const res = await db.list({ startkey: DEAD_LETTER_PREFIX, endkey: `${DEAD_LETTER_PREFIX}\ufff0` });
  return res.rows.length;
}

export async function removeDeadLetter(db: Db, docId: string): Promise<void> {
  try {
    const doc = await db.get(deadLetterId(docId));
    await db.destroy(doc._id, doc._rev);
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}
