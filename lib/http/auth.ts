/**
 * HTTP basic authentication for routes that must not be open (gateway endpoints). The ops routes
 * (/healthz, /readyz, /metrics) stay unauthenticated so probes and scrapers work; they never expose
 * credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface BasicCredentials {
  username: string;
  password: string;
}

export interface BasicAuthOptions {
  /** realm announced in `WWW-Authenticate`; default `vigil` */
  realm?: string;
}

/**
 * Compares two strings in time independent of where they differ and of their lengths (both sides are
 * hashed to a fixed size first, then compared with `timingSafeEqual`).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** Credentials of an `Authorization: Basic ...` header, or undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (!header) return undefined;
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Express middleware that lets a request through only with these basic-auth credentials; otherwise
 * 401 with `WWW-Authenticate: Basic` and a JSON body. Refuses to be built with an empty password.
 */
export function requireBasicAuth(credentials: BasicCredentials, opts: BasicAuthOptions = {}): RequestHandler {
  if (!credentials || typeof credentials.username !== 'string' || !credentials.username) {
    throw new Error('requireBasicAuth: a username is required');
  }
  if (typeof credentials.password !== 'string' || !credentials.password) {
    throw new Error('requireBasicAuth: a non-empty password is required');
  }
  const { username, password } = credentials;
  const realm = (opts.realm ?? 'vigil').replace(/["\\]/g, '');

  return function basicAuth(req: Request, res: Response, next: NextFunction): void {
    const given = parseBasicAuth(req.headers.authorization);
    // compare both parts every time so the response time says nothing about which one was wrong
    const userOk = constantTimeEqual(given?.username ?? '', username);
    const passOk = constantTimeEqual(given?.password ?? '', password);
    if (given && userOk && passOk) {
      res.locals.authUser = given.username;
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .json({ error: 'unauthorized', reason: given ? 'invalid credentials' : 'basic authentication required' });
  };
}
