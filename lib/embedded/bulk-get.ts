/**
 * `POST /{db}/_bulk_get` in CouchDB 3's shape. PouchDB's bulkGet groups requests by id and drops
 * some of them, answers `{}` for a missing doc and `{"missing": rev}` for a missing revision, and
 * `latest=true` with an unknown revision throws inside a callback and kills the server. Here every
 * requested entry gets one result, in request order:
 *   {"id": ..., "docs": [{"ok": doc}, ...]}                      (no rev: every leaf revision)
 *   {"id": ..., "docs": [{"error": {"id", "rev", "error", "reason"}}]}
 * with `"rev": "undefined"` when none was asked for, as CouchDB (Erlang) spells it.
 * `atts_since` is ignored.
 */
import type { RequestHandler } from 'express';
import type { OpenDb } from './db-access';
import type { PouchDatabase } from './pouch';
import { jsonBody, sendCouchError, sendJson, sendThrown } from './http-json';

type DocResult = { ok: Record<string, unknown> } | { error: { id: string | null; rev: string | null; error: string; reason: string } };
export interface BulkGetResult {
  id: string | null;
  docs: DocResult[];
}

interface ReadOptions {
  revs: boolean;
  latest: boolean;
  attachments: boolean;
}

const failure = (id: string | null, rev: string | null, error: string, reason: string): BulkGetResult => ({
  id,
  docs: [{ error: { id, rev, error, reason } }],
});

/** CouchDB's couch_db:validate_docid, reduced to what a reader can get wrong. */
function docIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'Document id must be a string';
  if (id === '') return 'Document id must not be empty';
  if (id.startsWith('_') && !id.startsWith('_design/') && !id.startsWith('_local/')) {
    return 'Only reserved document ids may start with underscore.';
  }
  return undefined;
}

export async function readEntry(db: PouchDatabase, entry: unknown, opts: ReadOptions): Promise<BulkGetResult> {
  const { id, rev } = (entry && typeof entry === 'object' ? entry : {}) as { id?: unknown; rev?: unknown };
  if (id === undefined || id === null) return failure(null, null, 'bad_request', 'document id missed');
  const idProblem = docIdProblem(id);
  if (idProblem) return failure(typeof id === 'string' ? id : null, null, 'illegal_docid', idProblem);
  const docId = id as string;
  if (rev !== undefined && (typeof rev !== 'string' || !/^\d+-./.test(rev))) {
    return failure(docId, typeof rev === 'string' ? rev : null, 'bad_request', 'Invalid rev format');
  }
  const read = { revs: opts.revs, attachments: opts.attachments };
  let leaves: Array<{ ok?: Record<string, unknown>; missing?: string }>;
  try {
    leaves = await db.get(docId, { ...read, open_revs: rev === undefined ? 'all' : [rev] });
    // only now is `latest` safe: PouchDB throws uncatchably when the revision is unknown
    if (opts.latest && rev !== undefined && leaves.every((leaf) => leaf.ok)) {
      leaves = await db.get(docId, { ...read, open_revs: [rev], latest: true });
    }
  } catch (err) {
    const e = err as { name?: string; reason?: string; message?: string };
    return failure(docId, rev === undefined ? 'undefined' : (rev as string), e.name ?? 'unknown_error', e.reason ?? e.message ?? 'missing');
  }
  const docs: DocResult[] = leaves.map((leaf) =>
    leaf.ok ? { ok: leaf.ok } : { error: { id: docId, rev: leaf.missing ?? String(rev), error: 'not_found', reason: 'missing' } },
  );
  return docs.length ? { id: docId, docs } : failure(docId, rev === undefined ? 'undefined' : (rev as string), 'not_found', 'missing');
}

export function bulkGetRoute(openDb: OpenDb): RequestHandler[] {
  const handler: RequestHandler = async (req, res) => {
    try {
      const body = req.body as { docs?: unknown } | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return sendCouchError(res, 400, 'bad_request', 'Request body must be a JSON object');
      }
      if (!Array.isArray(body.docs)) return sendCouchError(res, 400, 'bad_request', "Missing JSON list of 'docs'.");
      const db = await openDb(req.params.db);
      if (!db) return sendCouchError(res, 404, 'not_found', 'Database does not exist.');
      const flag = (name: string) => req.query[name] === 'true';
      const opts = { revs: flag('revs'), latest: flag('latest'), attachments: flag('attachments') };
      const results = await Promise.all(body.docs.map((entry) => readEntry(db, entry, opts)));
      sendJson(res, 200, { results });
    } catch (err) {
      sendThrown(res, err);
    }
  };
  return [jsonBody, handler];
}
