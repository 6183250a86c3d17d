/**
 * Basic auth for the embedded server: one admin, checked on every request.
 *
 * Cookie auth is not supported: express-pouchdb's minimumForPouchDB mode only stubs `/_session`, so a
 * cookie login would "succeed" and then every request would fail. We fail loudly instead: everything
 * but `GET /` and `GET /_up` needs an `Authorization: Basic` header, and `/_session` only reports who
 * the basic credentials belong to.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendCouchError, sendJson } from './http-json';

export interface AdminCredentials {
  username: string;
  password: string;
}

/** `{username, password}` from an `Authorization: Basic ...` header, or undefined. */
export function parseBasicAuth(header: string | undefined): AdminCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Equality that takes the same time wherever the strings differ (hashing first hides the length). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function credentialsMatch(given: AdminCredentials | undefined, admin: AdminCredentials): boolean {
  const user = sameSecret(given?.username ?? '', admin.username);
  const pass = sameSecret(given?.password ?? '', admin.password);
  return given !== undefined && user && pass;
}

export function basicAuth(admin: AdminCredentials): RequestHandler {
  return (req, res, next) => {
    if (credentialsMatch(parseBasicAuth(req.headers.authorization), admin)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="vigil"');
    sendCouchError(res, 401, 'unauthorized', 'Name or password is incorrect.');
  };
}

/** `/_session`: who the basic credentials are (always the admin); logging in by cookie is refused. */
export function sessionRoute(admin: AdminCredentials): RequestHandler {
  return (req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      return sendJson(res, 200, {
        ok: true,
        userCtx: { name: admin.username, roles: ['_admin'] },
        info: { authentication_handlers: ['default'], authenticated: 'default' },
      });
    }
    sendCouchError(res, 400, 'bad_request', 'cookie authentication is not supported by the embedded server; use basic auth');
  };
}
