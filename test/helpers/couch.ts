/**
 * The CouchDB every integration test talks to: `COUCH_URL` (the server root with credentials, e.g.
 * http://admin:pass@127.0.0.1:5984) when set, else an embedded in-memory server on a free port,
 * started once per test file (jest gives each file its own module registry) and shared within it.
 */
import { randomBytes } from 'node:crypto';
import nano, { type ServerScope } from 'nano';
import { startEmbeddedServer } from '../../lib/embedded/spawn';

export interface TestCouch {
  /** server root with credentials, no trailing slash */
  url: string;
  nano: ServerScope;
  /** a valid CouchDB database name, unique per call (also across workers sharing one COUCH_URL) */
  uniqueDbName(prefix: string): string;
  createDb(name: string): Promise<void>;
  /** ignores a missing database */
  destroyDb(name: string): Promise<void>;
  /** stops the embedded server once every getTestCouch() caller has stopped; never touches COUCH_URL */
  stop(): Promise<void>;
}

let shared: Promise<{ url: string; stop(): Promise<void> }> | undefined;
let users = 0;
let counter = 0;

function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.COUCH_URL) {
    return Promise.resolve({ url: process.env.COUCH_URL.replace(/\/+$/, ''), stop: async () => undefined });
  }
  return startEmbeddedServer({
    port: 0,
    memory: true,
    username: 'vigil-test',
    password: randomBytes(12).toString('hex'),
    silent: true,
  });
}

export function uniqueDbName(prefix: string): string {
  // CouchDB: ^[a-z][a-z0-9_$()+/-]*$
  let base = prefix.toLowerCase().replace(/[^a-z0-9_$()+-]/g, '-');
  if (!/^[a-z]/.test(base)) base = `t${base}`;
  counter += 1;
  return `${base}-${Date.now().toString(36)}-${process.pid}-${counter}`;
}

export async function getTestCouch(): Promise<TestCouch> {
  shared ??= startServer();
  let server: { url: string; stop(): Promise<void> };
  try {
    server = await shared;
  } catch (err) {
    shared = undefined;
    throw err;
  }
  users += 1;
  const client = nano({ url: server.url });
  let stopped = false;
  return {
    url: server.url,
    nano: client,
    uniqueDbName,
    async createDb(name) {
      await client.db.create(name);
    },
    async destroyDb(name) {
      try {
        await client.db.destroy(name);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      users -= 1;
      if (users > 0) return;
      shared = undefined;
      await server.stop();
    },
  };
}
