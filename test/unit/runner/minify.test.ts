import { minify, minifyLineage, MAX_LINEAGE_DEPTH } from '../../../lib/runner/minify';

const hydratedPerson = () => ({
  _id: 'person',
  _rev: '1-a',
  type: 'person',
  name: 'Jane',
  phone: '+1',
  parent: {
    _id: 'clinic',
    type: 'clinic',
    name: 'Clinic',
    contact: { _id: 'person', name: 'Jane', phone: '+1' },
    parent: { _id: 'hc', type: 'health_center', parent: { _id: 'district', type: 'district_hospital' } },
  },
});

describe('minifyLineage', () => {
  it('keeps only ids, nested', () => {
    expect(minifyLineage(hydratedPerson().parent)).toEqual({ _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'district' } } });
  });
  it('stops at the first level without an _id', () => {
    expect(minifyLineage({ _id: 'a', parent: { name: 'no id', parent: { _id: 'c' } } })).toEqual({ _id: 'a' });
  });
  it('returns a value without _id unchanged', () => {
    expect(minifyLineage(undefined)).toBeUndefined();
    expect(minifyLineage('')).toBe('');
    expect(minifyLineage({ name: 'x' })).toEqual({ name: 'x' });
  });
  it(`throws past ${MAX_LINEAGE_DEPTH} levels (an in-memory cycle)`, () => {
    const a: any = { _id: 'a' };
    a.parent = { _id: 'b', parent: a };
    expect(() => minifyLineage(a)).toThrow(/parent recursion/);
    let deep: any = { _id: 'leaf' };
    for (let i = 0; i < MAX_LINEAGE_DEPTH - 1; i++) deep = { _id: `n${i}`, parent: deep };
    expect(() => minifyLineage(deep)).not.toThrow();
  });
});

describe('minify', () => {
  it('reduces a contact: parent to ids, primary contact to {_id, parent}, linked_docs to ids', () => {
    const clinic = {
      _id: 'clinic',
      type: 'clinic',
      name: 'Clinic',
      contact: hydratedPerson(),
      linked_docs: { chw: { _id: 'person', name: 'Jane' }, other: 'p2', empty: null },
      parent: { _id: 'hc', name: 'HC', parent: { _id: 'district', name: 'D' } },
    };
    expect(minify(clinic)).toEqual({
      _id: 'clinic',
      type: 'clinic',
      name: 'Clinic',
      contact: { _id: 'person', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'district' } } } },
      linked_docs: { chw: 'person', other: 'p2', empty: null },
      parent: { _id: 'hc', parent: { _id: 'district' } },
    });
  });

  it('data_records lose patient and place, contact is minified', () => {
    const report = {
      _id: 'r',
      type: 'data_record',
      form: 'V',
      fields: { patient_id: '12345' },
      contact: hydratedPerson(),
      patient: { _id: 'p', name: 'Mary' },
      place: { _id: 'clinic' },
      tasks: [{ messages: [{ uuid: 'u', to: '+1', message: 'hi' }], state: 'pending' }],
    };
    const out = minify(report);
    expect(out).toEqual({
      _id: 'r',
      type: 'data_record',
      form: 'V',
      fields: { patient_id: '12345' },
      contact: { _id: 'person', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'district' } } } },
      tasks: [{ messages: [{ uuid: 'u', to: '+1', message: 'hi' }], state: 'pending' }],
    });
  });

  it('keeps patient/place on non-reports and linked_docs on non-contacts', () => {
    const doc = { _id: 'x', type: 'reminder', place: { _id: 'clinic', name: 'C' }, linked_docs: { a: { _id: 'b' } } };
    expect(minify(doc)).toEqual(doc);
  });

  it('contact without parent becomes {_id}', () => {
    expect(minify({ _id: 'r', type: 'data_record', contact: { _id: 'p', name: 'x' } }).contact).toEqual({ _id: 'p' });
  });

  it('reduces an id-less pseudo-contact to its minified parent lineage (vigil)', () => {
    const out = minify({ _id: 'r', type: 'data_record', contact: { parent: { _id: 'clinic', name: 'C', parent: { _id: 'hc', name: 'H' } } } });
    expect(out.contact).toEqual({ parent: { _id: 'clinic', parent: { _id: 'hc' } } });
  });

  it('does not mutate its input and shares nothing with it', () => {
    const report: any = {
      _id: 'r',
      type: 'data_record',
      contact: hydratedPerson(),
      patient: { _id: 'p' },
      tasks: [{ state: 'pending' }],
    };
    const before = JSON.parse(JSON.stringify(report));
    const out: any = minify(report);
    expect(report).toEqual(before);
    out.tasks[0].state = 'sent';
    expect(report.tasks[0].state).toBe('pending');
  });

  it('handles undefined', () => {
    expect(minify(undefined)).toBeUndefined();
  });
});
