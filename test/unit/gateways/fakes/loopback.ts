/**
 * A small loopback HTTP server for fake gateway providers: 127.0.0.1, port 0, a JSON/form body reader,
 * scripted misbehaviour (status codes, delays, hung requests, dropped connections), and a close() that
 * also ends hung requests.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Script {
  /** HTTP status to answer instead of the normal one */
  status?: number;
  /** raw body to answer with that status (JSON-encoded when not a string) */
  body?: unknown;
  /** answer normally, but only after this many ms */
  delayMs?: number;
  /** never answer (the request is received and recorded) */
  hang?: boolean;
  /** drop the connection without answering */
  destroy?: boolean;
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  /** JSON or form body, parsed */
  body: any;
}

export type Route = (req: Received) => { status: number; body: unknown };

export interface Loopback {
  url: string;
  received: Received[];
  /** behaviours for the next requests of a path (consumed in order) */
  script(path: string, ...steps: Script[]): void;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): any {
  if (!raw) return undefined;
  if (type?.includes('application/json')) return JSON.parse(raw);
  if (type?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

export async function startLoopback(routes: Record<string, Route>): Promise<Loopback> {
  const received: Received[] = [];
  const scripts = new Map<string, Script[]>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = parseBody(raw, req.headers['content-type']);
      } catch {
        return send(res, 400, { detail: 'JSON parse error' });
      }
      const entry: Received = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw, body };
      received.push(entry);
      const step = scripts.get(url.pathname)?.shift();
      if (step?.hang) return;
      if (step?.destroy) {
        req.socket.destroy();
        return;
      }
      const answer = () => {
        if (step?.status !== undefined) return send(res, step.status, step.body ?? '');
        const route = routes[`${entry.method} ${url.pathname}`];
        if (!route) return send(res, 404, { detail: 'Not found.' });
        const out = route(entry);
        send(res, out.status, out.body);
      };
      if (step?.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) answer();
        }, step.delayMs);
        timers.add(t);
      } else {
        answer();
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(path, ...steps) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...steps]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
