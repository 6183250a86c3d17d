import { labelTranslator } from '../../../forms/labels';
import { mapTinyLabels, parseTextforms, textformsDate } from '../../../forms/textforms';
import { visitForm } from './fixtures';

const UTC = 'UTC';
const NAIROBI = 'Africa/Nairobi';

describe('parseTextforms (7.2 full textforms)', () => {
  it('splits on # and lower-cases keys', () => {
    expect(parseTextforms('ID abc #WT 3.5', UTC)).toEqual({ id: 'abc', wt: 3.5 });
    expect(parseTextforms('  id   abc   #   wt 3 ', UTC)).toEqual({ id: 'abc', wt: 3 });
  });

  it('turns numbers starting with 1-9 into JS numbers, integer or decimal', () => {
    expect(parseTextforms('a 12 #b 3.25 #c 7.', UTC)).toEqual({ a: 12, b: 3.25, c: 7 });
  });

  it('keeps 0, 05 and 0.5 as text', () => {
    expect(parseTextforms('a 0 #b 05 #c 0.5', UTC)).toEqual({ a: '0', b: '05', c: '0.5' });
  });

  it('eats - and ! before a number as separators: -3 is 3', () => {
    expect(parseTextforms('x -3 #y !4 #z- 5', UTC)).toEqual({ x: 3, y: 4, z: 5 });
  });

  it('reads a number right after the key', () => {
    expect(parseTextforms('ID12345', UTC)).toEqual({ id: 12345 });
  });

  it('concatenates a number and a rest into one string', () => {
    expect(parseTextforms('ID 12345 abc', UTC)).toEqual({ id: '12345abc' });
    // without # the whole text is one segment
    expect(parseTextforms('ID 12345 WT 3', UTC)).toEqual({ id: '12345WT 3' });
  });

  it('collects a repeated key into an array', () => {
    expect(parseTextforms('s 1 #s 2 #s x', UTC)).toEqual({ s: [1, 2, 'x'] });
    expect(parseTextforms('s 1 #S 2', UTC)).toEqual({ s: [1, 2] });
    // vigil joins a number and a rest in later repeats too (CHT pushes its internal pair object)
    expect(parseTextforms('s 1a #s 2b', UTC)).toEqual({ s: ['1a', '2b'] });
  });

  it('reads a strict YYYY-MM-DD date as UTC midnight', () => {
    expect(parseTextforms('vd 2024-05-01', NAIROBI)).toEqual({ vd: Date.UTC(2024, 4, 1) });
  });

  it('reads other date forms as midnight in the engine zone', () => {
    const midnightNairobi = Date.UTC(2024, 3, 30, 21);
    expect(parseTextforms('vd 2024/05/01', NAIROBI)).toEqual({ vd: midnightNairobi });
    expect(parseTextforms('vd 2024-5-1', NAIROBI)).toEqual({ vd: midnightNairobi });
    expect(textformsDate('2024/5/1', UTC)).toBe(Date.UTC(2024, 4, 1));
  });

  it('keeps the number when a date is followed by one, the date when followed by text', () => {
    expect(parseTextforms('vd 2024-05-01 7', UTC)).toEqual({ vd: 7 });
    expect(parseTextforms('vd 2024-05-01 abc', UTC)).toEqual({ vd: Date.UTC(2024, 4, 1) });
  });

  it('gives an impossible date as NaN', () => {
    expect(parseTextforms('vd 2024-13-45', UTC).vd).toBeNaN();
  });

  it('keeps text as it is, and a key without a value as undefined', () => {
    expect(parseTextforms('name Mary Jane #x', UTC)).toEqual({ name: 'Mary Jane', x: undefined });
  });

  it('skips segments without a key, and text before the first key letter', () => {
    expect(parseTextforms('12345 #wt 3', UTC)).toEqual({ wt: 3 });
    expect(parseTextforms('12 ab 3', UTC)).toEqual({ ab: 3 });
    expect(parseTextforms('', UTC)).toEqual({});
  });
});

describe('mapTinyLabels', () => {
  it('renames tiny-label keys to field keys, in the message locale', () => {
    const data = parseTextforms('ID 12345 #wt 3 #vd 2024-05-01', UTC);
    mapTinyLabels(visitForm(), data, labelTranslator({}, 'en'));
    expect(data).toEqual({ patient_id: 12345, weight: 3, 'visit.date': Date.UTC(2024, 4, 1), id: undefined, wt: undefined, vd: undefined });

    const fr = parseTextforms('ident 12345', UTC);
    mapTinyLabels(visitForm(), fr, labelTranslator({}, 'fr'));
    expect(fr.patient_id).toBe(12345);
  });

  it('leaves keys that are field keys, and falsy values, where they are', () => {
    const data = parseTextforms('weight 4 #id', UTC);
    mapTinyLabels(visitForm(), data, labelTranslator({}, 'en'));
    expect(data).toEqual({ weight: 4, id: undefined });
  });
});
