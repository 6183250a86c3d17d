/**
 * How each gateway endpoint authenticates its caller. Secrets are read per request (so `vigil secret
 * set` applies without a restart), compared in constant time, and a missing secret closes the endpoint
 * (403) instead of opening it.
 *   CHT Gateway app   HTTP basic auth (VIGIL_GATEWAY_USER, credential medic-gateway:password) → 401
 *   RapidPro webhook  `Authorization: Token <rapidpro:incoming>`, as CHT checks it → 403
 *   Africa's Talking  `?key=<africastalking.com:incoming>` on the callback URL, as CHT documents it (AT
 *                     callbacks cannot carry headers); the query string is never logged → 403
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'winston';
import { constantTimeEqual, parseBasicAuth } from '../lib/http/auth';
import type { Credentials } from './credentials';

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

function guarded(fn: Handler, logger?: Logger): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch((err) => {
      logger?.error('gateway authentication failed to run', { path: req.path, error: String((err as Error)?.message ?? err) });
      if (!res.headersSent) res.status(500).json({ error: 'internal_error' });
    });
  };
}

const forbidden = (res: Response, reason: string) => res.status(403).json({ error: 'forbidden', reason });

export function requireGatewayBasicAuth(credentials: Credentials, credential: string, username: string, logger?: Logger): RequestHandler {
  return guarded(async (req, res, next) => {
    const password = await credentials(credential);
    if (!password) {
      logger?.warn('CHT Gateway endpoint called but no gateway password is configured', { path: req.path });
      forbidden(res, 'gateway credentials are not configured');
      return;
    }
    const given = parseBasicAuth(req.headers.authorization);
    const userOk = constantTimeEqual(given?.username ?? '', username);
    const passOk = constantTimeEqual(given?.password ?? '', password);
    if (given && userOk && passOk) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="vigil-gateway", charset="UTF-8"')
      .json({ error: 'unauthorized', reason: given ? 'invalid credentials' : 'basic authentication required' });
  }, logger);
}

const TOKEN = /^\s*Token\s+(.+?)\s*$/i;

/**
 * A guard comparing a key the request carries (`given`) with the stored credential; `noun` names it in
 * the log and the 403 reasons, `missing` is the reason when the request carries none.
 */
function requireSharedKey(
  credentials: Credentials,
  credential: string,
  given: (req: Request) => string | undefined,
  words: { noun: string; missing: string },
  logger?: Logger,
): RequestHandler {
  return guarded(async (req, res, next) => {
    const expected = await credentials(credential);
    if (!expected) {
      logger?.warn('gateway endpoint called but no incoming key is configured', { path: req.path, credential });
      forbidden(res, 'no incoming key configured');
      return;
    }
    const value = given(req);
    if (!value || !constantTimeEqual(value, expected)) {
      logger?.warn(`gateway endpoint called with a missing or wrong ${words.noun}`, { path: req.path });
      forbidden(res, value ? `incorrect ${words.noun}` : words.missing);
      return;
    }
    next();
  }, logger);
}

export function requireTokenHeader(credentials: Credentials, credential: string, logger?: Logger): RequestHandler {
  return requireSharedKey(credentials, credential, (req) => TOKEN.exec(req.headers.authorization ?? '')?.[1], { noun: 'token', missing: 'missing authorization token' }, logger);
}

export function requireQueryKey(credentials: Credentials, credential: string, logger?: Logger): RequestHandler {
  return requireSharedKey(credentials, credential, (req) => (typeof req.query.key === 'string' ? req.query.key : undefined), { noun: 'key', missing: 'missing key' }, logger);
}
