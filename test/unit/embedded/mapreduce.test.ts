/**
 * The embedded server's map/reduce: view functions compiled once, run in a sandbox, with CouchDB's
 * built-in reduces. Runs on PouchDB in memory (the HTTP side is covered by the integration tests).
 */
import { createPouchClass } from '../../../lib/embedded/pouch';
import { compiledCount } from '../../../lib/embedded/mapreduce';

const PouchDB = createPouchClass({ memory: true });
let n = 0;
const freshDb = () => new PouchDB(`mapreduce-test-${n++}`);

const ddoc = (views: Record<string, { map: string; reduce?: string }>) => ({ _id: '_design/t', views });

describe('embedded map/reduce', () => {
  it('indexes with emit and answers key and keys queries', async () => {
    const db = freshDb();
    await db.bulkDocs([
      { _id: 'a', type: 'person', phone: '+111' },
      { _id: 'b', type: 'person', phone: '+222' },
      { _id: 'c', type: 'place' },
      ddoc({ by_phone: { map: 'function (doc) { if (doc.phone) { emit(doc.phone, { t: doc.type }); } }' } }),
    ]);
    const res = await db.query('t/by_phone', { keys: ['+222', '+999', '+111'] });
    expect(res.rows.map((r: any) => [r.key, r.id, r.value])).toEqual([
      ['+222', 'b', { t: 'person' }],
      ['+111', 'a', { t: 'person' }],
    ]);
    // a later write is picked up by the next query
    await db.put({ _id: 'd', phone: '+999' });
    expect((await db.query('t/by_phone', { key: '+999' })).rows.map((r: any) => r.id)).toEqual(['d']);
  });

  it('compiles a function once, however many docs it maps', async () => {
    const db = freshDb();
    const before = compiledCount();
    await db.bulkDocs([...Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, i })), ddoc({ v: { map: 'function (doc) { emit(doc.i); }' } })]);
    expect((await db.query('t/v')).rows).toHaveLength(50);
    expect(compiledCount()).toBe(before + 1);
  });

  it('gives map functions a copy: changing the doc changes neither the stored doc nor other views', async () => {
    const db = freshDb();
    await db.bulkDocs([
      { _id: 'a', n: 1 },
      ddoc({
        mutate: { map: 'function (doc) { doc.n = 99; emit(doc.n); }' },
        plain: { map: 'function (doc) { emit(doc.n); }' },
      }),
    ]);
    expect((await db.query('t/mutate')).rows[0].key).toBe(99);
    expect((await db.query('t/plain')).rows[0].key).toBe(1);
    expect((await db.get('a')).n).toBe(1);
  });

  it('keeps view code away from the host process', async () => {
    const db = freshDb();
    await db.bulkDocs([
      { _id: 'a' },
      ddoc({
        escape: {
          map: `function (doc) {
            var found = [];
            try { found.push(typeof process); } catch (e) { found.push('throws'); }
            try { found.push(typeof emit.constructor('return typeof process')()); } catch (e) { found.push('throws'); }
            try { found.push(typeof require); } catch (e) { found.push('throws'); }
            emit(found);
          }`,
        },
      }),
    ]);
    const [row] = (await db.query('t/escape')).rows;
    // emit is the sandbox's own function, and string code generation is off inside it
    expect(row.key).toEqual(['undefined', 'throws', 'undefined']);
  });

  it('skips a doc whose map call throws and indexes the others', async () => {
    const db = freshDb();
    await db.bulkDocs([{ _id: 'a', x: { y: 1 } }, { _id: 'b' }, ddoc({ v: { map: 'function (doc) { emit(doc.x.y); }' } })]);
    expect((await db.query('t/v')).rows.map((r: any) => r.id)).toEqual(['a']);
  });

  it('has the built-in reduces and custom ones', async () => {
    const db = freshDb();
    await db.bulkDocs([
      { _id: 'a', g: 'x', v: 1, arr: [1, 2] },
      { _id: 'b', g: 'x', v: 4, arr: [10, 20, 30] },
      { _id: 'c', g: 'y', v: 2, arr: [5] },
      ddoc({
        sum: { map: 'function (doc) { emit(doc.g, doc.v); }', reduce: '_sum' },
        sumArrays: { map: 'function (doc) { emit(doc.g, doc.arr); }', reduce: '_sum' },
        count: { map: 'function (doc) { emit(doc.g, null); }', reduce: '_count' },
        stats: { map: 'function (doc) { emit(doc.g, doc.v); }', reduce: '_stats' },
        custom: { map: 'function (doc) { emit(doc.g, doc.v); }', reduce: 'function (keys, values, rereduce) { return Math.max.apply(null, values); }' },
        badSum: { map: 'function (doc) { emit(doc.g, "text"); }', reduce: '_sum' },
      }),
    ]);
    const grouped = async (view: string) => (await db.query(`t/${view}`, { group: true })).rows.map((r: any) => [r.key, r.value]);
    expect(await grouped('sum')).toEqual([['x', 5], ['y', 2]]);
    expect(await grouped('sumArrays')).toEqual([['x', [11, 22, 30]], ['y', [5]]]);
    expect(await grouped('count')).toEqual([['x', 2], ['y', 1]]);
    expect(await grouped('stats')).toEqual([
      ['x', { sum: 5, min: 1, max: 4, count: 2, sumsqr: 17 }],
      ['y', { sum: 2, min: 2, max: 2, count: 1, sumsqr: 4 }],
    ]);
    expect(await grouped('custom')).toEqual([['x', 4], ['y', 2]]);
    await expect(db.query('t/badSum')).rejects.toThrow(/numbers/);
  });

  it('says when a view is missing', async () => {
    const db = freshDb();
    await db.put(ddoc({ v: { map: 'function (doc) { emit(doc._id); }' } }));
    await expect(db.query('t/nope')).rejects.toMatchObject({ status: 404 });
  });
});
