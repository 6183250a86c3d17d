/**
 * Calls to a provider's API with a timeout, telling apart the failures after which the message was
 * certainly not sent (nothing reached the provider) from those where it may have been (no answer).
 * Reasons name statuses and error codes only: never a credential, a phone number or message text.
 */

export interface ProviderResponse {
  status: number;
  text: string;
}

/** The provider could not be reached (`sent: 'no'`) or did not answer (`sent: 'maybe'`). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly sent: 'no' | 'maybe',
    message: string,
  ) {
    super(message);
  }
}

/** Errors raised before a request could reach the server: it was never sent. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Classifies a fetch failure. Exported for tests. */
export function classifyNetworkError(err: unknown, timeoutMs: number): NetworkError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return new NetworkError('maybe', `no response within ${timeoutMs / 1000} s`);
  const code = e?.cause?.code;
  if (code && NOT_CONNECTED.has(code)) return new NetworkError('no', `cannot connect (${code})`);
  return new NetworkError('maybe', `connection lost (${code ?? e?.cause?.name ?? e?.name ?? 'error'})`);
}

/** Makes one request; the whole exchange (body included) must finish within `timeoutMs`. */
export async function callProvider(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<ProviderResponse> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await doFetch(url, { ...init, signal: abort.signal });
    const text = await res.text();
    return { status: res.status, text };
  } catch (err) {
    throw classifyNetworkError(err, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses JSON, undefined when it is not JSON. */
export function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short, single-line excerpt of a response body for reasons and logs. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
