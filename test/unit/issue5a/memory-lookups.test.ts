/** The in-memory lookups behind `vigil simulate`: the two report queries these transitions added. */
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';

const r = (id: string, reported_date: unknown, extra: object = {}) => ({ _id: id, type: 'data_record', form: 'M', reported_date, ...extra });

describe('MemoryLookups.reportsBetween', () => {
  it('returns reports inside the range, both ends included, newest first', async () => {
    const lookups = new MemoryLookups([r('a', 10), r('b', 20), r('c', 30), r('d', 40), r('e', 20), r('no-date', undefined), { _id: 'p', type: 'person', reported_date: 20 }]);
    expect((await lookups.reportsBetween(20, 30)).map((d) => d._id)).toEqual(['c', 'e', 'b']);
    expect(await lookups.reportsBetween(41, 50)).toEqual([]);
  });
});

describe('MemoryLookups.reportsForPeriod', () => {
  const at = (id: string, date: number, fields: object, parent = 'clinic') => r(id, date, { fields: { year: 2025, ...fields }, contact: { _id: 'c', parent: { _id: parent } } });

  it('matches form, year, week or month and place, oldest first', async () => {
    const lookups = new MemoryLookups([
      at('w2', 20, { week: 9 }),
      at('w1', 10, { week_number: 9 }),
      at('w-other', 10, { week: 8 }),
      at('w-place', 10, { week: 9 }, 'clinic2'),
      at('m1', 10, { month: 9 }),
      at('y', 10, { week: 9, year: '2025' }),
    ]);
    expect((await lookups.reportsForPeriod('M', 2025, { kind: 'week', value: 9 }, 'clinic')).map((d) => d._id)).toEqual(['w1', 'w2']);
    expect((await lookups.reportsForPeriod('M', 2025, { kind: 'month', value: 9 }, 'clinic')).map((d) => d._id)).toEqual(['m1']);
    expect(await lookups.reportsForPeriod('X', 2025, { kind: 'week', value: 9 }, 'clinic')).toEqual([]);
  });
});
