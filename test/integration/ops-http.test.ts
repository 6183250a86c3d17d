import { Writable } from 'node:stream';
import { createLogger } from '../../lib/log';
import { createMetrics, setFeedState } from '../../lib/metrics';
import { requireBasicAuth } from '../../lib/http/auth';
import { startOpsServer, type HealthReport, type OpsServer } from '../../lib/http/ops-server';

const quietLogger = () =>
  createLogger({
    stream: new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  });

const readyReport = (): HealthReport => ({
  live: true,
  ready: true,
  checks: { couchdb: { ok: true }, config: { ok: true } },
  disabled_transitions: [],
  feed: { state: 'running', last_seq: '42-g1', backlog: 0 },
});

describe('ops server', () => {
  let server: OpsServer;
  let report: HealthReport;
  let base: string;
  const metrics = createMetrics();

  beforeAll(async () => {
    report = readyReport();
    server = await startOpsServer({ port: 0, metrics, health: () => report, logger: quietLogger() });
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(() => {
    report = readyReport();
  });

  it('listens on a free port on 127.0.0.1', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1', port: server.port });
  });

  describe('GET /healthz', () => {
    it('answers 200 {status: ok} while live', async () => {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('answers 503 when not live, even if ready', async () => {
      report = { ...readyReport(), live: false };
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { status: string }).status).not.toBe('ok');
    });

    it('stays 200 while live but not ready', async () => {
      report = { ...readyReport(), ready: false };
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });
  });

  describe('GET /readyz', () => {
    it('answers 200 with the report when ready', async () => {
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toEqual({ status: 'ready', ...readyReport() });
    });

    it('answers 503 with the disabled transitions, their problems and the feed error when not ready', async () => {
      report = {
        live: true,
        ready: false,
        checks: { couchdb: { ok: false, detail: 'ECONNREFUSED' }, config: { ok: false, detail: '2 problems' } },
        disabled_transitions: [
          { name: 'registration', problems: [{ path: '$.registrations[0].events[1].trigger', message: 'unknown trigger "foo"' }] },
        ],
        feed: { state: 'backoff', last_seq: '42-g1', backlog: 1200, error: 'GET http://admin:feedPW@couch:5984/medic/_changes: ECONNREFUSED' },
      };
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain('feedPW');
      const body = JSON.parse(text);
      expect(body.status).toBe('not_ready');
      expect(body.ready).toBe(false);
      expect(body.checks.couchdb).toEqual({ ok: false, detail: 'ECONNREFUSED' });
      expect(body.disabled_transitions).toEqual(report.disabled_transitions);
      expect(body.feed).toEqual({
        state: 'backoff',
        last_seq: '42-g1',
        backlog: 1200,
        error: 'GET http://admin:***@couch:5984/medic/_changes: ECONNREFUSED',
      });
    });

    it('answers 503 when the health function throws', async () => {
      const failing = await startOpsServer({
        port: 0,
        metrics,
        health: () => {
          throw new Error('db handle gone http://a:thrownPW@h');
        },
        logger: quietLogger(),
      });
      try {
        const ready = await fetch(`http://127.0.0.1:${failing.port}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.text()).not.toContain('thrownPW');
        expect((await fetch(`http://127.0.0.1:${failing.port}/healthz`)).status).toBe(503);
      } finally {
        await failing.close();
      }
    });
  });

  describe('GET /metrics', () => {
    it('serves the registry in the Prometheus text format', async () => {
      metrics.changesProcessed.inc({ outcome: 'ok' }, 7);
      setFeedState(metrics, 'running');
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('# TYPE vigil_changes_processed_total counter');
      expect(text).toContain('vigil_changes_processed_total{outcome="ok"} 7');
      expect(text).toContain('vigil_feed_state{state="running"} 1');
      expect(text).toContain('vigil_process_resident_memory_bytes');
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${base}/nope?x=1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', method: 'GET', path: '/nope' });
  });

  describe('routes mounted on the app after start, behind basic auth', () => {
    const auth = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

    beforeAll(() => {
      server.app.get('/gateway/ping', requireBasicAuth({ username: 'gw', password: 'gw-pass' }), (_req, res) => {
        res.json({ pong: true, user: res.locals.authUser });
      });
      server.app.get('/gateway/boom', () => {
        throw new Error('exploded talking to http://u:boomPW@sms');
      });
    });

    it('401 with a Basic challenge without credentials', async () => {
      const res = await fetch(`${base}/gateway/ping`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="vigil"/);
      expect(((await res.json()) as { error: string }).error).toBe('unauthorized');
    });

    it('401 with a wrong password or user', async () => {
      expect((await fetch(`${base}/gateway/ping`, { headers: auth('gw', 'wrong') })).status).toBe(401);
      expect((await fetch(`${base}/gateway/ping`, { headers: auth('other', 'gw-pass') })).status).toBe(401);
      expect((await fetch(`${base}/gateway/ping`, { headers: { Authorization: 'Bearer gw-pass' } })).status).toBe(401);
    });

    it('200 with the right credentials', async () => {
      const res = await fetch(`${base}/gateway/ping`, { headers: auth('gw', 'gw-pass') });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ pong: true, user: 'gw' });
    });

    it('errors in mounted routes become a JSON 500 that reveals nothing', async () => {
      const res = await fetch(`${base}/gateway/boom`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal_error' });
      expect(text).not.toContain('boomPW');
    });

    it('unknown routes are still a JSON 404', async () => {
      expect((await fetch(`${base}/gateway/unknown`)).status).toBe(404);
    });
  });

  it('close() stops the server and can be called twice', async () => {
    const other = await startOpsServer({ port: 0, metrics: createMetrics({ defaultMetrics: false }), health: readyReport, logger: quietLogger() });
    expect((await fetch(`http://127.0.0.1:${other.port}/healthz`)).status).toBe(200);
    await other.close();
    await other.close();
    await expect(fetch(`http://127.0.0.1:${other.port}/healthz`)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    await expect(startOpsServer({ port: server.port, metrics, health: readyReport, logger: quietLogger() })).rejects.toThrow(/EADDRINUSE/);
  });
});
