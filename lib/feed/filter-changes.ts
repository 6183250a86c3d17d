/**
 * Which changes the transitions pipeline looks at. Design docs and CouchDB/PouchDB tombstone ids are
 * skipped, deleted docs only move the checkpoint. (Infodoc-looking ids are checked on the doc itself:
 * CHT skips any id ending in "-info", which silently ignores real docs with such ids.)
 */
import type { Change } from './changes-source';
import { partitionOf } from './partition';

const TOMBSTONE = /____.+____tombstone$/;

export interface Target {
  id: string;
  seq: string;
}

export function selectTargets(changes: Change[], partition?: { index: number; count: number }): { targets: Target[]; skipped: number } {
  const latest = new Map<string, string>();
  let skipped = 0;
  for (const change of changes) {
    if (change.id.startsWith('_design/') || TOMBSTONE.test(change.id) || change.deleted) {
      skipped++;
      continue;
    }
    if (partition && partition.count > 1 && partitionOf(change.id, partition.count) !== partition.index) {
      skipped++;
      continue;
    }
    // One run per doc id per batch: we always transition the doc's current revision anyway.
    if (latest.has(change.id)) {
      skipped++;
      latest.delete(change.id);
    }
    latest.set(change.id, change.seq);
  }
  return { targets: [...latest].map(([id, seq]) => ({ id, seq })), skipped };
}

/** Does this batch touch the configuration (settings or translations)? */
export function touchesConfig(changes: Change[]): boolean {
  return changes.some((c) => c.id === 'settings' || c.id.startsWith('messages-'));
}
