import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs, formatId, loadScenarios } from '../../compat/scenario';
import { findRepoRoot, scenariosFile } from '../../compat/locate';

describe('compat input_repeat', () => {
  it('formats ids like python {n:03d}', () => {
    expect(formatId('queue01-{n:03d}', 7)).toBe('queue01-007');
    expect(formatId('queue01-{n:03d}', 300)).toBe('queue01-300');
    expect(formatId('q-{n:03d}', 1234)).toBe('q-1234');
    expect(formatId('q-{n}', 5)).toBe('q-5');
    expect(formatId('q-{n:d}-{n:02d}', 5)).toBe('q-5-05');
    expect(formatId('q-{n:3}', 5)).toBe('q-  5');
  });

  it('expands count copies from n_from, each a fresh copy of the template, after the plain inputs', () => {
    const docs = expandInputs({
      input: [{ _id: 'first' }],
      input_repeat: { count: 3, n_from: 9, id_format: 'r-{n:02d}', template: { type: 'data_record', fields: { a: 1 } } },
    });
    expect(docs.map((d) => d._id)).toEqual(['first', 'r-09', 'r-10', 'r-11']);
    expect(docs[1]).toEqual({ _id: 'r-09', type: 'data_record', fields: { a: 1 } });
    docs[1].fields.a = 2;
    expect(docs[2].fields.a).toBe(1);
  });

  it('n_from defaults to 1 and the full QUEUE-01 shape works', () => {
    const docs = expandInputs({ input: [], input_repeat: { count: 300, id_format: 'queue01-{n:03d}', template: {} } });
    expect(docs).toHaveLength(300);
    expect(docs[0]._id).toBe('queue01-001');
    expect(docs[299]._id).toBe('queue01-300');
  });

  it('rejects duplicate ids and inputs without _id', () => {
    expect(() => expandInputs({ input: [{ _id: 'a' }, { _id: 'a' }] })).toThrow(/duplicate/);
    expect(() => expandInputs({ input: [{ type: 'x' }] })).toThrow(/no _id/);
    expect(() => expandInputs({ input: [], input_repeat: { count: 2, id_format: 'same', template: {} } })).toThrow(/duplicate/);
  });
});

describe('compat scenario files', () => {
  it('loads a scenarios file with defaults for missing lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compat-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify([{ id: 'X-1', title: 't', settings: {} }]));
    const [s] = loadScenarios(file);
    expect(s).toMatchObject({ id: 'X-1', fixtures: [], input: [], expect: [] });
    writeFileSync(file, JSON.stringify([{ id: 'X-1' }, { id: 'X-1' }]));
    expect(() => loadScenarios(file)).toThrow(/duplicate scenario id/);
    writeFileSync(file, JSON.stringify({ nope: 1 }));
    expect(() => loadScenarios(file)).toThrow(/array/);
  });

  it('finds the repository root and the default scenarios file', () => {
    const root = findRepoRoot(__dirname);
    expect(require(join(root, 'package.json')).name).toBe('vigil');
    expect(scenariosFile(root, undefined, {})).toBe(join(root, '..', 'shared', 'compat', 'scenarios.json'));
    expect(scenariosFile(root, undefined, { VIGIL_SCENARIOS: '/x/y.json' })).toBe('/x/y.json');
    expect(scenariosFile(root, '/a/b.json', { VIGIL_SCENARIOS: '/x/y.json' })).toBe('/a/b.json');
  });
});
