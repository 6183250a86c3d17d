/**
 * The CouchDB the bench talks to: `COUCH_URL` (a server root; any database path in it is ignored, the
 * bench makes its own `bench-*` databases and deletes them afterwards) or the embedded server, on
 * leveldb in a temp folder by default (realistic) or in memory (`--memory`, quick).
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nano, { type ServerScope } from 'nano';
import { startEmbeddedServer } from '../lib/embedded/spawn';
import type { Doc, Settings } from '../lib/types';

export interface BenchServer {
  /** server root with credentials (never printed) */
  url: string;
  /** what the figures were measured against, for the report */
  kind: 'couchdb' | 'embedded-leveldb' | 'embedded-memory';
  nano: ServerScope;
  /** CPU seconds the embedded server process has used so far (undefined for an outside CouchDB) */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** utime + stime of a process from /proc (Linux), in seconds; undefined elsewhere. */
function procCpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name; utime and stime are the 14th and 15th fields
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export async function openServer(memory: boolean): Promise<BenchServer> {
  if (process.env.COUCH_URL) {
    const url = new URL(process.env.COUCH_URL);
    url.pathname = '';
    const root = url.toString().replace(/\/$/, '');
    return { url: root, kind: 'couchdb', nano: nano({ url: root }), cpuSeconds: () => undefined, stop: async () => undefined };
  }
  const dataDir = memory ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), 'vigil-bench-'));
  const server = await startEmbeddedServer({ port: 0, memory, dataDir, username: 'bench', password: randomBytes(12).toString('hex'), silent: true });
  return {
    url: server.url,
    kind: memory ? 'embedded-memory' : 'embedded-leveldb',
    nano: nano({ url: server.url }),
    cpuSeconds: () => procCpuSeconds(server.child.pid),
    stop: async () => {
      await server.stop();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh medic db and its sentinel db; `drop` deletes both. */
export async function createDbPair(server: BenchServer, name: string): Promise<{ name: string; drop(): Promise<void> }> {
  for (const db of [name, `${name}-sentinel`]) {
    await dropDb(server, db);
    await server.nano.db.create(db);
  }
  return {
    name,
    drop: async () => {
      await dropDb(server, name);
      await dropDb(server, `${name}-sentinel`);
    },
  };
}

export async function dropDb(server: BenchServer, name: string): Promise<void> {
  try {
    await server.nano.db.destroy(name);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

/** Writes the settings doc, the places, then the backlog chunks in order. */
export async function seed(server: BenchServer, db: string, settings: Settings, places: Doc[], chunks: Doc[][]): Promise<void> {
  const medic = server.nano.use(db);
  await medic.insert({ _id: 'settings', settings } as any);
  await bulkInsert(medic, places);
  for (const chunk of chunks) await bulkInsert(medic, chunk);
}

async function bulkInsert(db: ReturnType<ServerScope['use']>, docs: Doc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) {
    const res = (await db.bulk({ docs: docs.slice(i, i + 1000) })) as Array<{ id: string; error?: string }>;
    const failed = res.filter((r) => r.error);
    if (failed.length) throw new Error(`seeding: ${failed.length} docs failed, e.g. ${failed[0].id}: ${failed[0].error}`);
  }
}
