/**
 * The feed checkpoint: a `_local` doc in the sentinel db holding the last seq whose changes (and all
 * before it) are done or dead-lettered. `_local` docs don't replicate and don't show in `_changes`.
 */
import type { Db } from '../couch/client';
import { statusOf } from '../couch/client';

export const CHECKPOINT_ID = '_local/vigil-transitions-seq';

/** One checkpoint per partition, so `--partition i/n` workers never overwrite each other. */
export function checkpointId(partition?: { index: number; count: number }): string {
  return partition && partition.count > 1 ? `${CHECKPOINT_ID}-p${partition.index}of${partition.count}` : CHECKPOINT_ID;
}

export async function readCheckpoint(db: Db, id: string): Promise<string> {
  try {
    const doc = await db.get(id);
    return doc.value === undefined || doc.value === null ? '0' : String(doc.value);
  } catch (err) {
    if (statusOf(err) === 404) return '0';
    throw err;
  }
}

export async function writeCheckpoint(db: Db, id: string, seq: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let rev: string | undefined;
    try {
      rev = (await db.get(id))._rev;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    try {
      await db.insert({ _id: id, _rev: rev, value: seq, updated: new Date().toISOString() } as any);
      return;
    } catch (err) {
      if (statusOf(err) !== 409 || attempt >= 3) throw err;
    }
  }
}
