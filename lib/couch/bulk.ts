/**
 * Bulk helpers over nano, coded against CouchDB 3's documented API (and surviving the embedded
 * server's quirks: `_bulk_docs` results out of order are matched by id).
 *
 * Sequences are opaque strings: nothing here parses or compares them.
 */
import type { Db } from './client';
import type { Doc } from '../types';

export const DEFAULT_CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Docs by id via `POST _all_docs?include_docs=true` (`keys` in the body), `chunkSize` keys per request.
 * Missing and deleted docs are left out of the map. Duplicate and empty ids are ignored.
 */
export async function fetchDocs(db: Db, ids: Iterable<string>, opts: { chunkSize?: number } = {}): Promise<Map<string, Doc>> {
  const unique = [...new Set([...ids].filter((id) => typeof id === 'string' && id !== ''))];
  const out = new Map<string, Doc>();
  for (const keys of chunks(unique, opts.chunkSize ?? DEFAULT_CHUNK)) {
    const res = await db.fetch({ keys });
    for (const row of res.rows as any[]) {
      const doc = row?.doc;
      if (!doc || row.error || row.value?.deleted || doc._deleted) continue;
      out.set(doc._id, doc as Doc);
    }
  }
  return out;
}

export interface BulkSaveResult {
  id: string;
  ok: boolean;
  /** the new revision when ok */
  rev?: string;
  /** CouchDB error name (`conflict`, `forbidden`, ...) when not ok */
  error?: string;
  reason?: string;
  /** HTTP-like status derived from `error` (409 conflict, 403 forbidden, 401 unauthorized, 500 otherwise) */
  status?: number;
}

function statusForError(error: string | undefined): number {
  switch (error) {
    case 'conflict':
      return 409;
    case 'forbidden':
      return 403;
    case 'unauthorized':
      return 401;
    case 'not_found':
      return 404;
    case 'bad_request':
      return 400;
    default:
      return 500;
  }
}

/**
 * Writes docs with `_bulk_docs`, `chunkSize` per request, and returns one result per input doc, in input
 * order, matched by `id` (never by position). Every doc must carry an `_id`, and an id may appear only
 * once per call (the results could not be told apart): both throw before anything is written.
 */
export async function bulkSave(db: Db, docs: Doc[], opts: { chunkSize?: number } = {}): Promise<BulkSaveResult[]> {
  const seen = new Set<string>();
  for (const doc of docs) {
    if (!doc || typeof doc._id !== 'string' || doc._id === '') {
      throw new Error('bulkSave: every doc needs an _id (results are matched by id)');
    }
    if (seen.has(doc._id)) throw new Error(`bulkSave: doc id ${doc._id} appears more than once in one call`);
    seen.add(doc._id);
  }
  const byId = new Map<string, BulkSaveResult>();
  for (const part of chunks(docs, opts.chunkSize ?? DEFAULT_CHUNK)) {
    const res = (await db.bulk({ docs: part })) as any[];
    for (const r of res ?? []) {
      if (!r || typeof r.id !== 'string' || !seen.has(r.id)) continue;
      if (r.error) {
        byId.set(r.id, { id: r.id, ok: false, error: String(r.error), reason: r.reason, status: statusForError(r.error) });
      } else {
        byId.set(r.id, { id: r.id, ok: true, rev: r.rev });
      }
    }
  }
  return docs.map(
    (doc) => byId.get(doc._id) ?? { id: doc._id, ok: false, error: 'missing_result', reason: 'no result returned for this id', status: 500 },
  );
}

export interface ViewRow<V = any> {
  id?: string;
  key: any;
  value: V;
  doc?: Doc | null;
  error?: string;
}

export interface ViewResult<V = any> {
  rows: Array<ViewRow<V>>;
  total_rows?: number;
  offset?: number;
}

export interface ViewParams {
  key?: unknown;
  keys?: unknown[];
  startkey?: unknown;
  endkey?: unknown;
  startkey_docid?: string;
  endkey_docid?: string;
  inclusive_end?: boolean;
  descending?: boolean;
  include_docs?: boolean;
  limit?: number;
  skip?: number;
  reduce?: boolean;
  group?: boolean;
  group_level?: number;
  update?: 'true' | 'false' | 'lazy';
}

/**
 * Queries `"<ddoc>/<view>"` (e.g. `VIEWS.contacts_by_phone`). With `keys` the request is a POST; more
 * than `chunkSize` keys are split into several requests (rows concatenated, so key order is kept) unless
 * `limit`/`skip` are given (they would apply per chunk).
 */
export async function queryView<V = any>(db: Db, view: string, params: ViewParams = {}, opts: { chunkSize?: number } = {}): Promise<ViewResult<V>> {
  const slash = view.indexOf('/');
  if (slash <= 0 || slash === view.length - 1) throw new Error(`queryView: expected "<ddoc>/<view>", got ${view}`);
  const ddoc = view.slice(0, slash).replace(/^_design\//, '');
  const name = view.slice(slash + 1);
  const size = opts.chunkSize ?? DEFAULT_CHUNK;
  if (params.keys) {
    if (params.keys.length === 0) return { rows: [] };
    if (params.keys.length > size && params.limit === undefined && params.skip === undefined) {
      const rows: Array<ViewRow<V>> = [];
      let total: number | undefined;
      for (const keys of chunks(params.keys, size)) {
        const res = (await db.view<V>(ddoc, name, { ...(params as any), keys })) as any;
        rows.push(...(res.rows ?? []));
        total = res.total_rows ?? total;
      }
      return { rows, total_rows: total };
    }
  }
  const res = (await db.view<V>(ddoc, name, params as any)) as any;
  return { rows: res.rows ?? [], total_rows: res.total_rows, offset: res.offset };
}

/**
 * One page of the docs whose ids start with `prefix`, after `afterId` (exclusive), in id order: the
 * sentinel db's queues (outbox tasks, user requests) are walked this way.
 */
export async function prefixPage<T extends Doc = Doc>(db: Db, prefix: string, afterId: string | undefined, limit: number): Promise<T[]> {
  const res = await db.list({
    startkey: afterId ?? prefix,
    endkey: `${prefix}\ufff0`,
    include_docs: true,
    limit: afterId ? limit + 1 : limit, // the first row is afterId itself
  });
  return (res.rows as any[])
    .filter((row) => row.id !== afterId && row.doc && !row.doc._deleted)
    .map((row) => row.doc as T)
    .slice(0, limit);
}
