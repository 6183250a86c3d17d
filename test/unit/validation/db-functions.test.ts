/** exists / unique / uniqueWithin over the free-text terms (spec 2.7), on in-memory lookups. */
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import type { Doc, Lookups } from '../../../lib/types';
import { check, makeEnv, NOW, silentLogger } from './helpers';

const DAY = 24 * 3600 * 1000;
const report = (id: string, extra: Partial<Doc>): Doc => ({ _id: id, type: 'data_record', form: 'REG', reported_date: NOW - DAY, ...extra });

const DOCS: Doc[] = [
  report('r1', { fields: { patient_id: '12345', name: 'Mary' } }),
  report('r2', { form: 'PREG', fields: { patient_id: '55555', name: 'Ann' }, reported_date: NOW - 10 * DAY }),
  report('r3', { fields: { patient_id: '77777' }, errors: [{ code: 'x', message: 'bad' }] }),
  report('r4', { fields: { patient_id: '88888', week: 5 } }),
  report('r5', { fields: { patient_id: '99999' }, errors: [] }),
];

/** MemoryLookups recording the term queries */
function recording(docs: Doc[]) {
  const inner = new MemoryLookups(docs);
  const queries: string[][] = [];
  const lookups: Lookups = Object.assign(Object.create(inner), {
    reportIdsByTerms: async (terms: string[]) => {
      queries.push(terms);
      return inner.reportIdsByTerms(terms);
    },
  });
  return { lookups, queries };
}

describe('unique', () => {
  it('fails when another error-free report has the same value, case-insensitively', async () => {
    const { lookups, queries } = recording(DOCS);
    const env = makeEnv({ lookups });
    expect(await check("unique('patient_id')", { _id: 'new', patient_id: '12345' }, 'patient_id', env)).toBe(false);
    expect(await check("unique('name')", { _id: 'new', name: 'MARY' }, 'name', env)).toBe(false);
    expect(queries).toEqual([['patient_id:12345'], ['name:mary']]);
  });

  it('passes when no other report matches, ignoring the doc itself and reports with errors', async () => {
    const env = makeEnv({ docs: DOCS });
    expect(await check("unique('patient_id')", { _id: 'new', patient_id: '00000' }, 'patient_id', env)).toBe(true);
    expect(await check("unique('patient_id')", { _id: 'r1', patient_id: '12345' }, 'patient_id', env)).toBe(true);
    expect(await check("unique('patient_id')", { _id: 'new', patient_id: '77777' }, 'patient_id', env)).toBe(true);
    // an empty errors array is no error
    expect(await check("unique('patient_id')", { _id: 'new', patient_id: '99999' }, 'patient_id', env)).toBe(false);
  });

  it('needs all fields to match', async () => {
    const env = makeEnv({ docs: DOCS });
    expect(await check("unique('patient_id', 'name')", { _id: 'new', patient_id: '12345', name: 'Ann' }, 'patient_id', env)).toBe(true);
    expect(await check("unique('patient_id', 'name')", { _id: 'new', patient_id: '12345', name: 'mary' }, 'patient_id', env)).toBe(false);
  });

  it('keeps numbers as they are in the term', async () => {
    const { lookups, queries } = recording(DOCS);
    expect(await check("unique('week')", { _id: 'new', week: 5 }, 'week', makeEnv({ lookups }))).toBe(false);
    expect(queries).toEqual([['week:5']]);
  });

  it('fails (undefined) without arguments or when the lookup fails, and logs it', async () => {
    silentLogger.error.mockClear();
    expect(await check('unique()', { _id: 'new', patient_id: '1' }, 'patient_id', makeEnv({ docs: DOCS }))).toBeUndefined();
    const broken = new MemoryLookups(DOCS);
    broken.reportIdsByTerms = async () => {
      throw new Error('view down');
    };
    expect(await check("unique('patient_id')", { _id: 'new', patient_id: '1' }, 'patient_id', makeEnv({ lookups: broken }))).toBeUndefined();
    expect(silentLogger.error).toHaveBeenCalledTimes(2);
  });
});

describe('exists', () => {
  it('looks for another report of that form (form term lower-cased) with the same field value', async () => {
    const { lookups, queries } = recording(DOCS);
    const env = makeEnv({ lookups });
    expect(await check("exists('PREG', 'patient_id')", { _id: 'new', patient_id: '55555' }, 'patient_id', env)).toBe(true);
    expect(await check("exists('REG', 'patient_id')", { _id: 'new', patient_id: '55555' }, 'patient_id', env)).toBe(false);
    expect(queries).toEqual([
      ['patient_id:55555', 'form:preg'],
      ['patient_id:55555', 'form:reg'],
    ]);
  });

  it('ignores reports with errors', async () => {
    const env = makeEnv({ docs: DOCS });
    expect(await check("exists('REG', 'patient_id')", { _id: 'new', patient_id: '77777' }, 'patient_id', env)).toBe(false);
  });
});

describe('uniqueWithin', () => {
  it('only counts reports reported within the duration, measured from the engine clock', async () => {
    const env = makeEnv({ docs: DOCS });
    // r2 was reported 10 days before now
    expect(await check("uniqueWithin('patient_id', '1 week')", { _id: 'new', patient_id: '55555' }, 'patient_id', env)).toBe(true);
    expect(await check("uniqueWithin('patient_id', '2 weeks')", { _id: 'new', patient_id: '55555' }, 'patient_id', env)).toBe(false);
    // the report's own date plays no part
    expect(await check("uniqueWithin('patient_id', '1 week')", { _id: 'new', patient_id: '55555', reported_date: NOW - 9 * DAY }, 'patient_id', env)).toBe(true);
    const later = makeEnv({ docs: DOCS, now: NOW + 30 * DAY });
    expect(await check("uniqueWithin('patient_id', '2 weeks')", { _id: 'new', patient_id: '55555' }, 'patient_id', later)).toBe(true);
  });

  it('has no date filter with an invalid duration (NaN start date in CHT)', async () => {
    const env = makeEnv({ docs: DOCS });
    expect(await check("uniqueWithin('patient_id', 'x days')", { _id: 'new', patient_id: '55555' }, 'patient_id', env)).toBe(false);
  });

  it('fails (undefined) without fields or with a non-string duration', async () => {
    const env = makeEnv({ docs: DOCS });
    expect(await check("uniqueWithin('1 week')", { _id: 'new', patient_id: '00000' }, 'patient_id', env)).toBeUndefined();
    expect(await check("uniqueWithin('patient_id', 7)", { _id: 'new', patient_id: '00000' }, 'patient_id', env)).toBeUndefined();
  });
});
