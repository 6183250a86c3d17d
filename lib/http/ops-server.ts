/**
 * The operations server: liveness, readiness and Prometheus metrics.
 *
 *   GET /healthz  200 {status:'ok'} while the process is live, 503 otherwise (restart me)
 *   GET /readyz   200 when ready, else 503 (don't rely on me yet); the body is the health report:
 *                 checks, transitions disabled by configuration problems and why, the feed's state
 *   GET /metrics  Prometheus text format from the engine's own registry
 *
 * These routes are unauthenticated (probes and scrapers) and bound to 127.0.0.1 unless told otherwise;
 * the report is redacted before it is sent. The express `app` is returned so other modules (gateways)
 * can mount their routes on it, behind `requireBasicAuth` (./auth). Unknown routes get a JSON 404 no
 * matter when routes are mounted: the 404/error responses are produced after the whole app has run.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import type { Logger } from 'winston';
import { logger as defaultLogger, redact } from '../log';
import type { Metrics } from '../metrics';

export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

export interface HealthReport {
  /** the process can make progress (false: an orchestrator should restart it) */
  live: boolean;
  /** the engine is connected, configured and following the feed */
  ready: boolean;
  checks: Record<string, HealthCheck>;
  /** transitions switched off because their configuration is broken, with each problem's JSON path */
  disabled_transitions?: Array<{ name: string; problems: Array<{ path: string; message: string }> }>;
  feed?: { state: string; last_seq?: string; backlog?: number; error?: string };
}

export interface OpsServerOptions {
  /** TCP port; 0 picks a free one (see the returned `port`) */
  port: number;
  /** interface to bind; default 127.0.0.1 */
  host?: string;
  metrics: Metrics;
  health: () => HealthReport | Promise<HealthReport>;
  logger?: Logger;
  /** how long `close()` lets in-flight requests finish before dropping their connections; default 5000 ms */
  closeTimeoutMs?: number;
}

export interface OpsServer {
  port: number;
  /** stops accepting connections and resolves once the server is closed; safe to call twice */
  close(): Promise<void>;
  app: express.Express;
  server: http.Server;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** Builds the ops routes on a fresh express app (exported for tests and for embedding in another server). */
export function createOpsApp(opts: Pick<OpsServerOptions, 'metrics' | 'health' | 'logger'>): express.Express {
  const log = opts.logger ?? defaultLogger;
  const app = express();
  app.disable('x-powered-by');

  async function report(): Promise<HealthReport> {
    return await opts.health();
  }

  app.get('/healthz', async (_req, res) => {
    try {
      const r = await report();
      if (r.live) sendJson(res, 200, { status: 'ok' });
      else sendJson(res, 503, { status: 'unavailable' });
    } catch (err) {
      log.error('health check failed', { route: '/healthz', err });
      sendJson(res, 503, { status: 'error', error: redact(err instanceof Error ? err.message : String(err)) });
    }
  });

  app.get('/readyz', async (_req, res) => {
    try {
      const r = await report();
      const ready = r.live && r.ready;
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', ...(redact(r) as HealthReport) });
    } catch (err) {
      log.error('readiness check failed', { route: '/readyz', err });
      sendJson(res, 503, {
        status: 'error',
        live: false,
        ready: false,
        checks: { health: { ok: false, detail: redact(err instanceof Error ? err.message : String(err)) } },
      });
    }
  });

  app.get('/metrics', async (_req, res) => {
    try {
      const text = await opts.metrics.registry.metrics();
      res.status(200).set('Content-Type', opts.metrics.registry.contentType).set('Cache-Control', 'no-store').send(text);
    } catch (err) {
      log.error('metrics collection failed', { route: '/metrics', err });
      sendJson(res, 500, { error: 'metrics_failed' });
    }
  });

  return app;
}

/** Starts the ops server; resolves once it listens. */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const log = opts.logger ?? defaultLogger;
  const host = opts.host ?? '127.0.0.1';
  const app = createOpsApp(opts);

  // Runs the app with our own final handler instead of express's HTML one: it sees every route
  // mounted on `app`, including those added after start.
  const handle = app as unknown as (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => void;
  const server = http.createServer((req, res) => {
    handle(req, res, (err?: unknown) => {
      if (err === undefined || err === null || err === 'route' || err === 'router') {
        sendJson(res, 404, { error: 'not_found', method: req.method, path: (req.url ?? '/').split('?')[0] });
        return;
      }
      const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
      const raw = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
      const status = raw >= 400 && raw < 600 ? raw : 500;
      if (status >= 500) log.error('ops server request failed', { method: req.method, path: (req.url ?? '/').split('?')[0], err });
      const expose = status < 500 && e.expose !== false && typeof e.message === 'string';
      sendJson(res, status, { error: status >= 500 ? 'internal_error' : 'bad_request', ...(expose ? { reason: redact(e.message as string) } : {}) });
    });
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new Error(`ops server cannot listen on ${host}:${opts.port}: ${err.code ?? err.message}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts.port, host);
  });
  server.on('error', (err) => log.error('ops server error', { err }));

  const port = (server.address() as AddressInfo).port;
  log.debug('ops server listening', { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, routes: ['/healthz', '/readyz', '/metrics'] });

  let closing: Promise<void> | undefined;
  const closeTimeoutMs = opts.closeTimeoutMs ?? 5000;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, closeTimeoutMs);
      timer.unref();
      server.close((err) => {
        clearTimeout(timer);
        if (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(err);
        else resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  }

  return { port, close, app, server };
}
