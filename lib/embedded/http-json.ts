/** JSON responses and request bodies in CouchDB's shapes, for the routes vigil adds in front of express-pouchdb. */
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Largest request body our own routes accept. express-pouchdb's routes (`_bulk_docs` among them) use
 * their own parser, whose limit in minimumForPouchDB mode is 4 GiB (CouchDB 3's max_http_request_size).
 */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(`${JSON.stringify(body)}\n`);
}

export function sendCouchError(res: Response, status: number, error: string, reason: string): void {
  sendJson(res, status, { error, reason });
}

/** Maps an error thrown by PouchDB (or anything else) to CouchDB's `{error, reason}` with its status. */
export function sendThrown(res: Response, err: unknown): void {
  const e = (err ?? {}) as { status?: number; name?: string; reason?: string; message?: string };
  const status = typeof e.status === 'number' && e.status >= 400 ? e.status : 500;
  const error = status === 500 && (!e.name || e.name === 'Error' || e.name === 'TypeError') ? 'unknown_error' : String(e.name);
  sendCouchError(res, status, error, String(e.reason ?? e.message ?? 'unknown'));
}

const parseJson = express.json({ limit: MAX_BODY_BYTES, strict: false, type: () => true });

/** Parses a JSON body whatever its content type; malformed JSON gets CouchDB's 400, oversize its 413. */
export const jsonBody: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  parseJson(req, res, (err?: unknown) => {
    if (!err) return next();
    const status = (err as { status?: number }).status;
    if (status === 413) return sendCouchError(res, 413, 'too_large', 'the request entity is too large');
    if (status === 400) return sendCouchError(res, 400, 'bad_request', 'invalid UTF-8 JSON');
    return next(err);
  });
};
