/** createLookups with `partition`: shortcodes another partition hands out count as taken, unread. */
import { createLookups } from '../../../lib/runner/lookups';
import { partitionOf } from '../../../lib/feed/partition';
import type { Couch, Db } from '../../../lib/couch/client';

function couchWith(usedCodes: string[]) {
  const asked: string[][] = [];
  const medic = {
    async view(_ddoc: string, _name: string, params: { keys: string[] }) {
      asked.push(params.keys);
      return { rows: params.keys.filter((k) => usedCodes.includes(k)).map((k) => ({ id: `doc-${k}`, key: k, value: null })) };
    },
  } as unknown as Db;
  return { couch: { medic, sentinel: {} as Db } as unknown as Couch, asked };
}

const codes = Array.from({ length: 60 }, (_, i) => String(10000 + i * 7));

describe('shortcodesTaken with a partition', () => {
  it('reports the codes of other partitions as taken without asking the view', async () => {
    const used = [codes[0], codes[1], codes[2]];
    const { couch, asked } = couchWith(used);
    const partition = { index: 1, count: 3 };
    const taken = await createLookups(couch, { partition }).shortcodesTaken(codes);
    const mine = codes.filter((c) => partitionOf(c, 3) === 1);
    expect(mine.length).toBeGreaterThan(5);
    expect(asked).toEqual([mine]);
    for (const code of codes) expect(taken.has(code)).toBe(!mine.includes(code) || used.includes(code));
  });

  it('partitions hand out disjoint codes: every code is free in exactly one of them', async () => {
    const free = await Promise.all(
      [0, 1, 2].map(async (index) => {
        const taken = await createLookups(couchWith([]).couch, { partition: { index, count: 3 } }).shortcodesTaken(codes);
        return codes.filter((c) => !taken.has(c));
      }),
    );
    expect(free.flat().sort()).toEqual([...codes].sort());
  });

  it('without a partition (or with one of one) every free code is free', async () => {
    for (const partition of [undefined, { index: 0, count: 1 }]) {
      const taken = await createLookups(couchWith([codes[5]]).couch, { partition }).shortcodesTaken(codes);
      expect([...taken]).toEqual([codes[5]]);
    }
  });
});
