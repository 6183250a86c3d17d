/**
 * The embedded CouchDB-compatible server: express-pouchdb 4.2.0 (mode minimumForPouchDB) on PouchDB 9,
 * behind a few routes of ours that make it answer like CouchDB 3 where the engine would notice.
 *
 * Quirks handled here (vigil codes against CouchDB 3; these keep the embedded server close to it):
 * - compression is excluded: it buffers a gzipped continuous `_changes` feed, which then stalls.
 * - auth: every request needs the admin's basic credentials (CouchDB's 401 otherwise); `GET /` and
 *   `GET /_up` stay open as on CouchDB. Cookie auth is not supported (express-pouchdb only stubs
 *   `/_session`, so a cookie login would look fine and then fail): see auth.ts.
 * - `_changes?since=`: PouchDB echoes garbage back as `last_seq`; CouchDB answers 400 "Malformed
 *   sequence". A CouchDB-style `N-<opaque>` seq is read as N (embedded seqs are integers).
 * - `_changes?filter=`: `_selector` (its POST body never reaches PouchDB), `_design` and other `_`
 *   names get 400; `ddoc/name` must name an existing function that compiles, else CouchDB's 400/404/500
 *   with its reasons (PouchDB says only "missing"). A filter that does not compile, or a name with two
 *   slashes on a longpoll, kills the server from inside PouchDB.
 * - `_changes?feed=longpoll|continuous`: served by live-feeds.ts, because express-pouchdb ignores
 *   `timeout` and sends no headers until the first change or its own 6 s heartbeat.
 * - `_bulk_get`: served by bulk-get.ts in CouchDB's shape (PouchDB's drops and reshapes entries).
 * - `latest=true` with an unknown revision kills the server: latest-guard.ts drops it there.
 * - big bodies: express-pouchdb's own routes (`_bulk_docs`) accept up to 4 GiB in this mode; ours 256 MiB.
 * - `seq` stays a number, `_bulk_docs` results are not reordered: the engine treats seqs as opaque and
 *   matches results by id, as it must against CouchDB too.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import expressPouchDB from 'express-pouchdb';
import { basicAuth, sessionRoute, type AdminCredentials } from './auth';
import { bulkGetRoute } from './bulk-get';
import { changesGuard } from './changes-guard';
import { dbOpener } from './db-access';
import { sendJson, sendThrown } from './http-json';
import { latestGuard } from './latest-guard';
import { liveFeedRoute } from './live-feeds';
import { createPouchClass, type PouchDatabase } from './pouch';

export interface EmbeddedAppOptions {
  memory: boolean;
  /** leveldb folder (ignored with memory); default ./data/ */
  dataDir?: string;
  admin: AdminCredentials;
}

export type EmbeddedApp = Express & {
  /** resolves once PouchDB is set up and its storage opens (rejects e.g. when another server holds the data folder) */
  ready(): Promise<void>;
  /** closes every database the server opened (leveldb releases its locks) */
  closeDatabases(): Promise<void>;
};

/** Requests CouchDB answers without credentials. */
function isOpen(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.path === '/' || req.path === '/_up');
}

export function createEmbeddedApp(opts: EmbeddedAppOptions): EmbeddedApp {
  const PouchDB = createPouchClass(opts);
  const pouchApp = expressPouchDB({ mode: 'minimumForPouchDB', overrideMode: { exclude: ['compression'] } });
  // setPouchDB (rather than the constructor argument) tells us when express-pouchdb's set-up is done;
  // listing the databases then opens the storage, so a locked data folder fails at start, not later.
  const started: Promise<void> = pouchApp.setPouchDB(PouchDB).then(() => PouchDB.allDbs());
  started.catch(() => undefined); // reported by ready()
  const openDb = dbOpener(PouchDB, pouchApp);
  const auth = basicAuth(opts.admin);

  const app = express() as EmbeddedApp;
  app.disable('x-powered-by');
  app.enable('case sensitive routing');
  app.get('/_up', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  app.use((req, res, next) => (isOpen(req) ? next() : auth(req, res, next)));
  app.all('/_session', sessionRoute(opts.admin));
  app.all('/:db/_changes', changesGuard(openDb), liveFeedRoute(openDb));
  app.post('/:db/_bulk_get', ...bulkGetRoute(openDb));
  app.get('/:db/*', latestGuard(openDb));
  app.use(pouchApp);
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => (res.headersSent ? next(err) : sendThrown(res, err)));

  app.ready = () => started;
  app.closeDatabases = async () => {
    const cached: Map<string, PouchDatabase> | undefined = PouchDB.__dbCacheMap;
    const dbs = cached ? Array.from(cached.values()) : [];
    await Promise.allSettled(dbs.map((db) => db.close()));
  };
  return app;
}
