/**
 * The I/O floor: what the database allows at best for the work vigil does on a backlog, measured on the
 * same server right before and after vigil's own run.
 *
 * - read: the whole feed with its docs (`_changes?include_docs=true`, `batch` changes per request, one
 *   request at a time, as vigil's engine reads);
 * - write: the docs vigil produced (the final version of every backlog doc) bulk-written into a scratch
 *   db, `batch` per `_bulk_docs`, one request at a time. Only the writes are timed; the pages are read
 *   from vigil's db untimed in between, so memory stays flat at any N.
 */
import { authorise } from '../lib/feed/changes-source';
import type { BenchServer } from './server';
import { createDbPair } from './server';

export interface FloorRead {
  changes: number;
  ms: number;
}

export interface FloorWrite {
  docs: number;
  bytes: number;
  ms: number;
}

async function getJson(server: BenchServer, pathAndQuery: string, init: RequestInit = {}): Promise<any> {
  const { base, headers } = authorise(server.url);
  const res = await fetch(`${base}/${pathAndQuery}`, { ...init, headers: { ...headers, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const body = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} /${pathAndQuery.split('?')[0]}: HTTP ${res.status} ${body.slice(0, 200)}`);
  return JSON.parse(body);
}

export async function measureRead(server: BenchServer, db: string, batch: number): Promise<FloorRead> {
  let since = '0';
  let changes = 0;
  const t0 = performance.now();
  for (;;) {
    const res = await getJson(server, `${encodeURIComponent(db)}/_changes?include_docs=true&limit=${batch}&since=${encodeURIComponent(since)}`);
    changes += res.results.length;
    since = String(res.last_seq);
    if (res.results.length < batch) break;
  }
  return { changes, ms: performance.now() - t0 };
}

/**
 * Copies the final version of every backlog doc of `fromDb` (the seeded places, people and reports; not
 * the patients vigil created, nor design docs and settings) into a scratch db, timing the writes: as many
 * docs as the feed had changes, each the size vigil left it.
 */
export async function measureWrite(server: BenchServer, fromDb: string, batch: number): Promise<FloorWrite> {
  const scratch = await createDbPair(server, `${fromDb}-floor`);
  let docs = 0;
  let bytes = 0;
  let ms = 0;
  let startkey: string | undefined;
  try {
    for (;;) {
      const qs = new URLSearchParams({ include_docs: 'true', limit: String(batch + 1) });
      if (startkey !== undefined) qs.set('startkey', JSON.stringify(startkey));
      const page = await getJson(server, `${encodeURIComponent(fromDb)}/_all_docs?${qs}`);
      const rows = page.rows as Array<{ id: string; doc: any }>;
      const more = rows.length > batch;
      const body = rows
        .slice(0, batch)
        .filter((r) => r.doc && (r.id.startsWith('bench-') || r.doc.type === 'data_record'))
        .map(({ doc }) => {
          const { _rev, ...rest } = doc;
          return rest;
        });
      if (body.length) {
        const text = JSON.stringify({ docs: body });
        const t0 = performance.now();
        const res = (await getJson(server, `${encodeURIComponent(scratch.name)}/_bulk_docs`, { method: 'POST', body: text })) as Array<{ error?: string }>;
        ms += performance.now() - t0;
        if (res.some((r) => r.error)) throw new Error('floor write: some docs were not written');
        docs += body.length;
        bytes += Buffer.byteLength(text);
      }
      if (!more) break;
      startkey = rows[batch].id;
    }
  } finally {
    await scratch.drop();
  }
  return { docs, bytes, ms };
}
