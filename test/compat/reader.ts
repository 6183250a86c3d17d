/**
 * How expectations read the databases: a small interface, an in-memory implementation (unit tests) and a
 * CouchDB one that caches reads for one round of checks (create a fresh one after every change).
 */
import type { Couch } from '../../lib/couch/client';
import type { DbName } from './scenario';

export type AnyDoc = { _id: string; _rev?: string; [key: string]: any };

export interface DocLookup {
  /** the live doc, if any */
  doc?: AnyDoc;
  /** true when the id exists only as a deletion tombstone */
  deleted?: boolean;
}

export interface DocReader {
  get(db: DbName, id: string): Promise<DocLookup>;
  /** every live doc of the database except design docs */
  list(db: DbName): Promise<AnyDoc[]>;
}

/** A reader over plain objects; ids listed in `deleted` read as tombstones. */
export function memoryReader(
  data: Partial<Record<DbName, AnyDoc[]>>,
  deleted: Partial<Record<DbName, string[]>> = {},
): DocReader {
  return {
    async get(db, id) {
      const doc = (data[db] ?? []).find((d) => d._id === id);
      if (doc) return { doc: structuredClone(doc) };
      return (deleted[db] ?? []).includes(id) ? { deleted: true } : {};
    },
    async list(db) {
      return (data[db] ?? []).filter((d) => !d._id.startsWith('_design/')).map((d) => structuredClone(d));
    },
  };
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number };
  return e?.statusCode ?? e?.status;
}

/** A reader over the scenario's two databases; every read is cached until the reader is dropped. */
export function couchReader(couch: Couch): DocReader {
  const gets = new Map<string, Promise<DocLookup>>();
  const lists = new Map<DbName, Promise<AnyDoc[]>>();
  const dbOf = (db: DbName) => (db === 'sentinel' ? couch.sentinel : couch.medic);

  const fetchOne = async (db: DbName, id: string): Promise<DocLookup> => {
    try {
      return { doc: (await dbOf(db).get(id)) as AnyDoc };
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    // 404: missing, or deleted? `_all_docs?keys` tells tombstones apart on CouchDB and PouchDB alike.
    const res = await dbOf(db).fetchRevs({ keys: [id] });
    const row = res.rows[0] as { value?: { deleted?: boolean } } | undefined;
    return row?.value?.deleted ? { deleted: true } : {};
  };

  return {
    get(db, id) {
      const key = `${db}\u0000${id}`;
      let p = gets.get(key);
      if (!p) {
        p = fetchOne(db, id);
        gets.set(key, p);
      }
      return p;
    },
    list(db) {
      let p = lists.get(db);
      if (!p) {
        p = dbOf(db)
          .list({ include_docs: true })
          .then((res) =>
            res.rows
              .map((r) => r.doc as AnyDoc | undefined)
              .filter((d): d is AnyDoc => !!d && !d._id.startsWith('_design/')),
          );
        lists.set(db, p);
      }
      return p;
    },
  };
}
