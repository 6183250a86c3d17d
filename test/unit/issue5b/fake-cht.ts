/**
 * A loopback stand-in for CHT's users API (the three calls vigil makes), on 127.0.0.1 with basic auth.
 * Keeps users in memory, logs every request, and can fail the next matching requests on demand.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  username: string;
  roles: string[];
  phone?: unknown;
  place?: string;
  contact?: string;
  fullname?: string;
  token_login?: boolean;
  password?: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  body?: any;
  authorization?: string;
}

export interface FakeCht {
  /** with credentials, as CHT_API_URL takes it */
  url: string;
  /** without credentials */
  base: string;
  users: Map<string, FakeUser>;
  requests: FakeRequest[];
  /** the next `times` requests whose `METHOD path` starts with `prefix` get `status` */
  failNext(prefix: string, status: number, times?: number): void;
  stop(): Promise<void>;
}

const USER = 'admin';
const PASS = 'p@ss:word';

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeCht(): Promise<FakeCht> {
  const users = new Map<string, FakeUser>();
  const requests: FakeRequest[] = [];
  const failures: Array<{ prefix: string; status: number; times: number }> = [];
  const expected = `Basic ${Buffer.from(`${USER}:${PASS}`).toString('base64')}`;

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const body = await readBody(req).catch(() => undefined);
    requests.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
    if (req.headers.authorization !== expected) return send(res, 401, { error: 'unauthorized' });
    const failure = failures.find((f) => `${req.method} ${path}`.startsWith(f.prefix) && f.times > 0);
    if (failure) {
      failure.times--;
      return send(res, failure.status, { error: `injected ${failure.status}` });
    }

    let m: RegExpMatchArray | null;
    if (req.method === 'GET' && (m = path.match(/^\/api\/v2\/users\/(.+)$/))) {
      const user = users.get(m[1]);
      if (!user) return send(res, 404, { error: 'not_found' });
      return send(res, 200, { id: `org.couchdb.user:${user.username}`, ...user, password: undefined, contact: { _id: user.contact }, place: { _id: user.place } });
    }
    if (req.method === 'POST' && path === '/api/v1/users') {
      if (users.has(body?.username)) {
        return send(res, 400, { code: 400, error: { message: `Username "${body.username}" already taken.`, translationKey: 'username.taken' } });
      }
      const missing = ['username', 'roles', 'phone'].filter((k) => !body?.[k] || (Array.isArray(body[k]) && !body[k].length));
      if (missing.length) return send(res, 400, { code: 400, error: `Missing required fields: ${missing.join(', ')}` });
      if (!/^\+\d{7,15}$/.test(String(body.phone))) return send(res, 400, { code: 400, error: { message: 'A valid phone number is required for SMS login.' } });
      users.set(body.username, { ...body });
      return send(res, 200, { user: { id: `org.couchdb.user:${body.username}` }, 'user-settings': { id: `org.couchdb.user:${body.username}` } });
    }
    if (req.method === 'POST' && (m = path.match(/^\/api\/v1\/users\/(.+)$/))) {
      const user = users.get(m[1]);
      if (!user) return send(res, 404, { error: 'Failed to find user.' });
      Object.assign(user, body);
      return send(res, 200, { user: { id: `org.couchdb.user:${user.username}` } });
    }
    return send(res, 404, { error: 'no such endpoint' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `http://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
    base,
    users,
    requests,
    failNext: (prefix, status, times = 1) => failures.push({ prefix, status, times }),
    stop: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
