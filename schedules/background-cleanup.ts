/**
 * The `background_cleanup` job (spec 8.4): follows the medic `_changes` feed (not live) from its own
 * checkpoint `_local/vigil-background-seq` in the sentinel db, in batches of 1000, and for every deleted
 * doc deletes what only existed because of it:
 * - its infodoc `<id>-info` in the sentinel db;
 * - a legacy infodoc `<id>-info` in the medic db (old Sentinels kept them there; only a `type: "info"` doc);
 * - CHT's read receipts `read:report:<id>` / `read:message:<id>` in the per-user `<medic>-user-*` dbs (when
 *   vigil runs beside CHT; listing dbs needs a server admin, without one this part is skipped).
 * The checkpoint is written after each batch, so a run cut short repeats at most one batch (every step is
 * idempotent). Unlike CHT (one batch per tick) a run goes on until it has caught up.
 *
 * vigil differences: a doc deleted and re-created before the job reads the batch keeps its infodoc (the
 * medic doc is checked to be still deleted; CHT deletes the infodoc of the live doc, so its transitions
 * would run again); when vigil's checkpoint does not exist yet, CHT's `_local/background-seq` is the start,
 * so taking over from CHT's Sentinel does not rescan the whole history.
 */
import { statusOf, type Couch, type Db } from '../lib/couch/client';
import { ChangesSource, type Change } from '../lib/feed/changes-source';
import { writeCheckpoint } from '../lib/feed/checkpoint';
import type { Job, JobContext, JobSummary } from './job';
import { leased } from './leased-job';

export const BACKGROUND_CLEANUP = 'background_cleanup';
export const BACKGROUND_SEQ_ID = '_local/vigil-background-seq';
/** CHT Sentinel's checkpoint of the same job (read once, never written). */
export const CHT_BACKGROUND_SEQ_ID = '_local/background-seq';
export const DEFAULT_BATCH_SIZE = 1000;

export interface BackgroundCleanupOptions {
  /** changes per batch (default 1000, as CHT) */
  batchSize?: number;
  /** attempts per batch when a delete conflicts with a concurrent write (default 3) */
  maxAttempts?: number;
  /** where batches of changes come from (default: the medic `_changes` feed; tests wrap it) */
  changes?: (couch: Couch) => Pick<ChangesSource, 'fetch'>;
}

export interface BackgroundCleanupSummary extends JobSummary {
  batches: number;
  changes: number;
  deleted_docs: number;
  infodocs: number;
  legacy_infodocs: number;
  read_receipts: number;
}

/** The ids of the deleted docs of a batch (design docs left out), each once. */
export function deletedIds(changes: Change[]): string[] {
  return [...new Set(changes.filter((c) => c.deleted && typeof c.id === 'string' && !c.id.startsWith('_design/')).map((c) => c.id))];
}

/** The per-user dbs of CHT for this medic db. */
export function userDbNames(allDbs: string[], medicName: string): string[] {
  return allDbs.filter((name) => name.startsWith(`${medicName}-user-`));
}

export function readReceiptIds(docIds: string[]): string[] {
  return docIds.flatMap((id) => [`read:report:${id}`, `read:message:${id}`]);
}

async function readSeq(db: Db, id: string): Promise<string | undefined> {
  try {
    const doc = (await db.get(id)) as { value?: unknown };
    return doc.value === undefined || doc.value === null ? undefined : String(doc.value);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Where to start: vigil's checkpoint, else CHT's, else the beginning. */
export async function startSeq(sentinel: Db): Promise<string> {
  return (await readSeq(sentinel, BACKGROUND_SEQ_ID)) ?? (await readSeq(sentinel, CHT_BACKGROUND_SEQ_ID)) ?? '0';
}

/** Which of these medic doc ids are deleted now (or gone entirely): a re-created doc is left alone. */
async function stillDeleted(medic: Db, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const res = await medic.fetchRevs({ keys: ids });
  return (res.rows as any[]).filter((r) => r && (r.error === 'not_found' || r.value?.deleted)).map((r) => r.key as string);
}

/**
 * Deletes the docs with these ids from `db` when `keep(doc)` says so (only docs that exist); a conflict
 * (the doc changed meanwhile) re-reads and tries again. Returns how many were deleted.
 */
async function deleteDocs(db: Db, ids: string[], maxAttempts: number, keep: (doc: any) => boolean = () => true): Promise<number> {
  let pending = ids;
  let deleted = 0;
  for (let attempt = 1; pending.length; attempt++) {
    const res = await db.fetch({ keys: pending });
    const stubs = (res.rows as any[])
      .filter((r) => r && !r.error && r.doc && !r.value?.deleted && keep(r.doc))
      .map((r) => ({ _id: r.id as string, _rev: r.value.rev as string, _deleted: true }));
    if (!stubs.length) break;
    const results = (await db.bulk({ docs: stubs })) as Array<{ id: string; error?: string; reason?: string }>;
    const conflicts = results.filter((r) => r.error === 'conflict').map((r) => r.id);
    const others = results.filter((r) => r.error && r.error !== 'conflict');
    deleted += results.filter((r) => !r.error).length;
    if (others.length) throw new Error(`could not delete ${others.map((r) => `${r.id} (${r.error})`).join(', ')}`);
    if (conflicts.length && attempt >= maxAttempts) throw new Error(`deleting ${conflicts.join(', ')} kept conflicting`);
    pending = conflicts;
  }
  return deleted;
}

/** Read receipts in the per-user dbs; skipped (with a warning once per run) when the dbs cannot be listed. */
async function deleteReadReceipts(couch: Couch, docIds: string[], maxAttempts: number, state: { warned: boolean; logger: JobContext['logger'] }): Promise<number> {
  let names: string[];
  try {
    names = userDbNames(await couch.server.db.list(), couch.medicName);
  } catch (err) {
    const status = statusOf(err);
    if (status !== 401 && status !== 403) throw err;
    if (!state.warned) state.logger.warn('background_cleanup: cannot list databases (needs a server admin); read receipts in user dbs are not cleaned', { status });
    state.warned = true;
    return 0;
  }
  const ids = readReceiptIds(docIds);
  let deleted = 0;
  // one db at a time: a large deployment has thousands of user dbs
  for (const name of names) deleted += await deleteDocs(couch.server.use(name), ids, maxAttempts);
  return deleted;
}

export function createBackgroundCleanupJob(options: BackgroundCleanupOptions = {}): Job {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  return {
    name: BACKGROUND_CLEANUP,
    everyMs: 5 * 60_000,
    async run(ctx: JobContext): Promise<BackgroundCleanupSummary> {
      const { couch, logger, signal } = ctx;
      const source = options.changes ? options.changes(couch) : new ChangesSource(couch.serverUrl, couch.medicName);
      const summary: BackgroundCleanupSummary = { batches: 0, changes: 0, deleted_docs: 0, infodocs: 0, legacy_infodocs: 0, read_receipts: 0 };
      const receipts = { warned: false, logger };
      let since = await startSeq(couch.sentinel);
      while (!signal?.aborted) {
        const batch = await source.fetch(since, batchSize, { signal });
        const ids = await stillDeleted(couch.medic, deletedIds(batch.results));
        if (ids.length) {
          const infoIds = ids.map((id) => `${id}-info`);
          summary.infodocs += await deleteDocs(couch.sentinel, infoIds, maxAttempts);
          summary.legacy_infodocs += await deleteDocs(couch.medic, infoIds, maxAttempts, (doc) => doc.type === 'info');
          summary.read_receipts += await deleteReadReceipts(couch, ids, maxAttempts, receipts);
        }
        summary.batches++;
        summary.changes += batch.results.length;
        summary.deleted_docs += ids.length;
        if (batch.last_seq !== since) await writeCheckpoint(couch.sentinel, BACKGROUND_SEQ_ID, batch.last_seq);
        if (batch.results.length < batchSize || batch.last_seq === since) break;
        since = batch.last_seq;
      }
      logger.log(summary.infodocs || summary.legacy_infodocs || summary.read_receipts ? 'info' : 'debug', 'background_cleanup finished', { ...summary });
      return summary;
    },
  };
}

/** The registered job: lease-guarded, so two processes never follow the feed for it at once. */
export const backgroundCleanupJob: Job = leased(createBackgroundCleanupJob());
