/** placeIdPages: paging contacts_by_type with startkey_docid (CouchDB), or by position where it is ignored. */
import type { Db } from '../../../lib/couch/client';
import { placeIdPages } from '../../../schedules/reminders/places';

const ROWS: Record<string, string[]> = { household: ['h1', 'h2', 'h3', 'h4', 'h5'], area: ['a1'] };

/** A view over ROWS; `honoursDocId` = CouchDB behaviour, else PouchDB's (startkey_docid ignored). */
function fakeDb(honoursDocId: boolean) {
  const calls: any[] = [];
  const db = {
    async view(_ddoc: string, _name: string, params: any) {
      calls.push(params);
      let ids = ROWS[params.startkey[0]] ?? [];
      if (honoursDocId && params.startkey_docid) ids = ids.filter((id) => id >= params.startkey_docid);
      ids = ids.slice(params.skip ?? 0, (params.skip ?? 0) + (params.limit ?? ids.length));
      return { rows: ids.map((id) => ({ id, key: params.startkey, value: 'x' })) };
    },
  };
  return { db: db as unknown as Db, calls };
}

async function pages(db: Db, types: string[], pageSize: number): Promise<string[][]> {
  const out: string[][] = [];
  for await (const page of placeIdPages(db, types, { pageSize })) out.push(page);
  return out;
}

describe('placeIdPages', () => {
  it.each([true, false])('pages every place of every type once (startkey_docid honoured: %s)', async (honours) => {
    const { db } = fakeDb(honours);
    expect(await pages(db, ['area', 'household', 'area'], 2)).toEqual([['a1'], ['h1', 'h2'], ['h3', 'h4'], ['h5']]);
    expect(await pages(db, ['household'], 1)).toEqual([['h1'], ['h2'], ['h3'], ['h4'], ['h5']]);
    expect(await pages(db, ['household'], 5)).toEqual([['h1', 'h2', 'h3', 'h4', 'h5']]);
    expect(await pages(db, ['nothing'], 5)).toEqual([]);
  });

  it('uses startkey_docid, not skip, where the server honours it', async () => {
    const { db, calls } = fakeDb(true);
    await pages(db, ['household'], 2);
    expect(calls.map((c) => [c.startkey_docid, c.skip, c.limit])).toEqual([
      [undefined, undefined, 2],
      ['h2', undefined, 3],
      ['h4', undefined, 3],
    ]);
  });

  it('falls back to skip once the server shows it ignores startkey_docid', async () => {
    const { db, calls } = fakeDb(false);
    await pages(db, ['household'], 2);
    expect(calls.map((c) => [c.startkey_docid, c.skip, c.limit])).toEqual([
      [undefined, undefined, 2],
      ['h2', undefined, 3],
      [undefined, 2, 2],
      [undefined, 4, 2],
    ]);
  });
});
