/**
 * Design docs vigil installs: `_design/vigil` (medic db) and `_design/vigil-sentinel` (sentinel db).
 * Installing is idempotent: a design doc is written only when its stored views differ (a rewrite makes
 * CouchDB rebuild every view of the doc, so never write needlessly).
 */
import type { Couch, Db } from './client';
import { statusOf } from './client';
import type { Doc } from '../types';
import { MEDIC_DDOC, MEDIC_VIEWS, SENTINEL_DDOC, SENTINEL_VIEWS, type ViewSource } from './views';

export interface DesignDoc extends Doc {
  language: 'javascript';
  views: Record<string, ViewSource>;
}

function designDoc(name: string, views: Record<string, ViewSource>): DesignDoc {
  const copy: Record<string, ViewSource> = {};
  for (const [key, view] of Object.entries(views)) {
    copy[key] = view.reduce ? { map: view.map, reduce: view.reduce } : { map: view.map };
  }
  return { _id: `_design/${name}`, language: 'javascript', views: copy };
}

export function medicDesignDoc(): DesignDoc {
  return designDoc(MEDIC_DDOC, MEDIC_VIEWS);
}

export function sentinelDesignDoc(): DesignDoc {
  return designDoc(SENTINEL_DDOC, SENTINEL_VIEWS);
}

/** JSON with object keys sorted, so that a stored doc compares equal whatever its key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
    }
    return v;
  });
}

export function sameDesign(stored: Doc | undefined, wanted: DesignDoc): boolean {
  if (!stored || stored._deleted) return false;
  return (stored.language ?? 'javascript') === wanted.language && canonical(stored.views ?? null) === canonical(wanted.views);
}

async function getOrUndefined(db: Db, id: string): Promise<Doc | undefined> {
  try {
    return (await db.get(id)) as Doc;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/**
 * Writes `ddoc` unless the stored version already has the same views. Other top-level fields of a stored
 * design doc are kept. Retries once on a 409; returns true when it wrote.
 */
export async function installDesignDoc(db: Db, ddoc: DesignDoc): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await getOrUndefined(db, ddoc._id);
    if (sameDesign(stored, ddoc)) return false;
    const next: Doc = { ...(stored ?? {}), ...ddoc, _id: ddoc._id };
    if (stored?._rev) next._rev = stored._rev;
    else delete next._rev;
    try {
      await db.insert(next as any);
      return true;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      if (attempt === 1) {
        // a concurrent installer (another vigil starting) may have written the same thing
        if (sameDesign(await getOrUndefined(db, ddoc._id), ddoc)) return false;
        throw err;
      }
    }
  }
  return false; // unreachable
}

/** Installs `_design/vigil` in the medic db and `_design/vigil-sentinel` in the sentinel db. */
export async function installDesignDocs(couch: Couch): Promise<void> {
  await installDesignDoc(couch.medic, medicDesignDoc());
  await installDesignDoc(couch.sentinel, sentinelDesignDoc());
}
