/** Just enough of a nano db (get, insert with revision checks, list by key range) for the users worker. */
import type { Doc } from '../../../lib/types';

const fail = (statusCode: number) => Object.assign(new Error(statusCode === 404 ? 'missing' : 'conflict'), { statusCode });

export class MemoryDb {
  readonly docs = new Map<string, Doc>();
  /** ids whose next insert fails with 409 once (a concurrent writer) */
  readonly conflictOnce = new Set<string>();

  constructor(docs: Doc[] = []) {
    docs.forEach((d) => this.docs.set(d._id, { ...structuredClone(d), _rev: '1-x' }));
  }

  async get(id: string): Promise<Doc> {
    const doc = this.docs.get(id);
    if (!doc) throw fail(404);
    return structuredClone(doc);
  }

  async insert(doc: Doc): Promise<{ id: string; rev: string }> {
    const current = this.docs.get(doc._id);
    if ((current?._rev ?? undefined) !== (doc._rev ?? undefined) || this.conflictOnce.delete(doc._id)) throw fail(409);
    const generation = current ? Number(current._rev!.split('-')[0]) + 1 : 1;
    const rev = `${generation}-x`;
    if (doc._deleted) this.docs.delete(doc._id);
    else this.docs.set(doc._id, { ...structuredClone(doc), _rev: rev });
    return { id: doc._id, rev };
  }

  async list(opts: { startkey: string; endkey: string; limit?: number }): Promise<{ rows: Array<{ id: string; doc: Doc }> }> {
    const ids = [...this.docs.keys()].filter((id) => id >= opts.startkey && id <= opts.endkey).sort();
    return { rows: ids.slice(0, opts.limit ?? ids.length).map((id) => ({ id, doc: structuredClone(this.docs.get(id)!) })) };
  }
}

export const memoryCouch = (medic: Doc[] = [], sentinel: Doc[] = []) => ({ medic: new MemoryDb(medic), sentinel: new MemoryDb(sentinel) });
