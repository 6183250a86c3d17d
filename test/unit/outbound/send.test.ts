/** sendPayload / authParts: POST, auth headers from the vault, failures with clear reasons (fetch mocked). */
import { OutboundError } from '../../../lib/outbound/errors';
import { authParts, basicAuth, pushUrl, sendPayload } from '../../../lib/outbound/send';
import type { OutboundConfig } from '../../../lib/outbound/config';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(responses: Array<Response | Error>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { fetch: fn, calls };
}

const secrets = (values: Record<string, string>) => ({ get: async (key: string) => values[key] });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const config = (auth?: object, base = 'https://example.org/'): OutboundConfig => ({ destination: { base_url: base, path: '/api/in', auth: auth as any } });

describe('pushUrl', () => {
  it('joins base_url and path with one slash and drops credentials', () => {
    expect(pushUrl('x', config())).toBe('https://example.org/api/in');
    expect(pushUrl('x', { destination: { base_url: 'http://u:p@h:1', path: 'a' } })).toBe('http://h:1/a');
    expect(() => pushUrl('x', { destination: { path: '/a' } })).toThrow(/no destination.base_url/);
  });
});

describe('authParts', () => {
  it('basic: username + the password_key credential', async () => {
    const parts = await authParts(config({ type: 'Basic', username: 'cht', password_key: 'dhis-pass' }), { secrets: secrets({ 'dhis-pass': 's3cret' }) });
    expect(parts.headers.authorization).toBe(`Basic ${Buffer.from('cht:s3cret').toString('base64')}`);
  });

  it('header: only Authorization, value sent verbatim', async () => {
    const parts = await authParts(config({ type: 'header', name: 'authorization', value_key: 'tok' }), { secrets: secrets({ tok: 'Bearer abc' }) });
    expect(parts.headers).toEqual({ authorization: 'Bearer abc' });
    await expect(authParts(config({ type: 'header', name: 'X-Api-Key', value_key: 'tok' }), { secrets: secrets({ tok: 'x' }) })).rejects.toThrow(/only the Authorization header/);
  });

  it('muso-sih: form login, then the token as a query parameter', async () => {
    const { fetch, calls } = fakeFetch([json(200, { statut: 200, data: { username_token: 'T0K' } })]);
    const parts = await authParts(config({ type: 'muso-sih', username: 'me', password_key: 'pw', path: '/login' }), { secrets: secrets({ pw: 'p&ss' }), fetch });
    expect(parts).toEqual({ headers: {}, query: { token: 'T0K' } });
    expect(calls[0].url).toBe('https://example.org/login');
    expect(calls[0].init.body).toBe('login=me&password=p%26ss');
  });

  it('muso-sih: a login answer without statut 200 is a failure', async () => {
    const { fetch } = fakeFetch([json(200, { statut: 401 })]);
    await expect(authParts(config({ type: 'muso-sih', username: 'me', password_key: 'pw', path: '/login' }), { secrets: secrets({ pw: 'x' }), fetch })).rejects.toThrow(/statut 401/);
  });

  it('a missing credential or an unknown type is an error', async () => {
    await expect(authParts(config({ type: 'basic', username: 'u', password_key: 'nope' }), { secrets: secrets({}) })).rejects.toThrow("Credentials for 'nope' have not been configured");
    await expect(authParts(config({ type: 'oauth' }), { secrets: secrets({}) })).rejects.toThrow(/unknown auth type "oauth"/);
  });

  it('no auth: credentials in base_url become basic auth', async () => {
    expect(await authParts(config(undefined, 'http://u%40x:p@h'), { secrets: secrets({}) })).toEqual({ headers: { authorization: basicAuth('u@x', 'p') } });
    expect(await authParts(config(), { secrets: secrets({}) })).toEqual({ headers: {} });
  });
});

describe('sendPayload', () => {
  it('POSTs the JSON payload with the auth header', async () => {
    const { fetch, calls } = fakeFetch([json(201, { ok: true })]);
    const res = await sendPayload('dhis', config({ type: 'header', name: 'Authorization', value_key: 'k' }), { id: 'r1' }, { secrets: secrets({ k: 'Bearer z' }), fetch });
    expect(res.status).toBe(201);
    expect(calls[0].url).toBe('https://example.org/api/in');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ id: 'r1' });
    expect((calls[0].init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer z');
  });

  it('muso-sih pushes to the URL with the token', async () => {
    const { fetch, calls } = fakeFetch([json(200, { statut: 200, data: { username_token: 'abc' } }), json(200, {})]);
    await sendPayload('m', config({ type: 'muso-sih', username: 'me', password_key: 'pw', path: 'login' }), {}, { secrets: secrets({ pw: 'x' }), fetch });
    expect(calls[1].url).toBe('https://example.org/api/in?token=abc');
  });

  it('a non-2xx answer fails with the status and a body excerpt', async () => {
    const { fetch } = fakeFetch([json(500, { error: 500, some: 'error response' })]);
    const err = await sendPayload('dhis', config(), {}, { secrets: secrets({}), fetch }).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect(err).toMatchObject({ kind: 'http', status: 500 });
    expect(err.message).toMatch(/responded with 500.*error response/);
  });

  it('a network error fails with its cause', async () => {
    const { fetch } = fakeFetch([Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })]);
    await expect(sendPayload('dhis', config(), {}, { secrets: secrets({}), fetch })).rejects.toThrow(/fetch failed \(cause: ECONNREFUSED\)/);
  });

  it('gives up after the timeout', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))) as unknown as typeof fetch;
    await expect(sendPayload('dhis', config(), {}, { secrets: secrets({}), fetch: hanging, timeoutMs: 20 })).rejects.toThrow(/no response within 0.02 s/);
  });
});
