/**
 * Connection to CouchDB following CHT's convention: COUCH_URL names the medic database
 * (http://user:pass@host:5984/medic); the engine's own database is `<db>-sentinel`.
 */
import nano from 'nano';
import type { DocumentScope, ServerScope } from 'nano';

export type Db = DocumentScope<any>;

export interface Couch {
  server: ServerScope;
  /** server root URL with credentials, no trailing slash (never log it: use `safeUrl`) */
  serverUrl: string;
  medicName: string;
  sentinelName: string;
  medic: Db;
  sentinel: Db;
}

/** Splits `http://u:p@host:5984/medic` into the server root and the database name. */
export function parseCouchUrl(couchUrl: string): { serverUrl: string; dbName: string } {
  const url = new URL(couchUrl);
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 0) throw new Error('COUCH_URL must name a database, e.g. http://admin:pass@localhost:5984/medic');
  const dbName = decodeURIComponent(parts.pop() as string);
  url.pathname = parts.length ? `/${parts.join('/')}` : '';
  return { serverUrl: url.toString().replace(/\/$/, ''), dbName };
}

/** The URL with its password masked, for logs and errors. */
export function safeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid url>';
  }
}

export function connect(serverUrl: string, medicName: string): Couch {
  const server = nano({ url: serverUrl });
  const sentinelName = `${medicName}-sentinel`;
  return {
    server,
    serverUrl,
    medicName,
    sentinelName,
    medic: server.use(medicName),
    sentinel: server.use(sentinelName),
  };
}

export function connectUrl(couchUrl: string): Couch {
  const { serverUrl, dbName } = parseCouchUrl(couchUrl);
  return connect(serverUrl, dbName);
}

/** Creates a database unless it exists (412 = already there). */
export async function ensureDb(server: ServerScope, name: string): Promise<void> {
  try {
    await server.db.create(name);
  } catch (err: any) {
    if (err?.statusCode !== 412) throw err;
  }
}

/** HTTP status of a nano error, if any. */
export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number };
  return e?.statusCode ?? e?.status;
}
