/** Ids found missing are remembered like docs: not asked for again until invalidated or too old. */
import { createLookups, DocCache } from '../../../lib/runner/lookups';
import type { Couch, Db } from '../../../lib/couch/client';

function couchWith(docs: Record<string, object>) {
  const asked: string[][] = [];
  const medic = {
    async fetch({ keys }: { keys: string[] }) {
      asked.push(keys);
      return { rows: keys.map((k) => (docs[k] ? { id: k, key: k, value: {}, doc: { _id: k, ...docs[k] } } : { key: k, error: 'not_found' })) };
    },
  } as unknown as Db;
  return { couch: { medic, sentinel: {} as Db } as unknown as Couch, asked };
}

describe('missing docs in the lookups cache', () => {
  it('asks once for a missing id, again after invalidate', async () => {
    const docs: Record<string, object> = { a: { type: 'thing' } };
    const { couch, asked } = couchWith(docs);
    const lookups = createLookups(couch);
    expect(await lookups.getDocs(['a', 'gone'])).toEqual([{ _id: 'a', type: 'thing' }, undefined]);
    expect(await lookups.getDoc('gone')).toBeUndefined();
    expect(lookups.isCached?.('gone')).toBe(true);
    expect(asked).toEqual([['a', 'gone']]);
    docs.gone = { type: 'new' };
    lookups.invalidate(['gone']);
    expect(await lookups.getDoc('gone')).toEqual({ _id: 'gone', type: 'new' });
    expect(asked).toEqual([['a', 'gone'], ['gone']]);
  });

  it('forgets a missing id after maxAgeMs', async () => {
    let now = 0;
    const { couch, asked } = couchWith({});
    const lookups = createLookups(couch, { cache: new DocCache({ maxAgeMs: 1000, now: () => now }) });
    await lookups.getDoc('gone');
    now = 500;
    await lookups.getDoc('gone');
    now = 1600;
    await lookups.getDoc('gone');
    expect(asked).toEqual([['gone'], ['gone']]);
  });

  it('a read started before an invalidation does not record the id as missing', () => {
    const cache = new DocCache();
    const generation = cache.generation;
    cache.invalidate(['x']);
    cache.setMissing('x', generation);
    expect(cache.isMissing('x')).toBe(false);
    cache.setMissing('x', cache.generation);
    expect(cache.isMissing('x')).toBe(true);
    expect(cache.get('x')).toBeUndefined();
    expect(cache.has('x')).toBe(false);
  });
});
