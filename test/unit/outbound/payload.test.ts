/** buildPayload / getPath / setPath: the outbound `mapping` (spec 3.16). */
import { createExpressions } from '../../../lib/expr';
import { OutboundError } from '../../../lib/outbound/errors';
import { buildPayload, getPath, setPath } from '../../../lib/outbound/payload';

const expressions = createExpressions();
const doc = { _id: 'r1', _rev: '2-a', form: 'visit', fields: { visited: 'yes', notes: null, list: ['a', 'b'] }, patient: { name: 'Ann' } };

describe('getPath', () => {
  it('reads dotted paths, array indexes and own properties only', () => {
    expect(getPath({ doc }, 'doc.fields.visited')).toBe('yes');
    expect(getPath({ doc }, 'doc.fields.list.1')).toBe('b');
    expect(getPath({ doc }, 'doc.fields.list.length')).toBe(2);
    expect(getPath({ doc }, 'doc.missing.deeper')).toBeUndefined();
    expect(getPath({ doc }, 'doc.toString')).toBeUndefined();
  });
});

describe('setPath', () => {
  it('creates nested objects, and arrays before index segments', () => {
    const out: Record<string, unknown> = {};
    setPath(out, 'a.b.c', 1);
    setPath(out, 'a.b.d', 2);
    setPath(out, 'list.0', 'x');
    expect(out).toEqual({ a: { b: { c: 1, d: 2 } }, list: ['x'] });
  });

  it('refuses prototype keys', () => {
    expect(() => setPath({}, '__proto__.polluted', 1)).toThrow(OutboundError);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('buildPayload', () => {
  const build = (mapping: Record<string, unknown>) => buildPayload('dhis', { mapping: mapping as any }, doc, expressions);

  it('maps string paths, {path}, {expr} and dotted destinations', () => {
    expect(
      build({
        id: 'doc._id',
        'patient.name': { path: 'doc.patient.name' },
        visited: { expr: "doc.fields.visited === 'yes'" },
      }),
    ).toEqual({ id: 'r1', patient: { name: 'Ann' }, visited: true });
  });

  it('lets expr win over path', () => {
    expect(build({ v: { path: 'doc._id', expr: '42' } })).toEqual({ v: 42 });
  });

  it('keeps null, omits undefined optional values', () => {
    const payload = build({ notes: 'doc.fields.notes', extra: { path: 'doc.fields.nope', optional: true } });
    expect(payload).toEqual({ notes: null });
    expect(Object.keys(payload)).toEqual(['notes']);
  });

  it('fails on a required value that is undefined, naming the config, key and path', () => {
    expect(() => build({ id: 'doc._idddddddddddddddd' })).toThrow(/Mapping error for 'dhis\/id'.*cannot find 'doc._idddddddddddddddd'/);
  });

  it('fails on an expression that throws, and on a spec with neither path nor expr', () => {
    expect(() => build({ x: { expr: 'doc.nope.deeper' } })).toThrow(/Mapping error for 'dhis\/x'.*error running expression/);
    expect(() => build({ x: { optional: true } })).toThrow(/neither 'path' nor 'expr'/);
  });

  it('fails without a mapping', () => {
    expect(() => buildPayload('dhis', {}, doc, expressions)).toThrow(/no mapping/);
  });
});
