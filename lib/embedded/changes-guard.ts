/**
 * Checks `_changes` requests before express-pouchdb sees them, answering the way CouchDB 3 does where
 * PouchDB would crash the process, hang, or answer something CouchDB never would.
 */
import vm from 'node:vm';
import type { RequestHandler } from 'express';
import type { OpenDb } from './db-access';
import { sendCouchError } from './http-json';

interface Problem {
  status: number;
  error: string;
  reason: string;
}
const badRequest = (reason: string): Problem => ({ status: 400, error: 'bad_request', reason });
const notFound = (reason: string): Problem => ({ status: 404, error: 'not_found', reason });

/**
 * The `since` to hand PouchDB: `now` and integers as they are, a CouchDB-style `N-<opaque>` as its
 * leading integer; `null` when CouchDB would call it malformed.
 */
export function normaliseSince(raw: unknown): string | undefined | null {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return null;
  if (raw === 'now' || /^\d+$/.test(raw)) return raw;
  const opaque = /^(\d+)-/.exec(raw);
  return opaque ? opaque[1] : null;
}

/** CouchDB splits `ddoc/name` on every slash and wants exactly two parts. */
function splitDdocName(value: string): [string, string] | undefined {
  const parts = value.split('/');
  return parts.length === 2 ? [parts[0], parts[1]] : undefined;
}

/**
 * Whether a design-doc function evaluates to a function, evaluated the way pouchdb-changes-filter will.
 * PouchDB compiles it inside a callback, so a syntax error there is an unhandled rejection that kills
 * the server.
 */
export function evaluatesToFunction(source: unknown): boolean {
  if (typeof source !== 'string') return false;
  try {
    const value: unknown = vm.runInNewContext(`(function() {\n"use strict";\nreturn ${source}\n})()`, {}, { timeout: 200 });
    return typeof value === 'function';
  } catch {
    return false;
  }
}

/** Finds `section[name]` in `_design/<ddocName>` as CouchDB does, reporting what is missing in its words. */
async function checkDdocFunction(openDb: OpenDb, dbName: string, ddocName: string, section: 'filters' | 'views', name: string): Promise<Problem | undefined> {
  const db = await openDb(dbName);
  if (!db) return undefined; // express-pouchdb answers the missing database
  let ddoc: Record<string, any>;
  try {
    ddoc = await db.get(`_design/${ddocName}`);
  } catch (err) {
    const e = err as { status?: number; reason?: string; message?: string };
    if (e.status === 404) return notFound(e.reason ?? e.message ?? 'missing');
    throw err;
  }
  const functions = ddoc[section];
  if (!functions || typeof functions !== 'object') return notFound(`missing json key: ${section}`);
  if (!(name in functions)) return notFound(`missing json key: ${name}`);
  const source = section === 'views' ? functions[name]?.map : functions[name];
  if (section === 'views' && source === undefined) return notFound('missing json key: map');
  if (!evaluatesToFunction(source)) {
    return { status: 500, error: 'compilation_error', reason: `Expression does not eval to a function. (${String(source)})` };
  }
  return undefined;
}

export async function checkFilter(openDb: OpenDb, dbName: string, query: Record<string, unknown>): Promise<Problem | undefined> {
  const filter = query.filter;
  if (filter === undefined) return undefined;
  if (typeof filter !== 'string') return badRequest('filter parameter must be of the form `designname/filtername`');
  if (filter === '_doc_ids') return undefined;
  if (filter === '_view') {
    const view = typeof query.view === 'string' ? splitDdocName(query.view) : undefined;
    if (!view) return badRequest('Invalid `view` parameter.');
    return checkDdocFunction(openDb, dbName, view[0], 'views', view[1]);
  }
  // _selector needs the POST body, which express-pouchdb never passes on; _design is not in PouchDB.
  if (filter.startsWith('_')) return badRequest('unsupported filter on the embedded server');
  const named = splitDdocName(filter);
  if (!named) return badRequest('filter parameter must be of the form `designname/filtername`');
  return checkDdocFunction(openDb, dbName, named[0], 'filters', named[1]);
}

export function changesGuard(openDb: OpenDb): RequestHandler {
  return (req, res, next) => {
    const since = normaliseSince(req.query.since);
    if (since === null) return sendCouchError(res, 400, 'bad_request', "Malformed sequence supplied in 'since' parameter.");
    if (since !== undefined) req.query.since = since;
    checkFilter(openDb, req.params.db, req.query).then(
      (problem) => (problem ? sendCouchError(res, problem.status, problem.error, problem.reason) : next()),
      next,
    );
  };
}
