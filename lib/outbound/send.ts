/**
 * One push: POST the JSON payload to `base_url + path`, 10 s timeout, with the config's auth (spec 3.16).
 * Any non-2xx answer or network error is a failure (OutboundError with a reason fit for logs: statuses,
 * error codes and a short response excerpt, never a credential or token).
 */
import type { OutboundAuth, OutboundConfig } from './config';
import { destinationUrl } from './config';
import { OutboundError } from './errors';
import type { SecretReader } from '../secrets/vault';

export const PUSH_TIMEOUT_MS = 10_000;
const EXCERPT = 300;

export interface SendOptions {
  secrets: SecretReader;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What auth adds to the push: headers, and a query string (muso-sih's token). */
export interface AuthParts {
  headers: Record<string, string>;
  query?: Record<string, string>;
}

async function secret(secrets: SecretReader, key: string | undefined, field: string): Promise<string> {
  if (typeof key !== 'string' || key === '') throw new OutboundError('config', `destination.auth.${field} is required`);
  const value = await secrets.get(key);
  if (value === undefined) throw new OutboundError('credentials', `Credentials for '${key}' have not been configured`);
  return value;
}

export const basicAuth = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return `no response within ${timeoutMs / 1000} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? 'request failed'} (cause: ${cause})` : String(e?.message ?? err);
}

async function excerpt(res: Response): Promise<string> {
  try {
    const text = (await res.text()).replace(/\s+/g, ' ').trim();
    return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
  } catch {
    return '';
  }
}

/** fetch with a timeout; network failures become OutboundError('network'). */
async function request(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await doFetch(url, { ...init, signal: abort.signal });
  } catch (err) {
    throw new OutboundError('network', describeNetworkError(err, timeoutMs));
  } finally {
    clearTimeout(timer);
  }
}

/** muso-sih: log in with a form post, then push with `?token=<data.username_token>`. */
async function musoSihToken(base: string, auth: OutboundAuth, password: string, opts: Required<Pick<SendOptions, 'fetch' | 'timeoutMs'>>): Promise<string> {
  if (typeof auth.path !== 'string') throw new OutboundError('config', 'destination.auth.path is required for muso-sih');
  const url = `${base.replace(/\/+$/, '')}/${auth.path.replace(/^\/+/, '')}`;
  const res = await request(
    opts.fetch,
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ login: String(auth.username ?? ''), password }).toString(),
    },
    opts.timeoutMs,
  );
  if (!res.ok) throw new OutboundError('http', `muso-sih login answered ${res.status}`, res.status);
  let body: any;
  try {
    body = await res.json();
  } catch {
    throw new OutboundError('http', 'muso-sih login did not answer JSON');
  }
  // CHT checks the body's (French) `statut`, not the HTTP status
  if (body?.statut !== 200) throw new OutboundError('http', `muso-sih login answered statut ${JSON.stringify(body?.statut)}`);
  const token = body?.data?.username_token;
  if (typeof token !== 'string' || token === '') throw new OutboundError('http', 'muso-sih login answered no data.username_token');
  return token;
}

/** Headers (and query) for the push, resolving `*_key` credentials from the vault. */
export async function authParts(config: OutboundConfig, opts: SendOptions): Promise<AuthParts> {
  const auth = config.destination?.auth;
  const base = config.destination?.base_url ?? '';
  if (auth === undefined || auth === null) {
    // CHT (request) turned credentials in base_url into basic auth; fetch refuses them in the URL
    const url = new URL(base);
    if (!url.username && !url.password) return { headers: {} };
    return { headers: { authorization: basicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password)) } };
  }
  const type = typeof auth.type === 'string' ? auth.type.toLowerCase() : undefined;
  if (type === 'basic') {
    const password = await secret(opts.secrets, auth.password_key, 'password_key');
    return { headers: { authorization: basicAuth(String(auth.username ?? ''), password) } };
  }
  if (type === 'header') {
    if (typeof auth.name !== 'string' || auth.name.toLowerCase() !== 'authorization') {
      throw new OutboundError('config', `only the Authorization header is supported (got ${JSON.stringify(auth.name)})`);
    }
    // sent verbatim: the stored value carries its scheme ("Bearer ...")
    return { headers: { authorization: await secret(opts.secrets, auth.value_key, 'value_key') } };
  }
  if (type === 'muso-sih') {
    const password = await secret(opts.secrets, auth.password_key, 'password_key');
    const token = await musoSihToken(stripUserinfo(base), auth, password, { fetch: opts.fetch ?? fetch, timeoutMs: opts.timeoutMs ?? PUSH_TIMEOUT_MS });
    return { headers: {}, query: { token } };
  }
  throw new OutboundError('config', `unknown auth type ${JSON.stringify(auth.type)} (basic, header or muso-sih)`);
}

function stripUserinfo(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '');
  } catch {
    return raw;
  }
}

/** The URL a push goes to, without credentials (also what logs and dead letters show). */
export function pushUrl(name: string, config: OutboundConfig): string {
  const url = destinationUrl(name, config);
  try {
    new URL(url);
  } catch {
    throw new OutboundError('config', `outbound '${name}' has an invalid destination URL`);
  }
  return stripUserinfo(url);
}

/** POSTs the payload; resolves with the status on 2xx, throws OutboundError otherwise. */
export async function sendPayload(name: string, config: OutboundConfig, payload: unknown, opts: SendOptions): Promise<{ status: number }> {
  const url = pushUrl(name, config);
  const { headers, query } = await authParts(config, opts);
  const target = query ? `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(query).toString()}` : url;
  const res = await request(
    opts.fetch ?? fetch,
    target,
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(payload) },
    opts.timeoutMs ?? PUSH_TIMEOUT_MS,
  );
  if (res.status < 200 || res.status >= 300) {
    const body = await excerpt(res);
    throw new OutboundError('http', `server responded with ${res.status}${body ? `; response body: ${body}` : ''}`, res.status);
  }
  await res.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
  return { status: res.status };
}
