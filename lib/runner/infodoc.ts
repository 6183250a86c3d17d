/**
 * Infodocs: `<docId>-info` in the sentinel db, CHT's record of which transitions ran on a doc.
 * Shape kept exactly (see spec 1.6); vigil adds only `vigil_pending`, its write-ahead intent.
 */
import type { Db } from '../couch/client';
import type { Doc, InfoDoc, TransitionRecord } from '../types';

export const infodocId = (docId: string): string => `${docId}-info`;

/** Generation number of a revision ("3-abc" -> 3). */
export function revGeneration(rev: string | undefined): number {
  if (!rev) return 0;
  const n = parseInt(rev, 10);
  return Number.isFinite(n) ? n : 0;
}

/**
 * A new infodoc. CHT writes "unknown" replication dates for docs first seen on the feed; vigil records
 * when it first saw the doc instead, which muting's "new contact under a muted place" rule needs.
 */
export function blankInfodoc(docId: string, firstSeenIso: string): InfoDoc {
  return {
    _id: infodocId(docId),
    type: 'info',
    doc_id: docId,
    initial_replication_date: firstSeenIso,
    latest_replication_date: firstSeenIso,
  };
}

export async function fetchInfodocs(db: Db, docIds: string[]): Promise<Map<string, InfoDoc>> {
  const out = new Map<string, InfoDoc>();
  for (let i = 0; i < docIds.length; i += 500) {
    const keys = docIds.slice(i, i + 500).map(infodocId);
    const res = await db.fetch({ keys });
    for (const row of res.rows as any[]) {
      if (row.doc && !row.doc._deleted) out.set(row.doc.doc_id ?? row.key.replace(/-info$/, ''), row.doc as InfoDoc);
    }
  }
  return out;
}

/** True when this transition already ran on this revision generation (CHT's "same rev" guard). */
export function ranOnSameRev(info: InfoDoc, doc: Doc, name: string): boolean {
  const recorded = info.transitions?.[name]?.last_rev ?? doc.transitions?.[name]?.last_rev;
  return recorded !== undefined && revGeneration(recorded) === revGeneration(doc._rev);
}

export function hasRun(info: InfoDoc | undefined, name: string): boolean {
  return !!info?.transitions?.[name];
}

/**
 * Merges our view of an infodoc into the stored one after a 409: keep what other writers own
 * (replication dates written by CHT API, outbound completed_tasks, muting history), take our
 * transitions on top of theirs, and our pending intent.
 */
export function mergeInfodoc(stored: InfoDoc, ours: InfoDoc): InfoDoc {
  const merged: InfoDoc = {
    ...ours,
    _rev: stored._rev,
    initial_replication_date: stored.initial_replication_date ?? ours.initial_replication_date,
    latest_replication_date: stored.latest_replication_date ?? ours.latest_replication_date,
    transitions: ours.transitions || stored.transitions ? { ...(stored.transitions ?? {}), ...(ours.transitions ?? {}) } : undefined,
  };
  if (stored.completed_tasks && (ours.completed_tasks?.length ?? 0) < stored.completed_tasks.length) {
    merged.completed_tasks = stored.completed_tasks;
  }
  if (stored.muting_history && (ours.muting_history?.length ?? 0) < stored.muting_history.length) {
    merged.muting_history = stored.muting_history;
  }
  if (merged.transitions === undefined) delete merged.transitions;
  return merged;
}

/**
 * Saves infodocs in bulk; conflicting ones are re-read, merged and retried. Returns the saved docs with
 * their new revisions.
 */
export async function saveInfodocs(db: Db, infodocs: InfoDoc[], attempts = 5): Promise<InfoDoc[]> {
  let pending = infodocs;
  const saved: InfoDoc[] = [];
  for (let attempt = 0; pending.length > 0; attempt++) {
    const res = (await db.bulk({ docs: pending })) as Array<{ id: string; rev?: string; error?: string; reason?: string }>;
    const byId = new Map(res.map((r) => [r.id, r]));
    const conflicts: InfoDoc[] = [];
    for (const doc of pending) {
      const r = byId.get(doc._id);
      if (r && r.rev && !r.error) {
        doc._rev = r.rev;
        saved.push(doc);
      } else if (r?.error === 'conflict' && attempt < attempts) {
        conflicts.push(doc);
      } else {
        throw new Error(`saving ${doc._id} failed: ${r?.error ?? 'no result'} ${r?.reason ?? ''}`.trim());
      }
    }
    if (conflicts.length === 0) break;
    const fresh = await db.fetch({ keys: conflicts.map((d) => d._id) });
    const freshById = new Map((fresh.rows as any[]).filter((row) => row.doc).map((row) => [row.id, row.doc as InfoDoc]));
    pending = conflicts.map((d) => {
      const stored = freshById.get(d._id);
      return stored ? mergeInfodoc(stored, d) : { ...d, _rev: undefined };
    });
  }
  return saved;
}

export function transitionRecord(rev: string, seq: string | null, ok: boolean, nowIso: string): TransitionRecord {
  return { last_rev: rev, seq, ok, run_date: nowIso };
}
