/**
 * `GET /{db}/{doc}?rev=R&latest=true` (or `open_revs=[...]&latest=true`) with a revision the doc does
 * not have throws inside PouchDB's storage callback and kills the server. CouchDB answers such a
 * revision as missing, and `latest` means nothing for it, so when any requested revision is unknown we
 * drop `latest` and let express-pouchdb answer the missing revision the usual way.
 */
import type { RequestHandler } from 'express';
import type { OpenDb } from './db-access';

function requestedRevs(query: Record<string, unknown>): string[] {
  if (typeof query.rev === 'string') return [query.rev];
  if (typeof query.open_revs !== 'string' || query.open_revs === 'all') return [];
  try {
    const revs: unknown = JSON.parse(query.open_revs);
    return Array.isArray(revs) ? revs.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

export function latestGuard(openDb: OpenDb): RequestHandler {
  return (req, res, next) => {
    const revs = req.query.latest === undefined ? [] : requestedRevs(req.query as Record<string, unknown>);
    if (revs.length === 0) return next();
    (async () => {
      const db = await openDb(req.params.db);
      if (!db) return;
      const docId = (req.params as Record<string, string>)[0];
      let known = false;
      try {
        const leaves: Array<{ ok?: unknown }> = await db.get(docId, { open_revs: revs });
        known = leaves.every((leaf) => leaf.ok);
      } catch {
        known = false; // missing doc or malformed rev: express-pouchdb reports it
      }
      if (!known) delete req.query.latest;
    })().then(() => next(), next);
  };
}
