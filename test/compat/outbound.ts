/**
 * The fake outbound HTTP destination of a scenario (`http_mock`) and the check of `outbound_expect`.
 *
 * Scenarios name destinations like `http://outbound-mock:9999`. The runner serves each such base URL from a
 * local HTTP server on 127.0.0.1 and rewrites the base URL inside the settings it hands to the engine; recorded
 * requests are reported under the scenario's original base URL. "all connections refused" closes the servers
 * (requests then fail with ECONNREFUSED and are not recorded, as in CHT's test).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deepEqual, isPlainObject, show } from './deep';
import type { HttpMock, OutboundExpect, OutboundRequestExpectation, Scenario } from './scenario';

export interface RecordedRequest {
  method: string;
  url: string;
  json_body: unknown;
  response_status: number;
  headers: Record<string, string | string[] | undefined>;
}

interface Route {
  status: number;
  body?: unknown;
}

class Endpoint {
  server: Server | undefined;
  port = 0;
  routes: Record<string, Route> = {};
  inFlight = 0;
  lastActivity = 0;
  constructor(readonly baseUrl: string, private readonly record: (r: RecordedRequest) => void) {}

  get localBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.inFlight++;
      this.lastActivity = Date.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* keep the raw text */
        }
        const pathname = new URL(req.url ?? '/', 'http://x').pathname;
        const route = this.routes[pathname] ?? this.routes[req.url ?? ''];
        const status = route?.status ?? 404;
        this.record({ method: req.method ?? '', url: `${this.baseUrl}${req.url ?? ''}`, json_body: body, response_status: status, headers: req.headers });
        const payload = route?.body !== undefined ? route.body : route ? { ok: status < 400 } : { error: 'not_found' };
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
        this.inFlight--;
        this.lastActivity = Date.now();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Every base URL a scenario's outbound settings or mocks mention. */
export function mockBaseUrls(scenario: Scenario): string[] {
  const urls = new Set<string>();
  const add = (m: HttpMock | undefined) => {
    if (m && typeof m === 'object' && typeof m.base_url === 'string') urls.add(trimSlash(m.base_url));
  };
  add(scenario.http_mock);
  for (const s of scenario.steps ?? []) add(s.http_mock);
  const outbound = scenario.settings?.outbound;
  if (urls.size === 0 && isPlainObject(outbound)) {
    for (const conf of Object.values(outbound)) {
      const base = (conf as any)?.destination?.base_url;
      if (typeof base === 'string') urls.add(trimSlash(base));
    }
  }
  return [...urls];
}

export class OutboundMock {
  readonly requests: RecordedRequest[] = [];
  private readonly endpoints: Endpoint[];

  constructor(baseUrls: string[]) {
    this.endpoints = baseUrls.map((b) => new Endpoint(trimSlash(b), (r) => this.requests.push(r)));
  }

  /** Binds a port for every base URL (so rewritten settings stay valid while the mock is "down"). */
  async start(): Promise<void> {
    for (const ep of this.endpoints) {
      await ep.up();
    }
  }

  /** Applies a scenario/step `http_mock` state. Absent = up with no routes (every request recorded, 404). */
  async apply(mock: HttpMock | undefined): Promise<void> {
    if (typeof mock === 'string') {
      if (!/refused|down|unreachable|offline/i.test(mock)) throw new Error(`unsupported http_mock ${JSON.stringify(mock)}`);
      for (const ep of this.endpoints) await ep.down();
      return;
    }
    for (const ep of this.endpoints) {
      if (!mock || trimSlash(mock.base_url) === ep.baseUrl) {
        ep.routes = mock?.routes ?? {};
        await ep.up();
      }
    }
  }

  /** Replaces every mocked base URL inside strings of `value` by the local server's address. */
  rewrite<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') {
        for (const ep of this.endpoints) if (v.startsWith(ep.baseUrl)) return ep.localBase + v.slice(ep.baseUrl.length);
        return v;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }

  /** Waits until no request is in flight and none arrived for `quietMs` (at most `maxMs`). */
  async settle(quietMs = 200, maxMs = 3000): Promise<void> {
    const start = Date.now();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(Math.min(quietMs, 50));
    while (Date.now() - start < maxMs) {
      const busy = this.endpoints.some((ep) => ep.inFlight > 0);
      const last = Math.max(0, ...this.endpoints.map((ep) => ep.lastActivity));
      if (!busy && Date.now() - last >= quietMs) return;
      await sleep(25);
    }
  }

  async stop(): Promise<void> {
    for (const ep of this.endpoints) await ep.down();
  }
}

function requestMatches(expected: OutboundRequestExpectation, actual: RecordedRequest): boolean {
  if (expected.method && expected.method.toUpperCase() !== actual.method.toUpperCase()) return false;
  if (expected.url !== undefined && trimSlash(expected.url) !== trimSlash(actual.url)) return false;
  if (expected.json_body !== undefined && !deepEqual(expected.json_body, actual.json_body)) return false;
  if (expected.response_status !== undefined && expected.response_status !== actual.response_status) return false;
  return true;
}

const showRequest = (r: OutboundRequestExpectation | RecordedRequest) =>
  `${r.method} ${r.url} ${show(r.json_body, 200)} → ${r.response_status ?? '?'}`;

/** Compares recorded requests with `outbound_expect` (placeholders already resolved). Returns failure lines. */
export function compareOutbound(expected: OutboundExpect, actual: RecordedRequest[]): string[] {
  const anyOrder = !Array.isArray(expected);
  const want = Array.isArray(expected) ? expected : expected.requests ?? [];
  const problems: string[] = [];
  if (anyOrder) {
    const left = [...actual];
    for (const w of want) {
      const i = left.findIndex((a) => requestMatches(w, a));
      if (i < 0) problems.push(`missing request: ${showRequest(w)}`);
      else left.splice(i, 1);
    }
    for (const a of left) problems.push(`unexpected request: ${showRequest(a)}`);
  } else {
    const n = Math.max(want.length, actual.length);
    for (let i = 0; i < n; i++) {
      const w = want[i];
      const a = actual[i];
      if (w && !a) problems.push(`request #${i + 1} missing: ${showRequest(w)}`);
      else if (!w && a) problems.push(`unexpected request #${i + 1}: ${showRequest(a)}`);
      else if (w && a && !requestMatches(w, a)) problems.push(`request #${i + 1}: expected ${showRequest(w)}, got ${showRequest(a)}`);
    }
  }
  return problems;
}
