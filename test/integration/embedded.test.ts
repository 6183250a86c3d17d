/**
 * The embedded CouchDB-compatible server over real HTTP. The API tests run against COUCH_URL when it
 * is set, with the same assertions, so they pin CouchDB 3's behaviour rather than PouchDB's; the
 * restart tests always start their own embedded servers. Needs `npm run build` (the server runs
 * from dist/).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedServer, type EmbeddedServer } from '../../lib/embedded/spawn';
import { getTestCouch, type TestCouch } from '../helpers/couch';

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** fetch() refuses credentials in URLs: split them into a Basic header. */
function endpoint(serverUrl: string): { base: string; auth: string } {
  const url = new URL(serverUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  return { base: url.toString().replace(/\/$/, ''), auth };
}

function client(serverUrl: string) {
  const { base, auth } = endpoint(serverUrl);
  return async (method: string, pathAndQuery: string, opts: { body?: unknown; authorization?: string | null } = {}): Promise<Reply> => {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    const authorization = opts.authorization === undefined ? auth : opts.authorization;
    if (authorization !== null) headers.authorization = authorization;
    const res = await fetch(`${base}${pathAndQuery}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, body: text.trim() ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('embedded server API (or COUCH_URL)', () => {
  let couch: TestCouch;
  let call: ReturnType<typeof client>;
  let db: string;

  beforeAll(async () => {
    couch = await getTestCouch();
    call = client(couch.url);
    db = couch.uniqueDbName('embedded');
    await couch.createDb(db);
  });
  afterAll(async () => {
    await couch.destroyDb(db);
    await couch.stop();
  });

  describe('authentication', () => {
    it('answers a request without credentials with 401 unauthorized', async () => {
      const res = await call('GET', '/_all_dbs', { authorization: null });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('unauthorized');
    });

    it('answers a wrong password with 401 "Name or password is incorrect."', async () => {
      const user = decodeURIComponent(new URL(couch.url).username);
      const wrong = `Basic ${Buffer.from(`${user}:not-the-password`).toString('base64')}`;
      const res = await call('GET', `/${db}`, { authorization: wrong });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
    });

    it('lets the admin in', async () => {
      const res = await call('GET', `/${db}`);
      expect(res.status).toBe(200);
      expect(res.body.db_name).toBe(db);
    });
  });

  describe('documents', () => {
    it('writes with _bulk_docs and reads back with _all_docs?keys, missing keys included', async () => {
      const written = await call('POST', `/${db}/_bulk_docs`, { body: { docs: [{ _id: 'doc-a', n: 1 }, { _id: 'doc-b', n: 2 }] } });
      expect(written.status).toBe(201);
      expect(written.body.map((r: { id: string; ok: boolean }) => [r.id, r.ok]).sort()).toEqual([
        ['doc-a', true],
        ['doc-b', true],
      ]);

      const keys = encodeURIComponent(JSON.stringify(['doc-b', 'nope', 'doc-a']));
      const read = await call('GET', `/${db}/_all_docs?include_docs=true&keys=${keys}`);
      expect(read.status).toBe(200);
      expect(read.body.rows.map((r: any) => [r.key, r.doc?.n ?? r.error])).toEqual([
        ['doc-b', 2],
        ['nope', 'not_found'],
        ['doc-a', 1],
      ]);
    });

    it('round-trips a _local doc, which stays out of _all_docs', async () => {
      const put = await call('PUT', `/${db}/_local/checkpoint`, { body: { seq: 'opaque-seq' } });
      expect(put.status).toBe(201);
      const got = await call('GET', `/${db}/_local/checkpoint`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ _id: '_local/checkpoint', seq: 'opaque-seq' });
      const again = await call('PUT', `/${db}/_local/checkpoint`, { body: { _rev: got.body._rev, seq: 'next' } });
      expect(again.status).toBe(201);
      expect((await call('GET', `/${db}/_local/checkpoint`)).body.seq).toBe('next');
      const all = await call('GET', `/${db}/_all_docs`);
      expect(all.body.rows.map((r: { id: string }) => r.id)).not.toContain('_local/checkpoint');
    });

    it('queries a view of a design doc', async () => {
      await call('POST', `/${db}/_bulk_docs`, {
        body: {
          docs: [
            { _id: '_design/test', views: { by_kind: { map: 'function (doc) { if (doc.kind) emit(doc.kind, doc.n); }' } } },
            { _id: 'kind-1', kind: 'person', n: 1 },
            { _id: 'kind-2', kind: 'place', n: 2 },
            { _id: 'kind-3', kind: 'person', n: 3 },
          ],
        },
      });
      const res = await call('GET', `/${db}/_design/test/_view/by_kind?key=${encodeURIComponent('"person"')}`);
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: { id: string; value: number }) => [r.id, r.value])).toEqual([
        ['kind-1', 1],
        ['kind-3', 3],
      ]);
    });

    it('answers latest=true with an unknown rev as missing, and keeps answering', async () => {
      const first = await call('PUT', `/${db}/latest-1`, { body: { v: 1 } });
      const second = await call('PUT', `/${db}/latest-1`, { body: { _rev: first.body.rev, v: 2 } });
      const latest = await call('GET', `/${db}/latest-1?rev=${first.body.rev}&latest=true`);
      expect(latest.body).toMatchObject({ _rev: second.body.rev, v: 2 });
      const unknown = await call('GET', `/${db}/latest-1?rev=9-abcdef&latest=true`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('not_found');
      expect((await call('GET', `/${db}/latest-1`)).body.v).toBe(2);
    });

    it('accepts a _bulk_docs body over 64 MB', async () => {
      const filler = 'x'.repeat(1024 * 1024);
      const docs = Array.from({ length: 66 }, (_, i) => ({ _id: `big-${i}`, filler }));
      const res = await call('POST', `/${db}/_bulk_docs`, { body: { docs } });
      expect(res.status).toBe(201);
      expect(res.body.filter((r: { ok?: boolean }) => r.ok)).toHaveLength(66);
    });
  });

  describe('_bulk_get', () => {
    it('answers each entry in order, with CouchDB error objects for a missing doc and a missing rev', async () => {
      const saved = await call('PUT', `/${db}/bulk-get-1`, { body: { v: 1 } });
      const rev: string = saved.body.rev;
      const res = await call('POST', `/${db}/_bulk_get`, {
        body: { docs: [{ id: 'no-such-doc' }, { id: 'bulk-get-1' }, { id: 'bulk-get-1', rev: '9-abcdef' }] },
      });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: 'no-such-doc', docs: [{ error: { id: 'no-such-doc', rev: 'undefined', error: 'not_found', reason: 'missing' } }] },
        { id: 'bulk-get-1', docs: [{ ok: { _id: 'bulk-get-1', _rev: rev, v: 1 } }] },
        { id: 'bulk-get-1', docs: [{ error: { id: 'bulk-get-1', rev: '9-abcdef', error: 'not_found', reason: 'missing' } }] },
      ]);
    });
  });

  describe('_changes', () => {
    it('pages with limit=1, resuming from the returned seq without parsing it', async () => {
      const feedDb = couch.uniqueDbName('embedded-changes');
      await couch.createDb(feedDb);
      try {
        await call('POST', `/${feedDb}/_bulk_docs`, { body: { docs: [{ _id: 'c1' }, { _id: 'c2' }, { _id: 'c3' }] } });
        const seen: string[] = [];
        let since: unknown = 0;
        for (let page = 0; page < 3; page++) {
          const res = await call('GET', `/${feedDb}/_changes?limit=1&since=${encodeURIComponent(String(since))}`);
          expect(res.status).toBe(200);
          expect(res.body.results).toHaveLength(1);
          seen.push(res.body.results[0].id);
          since = res.body.last_seq;
        }
        expect(seen.sort()).toEqual(['c1', 'c2', 'c3']);
        const rest = await call('GET', `/${feedDb}/_changes?since=${encodeURIComponent(String(since))}`);
        expect(rest.body.results).toEqual([]);
      } finally {
        await couch.destroyDb(feedDb);
      }
    });

    it('rejects filter=_selector with 400 and keeps answering', async () => {
      const res = await call('GET', `/${db}/_changes?filter=_selector`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect((await call('GET', `/${db}`)).status).toBe(200);
    });

    it('rejects a malformed since with 400', async () => {
      const res = await call('GET', `/${db}/_changes?since=garbage`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'bad_request', reason: "Malformed sequence supplied in 'since' parameter." });
    });

    it('answers a longpoll as soon as a doc is written', async () => {
      const now = await call('GET', `/${db}/_changes?since=now`);
      let answered = false;
      const poll = call('GET', `/${db}/_changes?feed=longpoll&timeout=20000&since=${encodeURIComponent(String(now.body.last_seq))}`).then(
        (res) => {
          answered = true;
          return res;
        },
      );
      await sleep(500);
      expect(answered).toBe(false);
      await call('PUT', `/${db}/longpoll-wakeup`, { body: {} });
      const res = await poll;
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['longpoll-wakeup']);
    });

    it('ends a quiet longpoll after its timeout with no results', async () => {
      const started = Date.now();
      const res = await call('GET', `/${db}/_changes?feed=longpoll&since=now&timeout=300`);
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([]);
      expect(res.body.last_seq).toBeDefined();
      expect(Date.now() - started).toBeLessThan(10000);
    });

    it('streams a continuous feed uncompressed even when gzip is accepted, ending after limit', async () => {
      await call('PUT', `/${db}/continuous-1`, { body: {} });
      const { base, auth } = endpoint(couch.url);
      const res = await fetch(`${base}/${db}/_changes?feed=continuous&since=0&limit=1`, {
        headers: { authorization: auth, 'accept-encoding': 'gzip' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBeNull();
      const lines = (await res.text()).split('\n').filter((line) => line.trim());
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0]).id).toEqual(expect.any(String));
      expect(JSON.parse(lines[1])).toHaveProperty('last_seq');
    });

    it('does not gzip a normal feed, even when asked to (gzipped feeds stall)', async () => {
      const { base, auth } = endpoint(couch.url);
      const res = await fetch(`${base}/${db}/_changes?since=0`, { headers: { authorization: auth, 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(((await res.json()) as { results: unknown[] }).results.length).toBeGreaterThan(10);
    });

    it('sends a quiet continuous feed\'s headers at once and ends it after its timeout', async () => {
      const { base, auth } = endpoint(couch.url);
      const started = Date.now();
      const res = await fetch(`${base}/${db}/_changes?feed=continuous&since=now&timeout=1000`, { headers: { authorization: auth } });
      expect(Date.now() - started).toBeLessThan(800);
      const lines = (await res.text()).split('\n').filter((line) => line.trim());
      expect(lines.map((line) => Object.keys(JSON.parse(line)))).toEqual([['last_seq']]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });
});

describe('embedded server lifecycle', () => {
  const credentials = { username: 'lifecycle', password: 'lifecycle-secret' };
  const started: EmbeddedServer[] = [];
  const start = async (opts: Parameters<typeof startEmbeddedServer>[0]) => {
    const server = await startEmbeddedServer({ ...credentials, silent: true, ...opts });
    started.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it('forgets a memory server\'s databases on restart, after a clean stop with a feed open', async () => {
    const first = await start({ port: 0, memory: true });
    const call = client(first.url);
    expect((await call('PUT', '/kept-nowhere')).status).toBe(201);
    expect((await call('GET', '/kept-nowhere')).status).toBe(200);
    const { base, auth } = endpoint(first.url);
    const abort = new AbortController();
    const feed = await fetch(`${base}/kept-nowhere/_changes?feed=continuous`, { headers: { authorization: auth }, signal: abort.signal });
    expect(feed.status).toBe(200);
    await first.stop();
    abort.abort();
    expect(first.child.exitCode).toBe(0);

    const second = await start({ port: first.port, memory: true });
    expect((await client(second.url)('GET', '/kept-nowhere')).status).toBe(404);
  });

  it('keeps a leveldb server\'s databases and docs across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-embedded-'));
    try {
      const first = await start({ port: 0, dataDir });
      const call = client(first.url);
      expect((await call('PUT', '/kept-on-disk')).status).toBe(201);
      expect((await call('PUT', '/kept-on-disk/doc-1', { body: { v: 42 } })).status).toBe(201);
      await first.stop();

      const second = await start({ port: 0, dataDir });
      const again = client(second.url);
      expect((await again('GET', '/kept-on-disk/doc-1')).body).toMatchObject({ _id: 'doc-1', v: 42 });
      expect((await again('GET', '/_all_dbs')).body).toContain('kept-on-disk');
      await second.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails to start with a clear error when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      await expect(start({ port, memory: true })).rejects.toThrow(/already in use/);
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()));
    }
  });
});
