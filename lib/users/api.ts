/**
 * The slice of CHT's users API vigil uses (CHT ≥ 4.7):
 * - `GET  /api/v2/users/<name>`   a user's profile, 404 when there is none;
 * - `POST /api/v1/users`          create a user (here always with `token_login: true`: CHT texts the
 *                                 login link to the user's phone);
 * - `POST /api/v1/users/<name>`   update a user (here: reset the replaced user's password).
 *
 * Errors carry CHT's message (e.g. "Missing required fields: phone") and whether retrying may help.
 * Nothing here logs; error messages never contain the credentials (they travel in a header only).
 */
import type { ChtApiTarget } from './config';

export const API_TIMEOUT_MS = 10_000;
const EXCERPT = 300;

export class ChtApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; undefined for network failures and timeouts */
    readonly status: number | undefined,
    /** network trouble, 5xx, 408, 429: the same call may succeed later */
    readonly retryable: boolean,
    /** CHT's translation key when it sent one (e.g. `username.taken`) */
    readonly translationKey?: string,
  ) {
    super(message);
    this.name = 'ChtApiError';
  }
}

/** A user as `GET /api/v2/users/<name>` returns it (only what vigil reads). */
export interface ChtUser {
  username?: string;
  roles?: string[];
  type?: string;
  contact?: { _id?: string } | string | null;
  contact_id?: string;
  [key: string]: unknown;
}

export interface NewUser {
  username: string;
  token_login: true;
  roles: string[];
  phone?: unknown;
  place?: string;
  contact: string;
  fullname: string;
}

/** The contact id a user is linked to, whichever shape the API used. */
export function userContactId(user: ChtUser): string | undefined {
  if (typeof user.contact === 'string') return user.contact;
  if (user.contact && typeof user.contact._id === 'string') return user.contact._id;
  return typeof user.contact_id === 'string' ? user.contact_id : undefined;
}

/** The roles of an existing user (`roles`, or the legacy single `type`). */
export function userRoles(user: ChtUser): string[] {
  if (Array.isArray(user.roles) && user.roles.length) return user.roles;
  return typeof user.type === 'string' && user.type ? [user.type] : [];
}

const retryableStatus = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/** CHT's error bodies: `{ error: "text" }`, `{ error: { message, translationKey } }`, `{ message }`. */
function errorOf(body: unknown, status: number, text: string): { message: string; translationKey?: string } {
  const b = body as any;
  const error = b?.error;
  if (error && typeof error === 'object') {
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    return { message, translationKey: typeof error.translationKey === 'string' ? error.translationKey : undefined };
  }
  if (typeof error === 'string' && error) return { message: error };
  if (typeof b?.message === 'string' && b.message) return { message: b.message };
  const excerpt = text.replace(/\s+/g, ' ').trim();
  return { message: `HTTP ${status}${excerpt ? `: ${excerpt.length > EXCERPT ? `${excerpt.slice(0, EXCERPT)}…` : excerpt}` : ''}` };
}

export interface ChtUsersApiOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class ChtUsersApi {
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    readonly target: ChtApiTarget,
    opts: ChtUsersApiOptions = {},
  ) {
    this.doFetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? API_TIMEOUT_MS;
  }

  /** The user called `username`, or undefined when CHT has none. */
  async getUser(username: string): Promise<ChtUser | undefined> {
    const res = await this.call('GET', `/api/v2/users/${encodeURIComponent(username)}`);
    return res.status === 404 ? undefined : ((await this.json(res)) as ChtUser);
  }

  async createUser(user: NewUser): Promise<void> {
    await this.call('POST', '/api/v1/users', user);
  }

  async setPassword(username: string, password: string): Promise<void> {
    await this.call('POST', `/api/v1/users/${encodeURIComponent(username)}`, { password });
  }

  /** One request; non-2xx answers (except a GET's 404) become ChtApiError. */
  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.authorization) headers.authorization = this.target.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let res: Response;
    try {
      res = await this.doFetch(`${this.target.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      const reason = e?.name === 'AbortError' ? `no answer within ${this.timeoutMs / 1000} s` : (e?.cause?.code ?? e?.message ?? 'request failed');
      throw new ChtApiError(`CHT API ${method} ${path}: ${reason}`, undefined, true);
    } finally {
      clearTimeout(timer);
    }
    if (res.ok || (method === 'GET' && res.status === 404)) return res;
    const text = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const { message, translationKey } = errorOf(parsed, res.status, text);
    throw new ChtApiError(message, res.status, retryableStatus(res.status), translationKey);
  }

  private async json(res: Response): Promise<unknown> {
    try {
      return await res.json();
    } catch {
      throw new ChtApiError('CHT API answered with something that is not JSON', res.status, true);
    }
  }
}

/** CHT's answer to a create with a username someone has (checked before, but taken meanwhile). */
export const isUsernameTaken = (err: unknown): boolean =>
  err instanceof ChtApiError &&
  err.status === 400 &&
  (err.translationKey === 'username.taken' || /already taken/i.test(err.message));
