import { getPath, parseStart, startPaths, startValue } from '../../../lib/scheduling/start-date';

const doc = {
  reported_date: 1741168800000,
  lmp_date: '2025-02-26',
  edd: null,
  fields: { lmp_date: '2025-02-26T10:00:00.000Z', visits: ['2025-01-01'] },
};

describe('getPath (object-path get)', () => {
  it('walks dotted own properties and array indexes', () => {
    expect(getPath(doc, 'fields.lmp_date')).toBe('2025-02-26T10:00:00.000Z');
    expect(getPath(doc, 'fields.visits.0')).toBe('2025-01-01');
    expect(getPath(doc, 'fields.missing.deeper')).toBeUndefined();
    expect(getPath(doc, 'edd')).toBeNull();
    expect(getPath(doc, 'toString')).toBeUndefined(); // inherited properties do not count
    expect(getPath(doc, '')).toBeUndefined();
  });
});

describe('startPaths / startValue (spec 4.2 step 4)', () => {
  it('defaults to reported_date', () => {
    expect(startPaths(undefined)).toEqual(['reported_date']);
    expect(startPaths('')).toEqual(['reported_date']);
    expect(startValue(doc, undefined)).toBe(1741168800000);
  });

  it('takes the first path of an array whose value is not undefined', () => {
    expect(startValue(doc, ['random_date', 'fields.lmp_date', 'reported_date'])).toBe('2025-02-26T10:00:00.000Z');
    expect(startValue(doc, ['date1', 'fields.lmp_date1'])).toBeUndefined();
    expect(startValue(doc, [])).toBeUndefined();
  });

  it('stops at a null value (null means "no schedule", not "try the next path")', () => {
    expect(startValue(doc, ['edd', 'reported_date'])).toBeNull();
    expect(startValue(doc, 'edd')).toBeNull();
  });
});

describe('parseStart (moment(value) in the zone)', () => {
  it('reads epoch ms and ISO strings', () => {
    expect(parseStart(1741168800000, 'UTC')!.toUTC().toISO()).toBe('2025-03-05T10:00:00.000Z');
    expect(parseStart('2025-02-26T10:00:00.000Z', 'Africa/Nairobi')!.toUTC().toISO()).toBe('2025-02-26T10:00:00.000Z');
  });

  it('reads zone-less dates as midnight in the zone', () => {
    expect(parseStart('2025-02-26', 'Africa/Nairobi')!.toUTC().toISO()).toBe('2025-02-25T21:00:00.000Z');
    expect(parseStart('2025-02-26', 'UTC')!.toUTC().toISO()).toBe('2025-02-26T00:00:00.000Z');
  });

  it('is undefined for values that are not dates', () => {
    expect(parseStart('not a date', 'UTC')).toBeUndefined();
    expect(parseStart('', 'UTC')).toBeUndefined();
    expect(parseStart('1741168800000', 'UTC')).toBeUndefined(); // moment does not read numeric text
    expect(parseStart(true, 'UTC')).toBeUndefined();
    expect(parseStart({}, 'UTC')).toBeUndefined();
    expect(parseStart(NaN, 'UTC')).toBeUndefined();
  });
});
