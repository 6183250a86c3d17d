/**
 * `_changes?feed=longpoll` and `feed=continuous`, served here on the PouchDB instance instead of by
 * express-pouchdb, which ignores `timeout` (a caller waiting for CouchDB's empty longpoll answer waits
 * forever), sends no headers until the first change or its fixed 6 s heartbeat, and crashes on some
 * filters. Semantics follow CouchDB 3:
 * - longpoll: answer at once when there are changes; else wait for the next one, or until `timeout`
 *   passes and answer `{"results":[],"last_seq":...}`;
 * - continuous: one change per line; after `limit` changes, or `timeout` without one, a
 *   `{"last_seq":...}` line ends the feed;
 * - `timeout` is capped at changes_timeout (60 s, also the default); with `heartbeat`, a newline is
 *   sent whenever that long passes quietly, and the feed never times out.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { OpenDb } from './db-access';
import type { PouchDatabase } from './pouch';
import { jsonBody, sendCouchError, sendJson, sendThrown } from './http-json';

/** CouchDB's default `[chttpd] changes_timeout`. */
const CHANGES_TIMEOUT_MS = 60000;

/** Options for PouchDB's changes(): query values JSON-decoded when they decode (as express-pouchdb does). */
export function changesOptions(query: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const opts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') continue;
    try {
      opts[key] = JSON.parse(value);
    } catch {
      opts[key] = value;
    }
  }
  const docIds = (body as { doc_ids?: unknown } | undefined)?.doc_ids;
  if (Array.isArray(docIds)) opts.doc_ids = docIds;
  // ddoc filter functions read the request's query as `req.query`
  opts.query_params = { ...opts };
  for (const key of ['feed', 'timeout', 'heartbeat', 'live', 'continuous']) delete opts[key];
  if (typeof opts.limit === 'number' && opts.limit < 1) opts.limit = 1;
  return opts;
}

function positiveMs(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** `{heartbeatMs}` when the client asked for heartbeats, else `{timeoutMs}`. */
function waiting(query: Request['query']): { heartbeatMs?: number; timeoutMs: number } {
  const heartbeatMs = query.heartbeat === 'true' ? CHANGES_TIMEOUT_MS : positiveMs(query.heartbeat);
  return { heartbeatMs, timeoutMs: Math.min(positiveMs(query.timeout) ?? CHANGES_TIMEOUT_MS, CHANGES_TIMEOUT_MS) };
}

/** Calls `onQuiet` after `ms` without `touch()`; `stop()` cancels. */
function quietTimer(ms: number, onQuiet: () => void, repeat: boolean) {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => {
      onQuiet();
      if (repeat) arm();
    }, ms);
  };
  arm();
  return {
    touch: () => {
      clearTimeout(timer);
      arm();
    },
    stop: () => clearTimeout(timer),
  };
}

async function serveLongpoll(req: Request, res: Response, db: PouchDatabase, opts: Record<string, unknown>): Promise<void> {
  const first = await db.changes({ ...opts, live: false });
  if (first.results.length > 0) return sendJson(res, 200, first);

  const { heartbeatMs, timeoutMs } = waiting(req.query);
  const live = db.changes({ ...opts, since: first.last_seq, live: true, return_docs: false });
  live.then(undefined, () => undefined); // failures arrive as 'error' events
  let finished = false;
  const finish = (respond: () => void) => {
    if (finished) return;
    finished = true;
    timer.stop();
    live.cancel();
    if (!res.writableEnded && !res.destroyed) respond();
  };
  const answer = (results: unknown[], lastSeq: unknown) => () => {
    if (res.headersSent) res.end(`${JSON.stringify({ results, last_seq: lastSeq })}\n`);
    else sendJson(res, 200, { results, last_seq: lastSeq });
  };
  const timer = heartbeatMs
    ? quietTimer(heartbeatMs, () => (res.headersSent ? res : res.status(200).type('application/json')).write('\n'), true)
    : quietTimer(timeoutMs, () => finish(answer([], first.last_seq)), false);
  live.on('change', (change) => finish(answer([change], change.seq)));
  live.on('error', (err) => finish(() => (res.headersSent ? res.end() : sendThrown(res, err))));
  res.on('close', () => finish(() => undefined));
}

async function serveContinuous(req: Request, res: Response, db: PouchDatabase, opts: Record<string, unknown>): Promise<void> {
  const { heartbeatMs, timeoutMs } = waiting(req.query);
  const limit = typeof opts.limit === 'number' ? opts.limit : Infinity;
  const feedOpts = { ...opts };
  delete feedOpts.limit; // counted here: PouchDB's live feeds don't stop at it
  let lastSeq: unknown = opts.since === 'now' ? (await db.info()).update_seq : (opts.since ?? 0);
  let sent = 0;

  res.status(200).type('application/json');
  res.flushHeaders();
  const live = db.changes({ ...feedOpts, live: true, return_docs: false });
  live.then(undefined, () => undefined);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    timer.stop();
    live.cancel();
    if (!res.writableEnded && !res.destroyed) res.end(`${JSON.stringify({ last_seq: lastSeq })}\n`);
  };
  const timer = heartbeatMs ? quietTimer(heartbeatMs, () => res.write('\n'), true) : quietTimer(timeoutMs, finish, false);
  live.on('change', (change) => {
    if (finished) return;
    timer.touch();
    lastSeq = change.seq;
    res.write(`${JSON.stringify(change)}\n`);
    sent += 1;
    if (sent >= limit) finish();
  });
  live.on('error', finish);
  res.on('close', finish);
}

export function liveFeedRoute(openDb: OpenDb): RequestHandler {
  return (req, res, next) => {
    const feed = req.query.feed;
    if ((feed !== 'longpoll' && feed !== 'continuous') || (req.method !== 'GET' && req.method !== 'POST')) return next();
    jsonBody(req, res, () => {
      (async () => {
        const db = await openDb(req.params.db);
        if (!db) return sendCouchError(res, 404, 'not_found', 'Database does not exist.');
        const opts = changesOptions(req.query as Record<string, unknown>, req.body);
        await (feed === 'longpoll' ? serveLongpoll(req, res, db, opts) : serveContinuous(req, res, db, opts));
      })().catch((err) => (res.headersSent ? res.end() : sendThrown(res, err)));
    });
  };
}
