/**
 * lib/couch/bulk.ts and lib/couch/ddoc.ts against a fake nano db (the real server is covered by
 * test/integration/lookups.test.ts).
 */
import { bulkSave, fetchDocs, queryView } from '../../../lib/couch/bulk';
import { installDesignDoc, medicDesignDoc, sameDesign } from '../../../lib/couch/ddoc';
import type { Db } from '../../../lib/couch/client';

const conflict = () => Object.assign(new Error('Document update conflict.'), { statusCode: 409 });
const notFound = () => Object.assign(new Error('missing'), { statusCode: 404 });

describe('fetchDocs', () => {
  it('chunks keys, skips missing and deleted docs, ignores duplicates and empty ids', async () => {
    const requests: string[][] = [];
    const db = {
      async fetch({ keys }: { keys: string[] }) {
        requests.push(keys);
        return {
          rows: keys.map((k) =>
            k === 'gone'
              ? { id: k, key: k, value: { rev: '2-x', deleted: true }, doc: null }
              : k === 'missing'
                ? { key: k, error: 'not_found' }
                : { id: k, key: k, value: { rev: '1-x' }, doc: { _id: k, _rev: '1-x' } },
          ),
        };
      },
    } as unknown as Db;
    const ids = ['a', 'b', 'gone', 'missing', 'a', '', 'c', 'd', 'e'];
    const out = await fetchDocs(db, ids, { chunkSize: 3 });
    expect([...out.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(requests).toEqual([['a', 'b', 'gone'], ['missing', 'c', 'd'], ['e']]);
  });
});

describe('bulkSave', () => {
  it('matches results by id even when the server returns them out of order', async () => {
    const db = {
      async bulk({ docs }: { docs: any[] }) {
        return docs
          .map((d) => (d._id === 'b' ? { id: 'b', error: 'conflict', reason: 'Document update conflict.' } : { id: d._id, ok: true, rev: `1-${d._id}` }))
          .reverse();
      },
    } as unknown as Db;
    const out = await bulkSave(db, [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
    expect(out).toEqual([
      { id: 'a', ok: true, rev: '1-a' },
      { id: 'b', ok: false, error: 'conflict', reason: 'Document update conflict.', status: 409 },
      { id: 'c', ok: true, rev: '1-c' },
    ]);
  });

  it('chunks, and reports a doc the server said nothing about', async () => {
    const calls: string[][] = [];
    const db = {
      async bulk({ docs }: { docs: any[] }) {
        calls.push(docs.map((d) => d._id));
        return docs.filter((d) => d._id !== 'z').map((d) => ({ id: d._id, ok: true, rev: '1-x' }));
      },
    } as unknown as Db;
    const out = await bulkSave(db, [{ _id: 'x' }, { _id: 'y' }, { _id: 'z' }], { chunkSize: 2 });
    expect(calls).toEqual([['x', 'y'], ['z']]);
    expect(out[2]).toMatchObject({ id: 'z', ok: false, error: 'missing_result' });
  });

  it('refuses duplicate ids and docs without _id before writing anything', async () => {
    const bulk = jest.fn();
    const db = { bulk } as unknown as Db;
    await expect(bulkSave(db, [{ _id: 'a' }, { _id: 'a', x: 1 }])).rejects.toThrow(/more than once/);
    await expect(bulkSave(db, [{ _id: '' } as any])).rejects.toThrow(/_id/);
    expect(bulk).not.toHaveBeenCalled();
  });
});

describe('queryView', () => {
  it('splits "<ddoc>/<view>", chunks long key lists and keeps their order', async () => {
    const calls: any[] = [];
    const db = {
      async view(ddoc: string, name: string, params: any) {
        calls.push({ ddoc, name, params });
        return { rows: (params.keys ?? []).map((k: string) => ({ id: `doc-${k}`, key: k, value: null })), total_rows: 10 };
      },
    } as unknown as Db;
    const res = await queryView(db, 'vigil/contacts_by_phone', { keys: ['1', '2', '3'], include_docs: true }, { chunkSize: 2 });
    expect(res.rows.map((r) => r.key)).toEqual(['1', '2', '3']);
    expect(calls.map((c) => [c.ddoc, c.name, c.params.keys, c.params.include_docs])).toEqual([
      ['vigil', 'contacts_by_phone', ['1', '2'], true],
      ['vigil', 'contacts_by_phone', ['3'], true],
    ]);
    expect((await queryView(db, 'vigil/x', { keys: [] })).rows).toEqual([]);
    await expect(queryView(db, 'no-slash')).rejects.toThrow(/ddoc/);
  });
});

describe('installDesignDoc', () => {
  function fakeDb(initial?: any, opts: { conflicts?: number } = {}) {
    let stored = initial ? JSON.parse(JSON.stringify(initial)) : undefined;
    let conflicts = opts.conflicts ?? 0;
    const inserts: any[] = [];
    const db = {
      async get(id: string) {
        if (!stored || stored._id !== id) throw notFound();
        return JSON.parse(JSON.stringify(stored));
      },
      async insert(doc: any) {
        inserts.push(doc);
        if (conflicts > 0) {
          conflicts--;
          stored = { ...(stored ?? { _id: doc._id }), _rev: `${Number.parseInt(stored?._rev ?? '0', 10) + 1}-other` };
          throw conflict();
        }
        if ((stored?._rev ?? undefined) !== doc._rev) throw conflict();
        stored = { ...doc, _rev: `${Number.parseInt(doc._rev ?? '0', 10) + 1}-x` };
        return { ok: true, id: doc._id, rev: stored._rev };
      },
    } as unknown as Db;
    return { db, inserts, stored: () => stored };
  }

  it('writes when absent, then is a no-op when the stored views are equal (whatever the key order)', async () => {
    const { db, inserts, stored } = fakeDb();
    expect(await installDesignDoc(db, medicDesignDoc())).toBe(true);
    expect(stored().views.contacts_by_phone.map).toContain('emit(String(doc.phone)');
    expect(await installDesignDoc(db, medicDesignDoc())).toBe(false);
    expect(inserts).toHaveLength(1);

    const reordered = { ...stored(), views: Object.fromEntries(Object.entries(stored().views).reverse()) };
    expect(sameDesign(reordered, medicDesignDoc())).toBe(true);
  });

  it('rewrites a changed view with the stored _rev, keeping other fields', async () => {
    const old = { ...medicDesignDoc(), _rev: '3-a', validate_doc_update: 'function () {}' };
    old.views = { ...old.views, contacts_by_phone: { map: 'function (doc) { emit(doc.phone); }' } };
    const { db, inserts, stored } = fakeDb(old);
    expect(await installDesignDoc(db, medicDesignDoc())).toBe(true);
    expect(inserts[0]._rev).toBe('3-a');
    expect(stored().validate_doc_update).toBe('function () {}');
    expect(sameDesign(stored(), medicDesignDoc())).toBe(true);
  });

  it('retries once on 409, then gives up', async () => {
    const once = fakeDb(undefined, { conflicts: 1 });
    expect(await installDesignDoc(once.db, medicDesignDoc())).toBe(true);
    expect(once.inserts).toHaveLength(2);

    const twice = fakeDb(undefined, { conflicts: 2 });
    await expect(installDesignDoc(twice.db, medicDesignDoc())).rejects.toMatchObject({ statusCode: 409 });
    expect(twice.inserts).toHaveLength(2);
  });
});
