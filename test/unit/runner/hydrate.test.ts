import { hydrateDocs, subjectRefs, toHydrationSource, type HydrationSource } from '../../../lib/runner/hydrate';
import type { Doc, Lookups } from '../../../lib/types';

/** An in-memory source counting its bulk reads. */
function memorySource(docs: Doc[]) {
  const byId = new Map(docs.map((d) => [d._id, d]));
  const calls = { getDocsById: [] as string[][], contactIdsByShortcode: [] as string[][] };
  const source: HydrationSource = {
    async getDocsById(ids) {
      calls.getDocsById.push([...ids]);
      const out = new Map<string, Doc>();
      for (const id of ids) {
        const doc = byId.get(id);
        if (doc) out.set(id, JSON.parse(JSON.stringify(doc)));
      }
      return out;
    },
    async contactIdsByShortcode(codes) {
      calls.contactIdsByShortcode.push([...codes]);
      const out = new Map<string, string>();
      for (const code of codes) {
        const hit = docs
          .filter((d) => ['person', 'clinic', 'health_center', 'district_hospital', 'contact'].includes(d.type))
          .filter((d) => String(d.patient_id) === code || String(d.place_id) === code)
          .sort((a, b) => (a._id < b._id ? -1 : 1))[0];
        if (hit) out.set(code, hit._id);
      }
      return out;
    },
  };
  return { source, calls };
}

const lineage = (...ids: string[]): any => {
  let out: any;
  for (const id of [...ids].reverse()) out = out ? { _id: id, parent: out } : { _id: id };
  return out;
};

const fixtures = (): Doc[] => [
  { _id: 'district', type: 'district_hospital', name: 'District', contact: { _id: 'd-boss', parent: lineage('district') } },
  { _id: 'd-boss', type: 'person', name: 'District boss', phone: '+100', parent: lineage('district') },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: lineage('district'), contact: { _id: 'hc-nurse' } },
  { _id: 'hc-nurse', type: 'person', name: 'Nurse', phone: '+200', parent: lineage('hc', 'district') },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: '55555', parent: lineage('hc', 'district'), contact: { _id: 'chw', parent: lineage('clinic', 'hc', 'district') } },
  { _id: 'chw', type: 'person', name: 'CHW', phone: '+300', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'uuid-only', type: 'person', name: 'No shortcode', parent: lineage('clinic', 'hc', 'district') },
];

const report = (extra: Partial<Doc> = {}): Doc => ({
  _id: 'r1',
  type: 'data_record',
  form: 'V',
  reported_date: 1,
  contact: { _id: 'chw', parent: lineage('clinic', 'hc', 'district') },
  fields: {},
  ...extra,
});

describe('subjectRefs', () => {
  it('patient: fields.patient_id, then fields.patient_uuid, then doc.patient_id; place: fields.place_id then place_id', () => {
    expect(subjectRefs({ _id: 'a', fields: { patient_id: 123, patient_uuid: 'u' }, patient_id: 'x' })).toEqual({ patient: '123', place: undefined });
    expect(subjectRefs({ _id: 'a', fields: { patient_uuid: 'u' }, patient_id: 'x', place_id: 'p' })).toEqual({ patient: 'u', place: 'p' });
    expect(subjectRefs({ _id: 'a', patient_id: 'x', fields: { place_id: 'f' }, place_id: 'p' })).toEqual({ patient: 'x', place: 'f' });
    expect(subjectRefs({ _id: 'a' })).toEqual({ patient: undefined, place: undefined });
  });
});

describe('hydrateDocs: reports', () => {
  it('hydrates the submitter lineage with every primary contact filled', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report()], source);
    expect(doc.contact.name).toBe('CHW');
    expect(doc.contact.parent.name).toBe('Clinic');
    expect(doc.contact.parent.contact).toMatchObject({ _id: 'chw', name: 'CHW', phone: '+300' });
    expect(doc.contact.parent.parent.name).toBe('HC');
    expect(doc.contact.parent.parent.contact).toMatchObject({ _id: 'hc-nurse', phone: '+200' });
    expect(doc.contact.parent.parent.parent.name).toBe('District');
    expect(doc.contact.parent.parent.parent.contact).toMatchObject({ _id: 'd-boss', phone: '+100' });
    expect(doc.contact.parent.parent.parent.parent).toBeUndefined();
  });

  it('resolves the patient by shortcode, with its lineage', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report({ fields: { patient_id: '12345' } })], source);
    expect(doc.patient).toMatchObject({ _id: 'mary', name: 'Mary', parent: { _id: 'clinic', name: 'Clinic', contact: { name: 'CHW' } } });
    expect(doc.patient.parent.parent.parent.name).toBe('District');
  });

  it('falls back to the value as a doc id (patient_uuid), and resolves the place by place_id shortcode', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report({ fields: { patient_uuid: 'uuid-only' }, place_id: '55555' })], source);
    expect(doc.patient._id).toBe('uuid-only');
    expect(doc.patient.parent.name).toBe('Clinic');
    expect(doc.place).toMatchObject({ _id: 'clinic', name: 'Clinic', contact: { _id: 'chw', phone: '+300' }, parent: { name: 'HC' } });
  });

  it('leaves patient/place absent when the subject is not found (dropping a stale stored one)', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report({ fields: { patient_id: '99999', place_id: 'nope' }, patient: { _id: 'stale' } })], source);
    expect(doc).not.toHaveProperty('patient');
    expect(doc).not.toHaveProperty('place');
  });

  it('keeps a missing submitter as a stub and still hydrates its stored lineage', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report({ contact: { _id: 'ghost', parent: lineage('clinic', 'hc') } })], source);
    expect(doc.contact._id).toBe('ghost');
    expect(doc.contact.name).toBeUndefined();
    expect(doc.contact.parent.name).toBe('Clinic');
    expect(doc.contact.parent.parent.name).toBe('HC');
  });

  it('follows the fetched docs when the stored lineage is truncated (contact stored as {_id} only)', async () => {
    const { source } = memorySource(fixtures());
    const [doc] = await hydrateDocs([report({ contact: { _id: 'chw' } })], source);
    expect(doc.contact.parent.name).toBe('Clinic');
    expect(doc.contact.parent.parent.parent.name).toBe('District');
  });

  it('returns free-text data_records and other docs unchanged', async () => {
    const { source, calls } = memorySource(fixtures());
    const freeText = { _id: 'sms', type: 'data_record', from: '+1', contact: { _id: 'chw' }, fields: { patient_id: '12345' } };
    const other = { _id: 'settings', type: 'app_settings', contact: { _id: 'chw' } };
    const out = await hydrateDocs([freeText, other], source);
    expect(out).toEqual([freeText, other]);
    expect(calls.getDocsById).toHaveLength(0);
    expect(calls.contactIdsByShortcode).toHaveLength(0);
  });
});

describe('hydrateDocs: contacts', () => {
  it('replaces the parent chain with full docs, fills primary contacts (own one too) and linked docs', async () => {
    const docs = fixtures();
    const { source } = memorySource(docs);
    const clinic = { ...docs.find((d) => d._id === 'clinic')!, linked_docs: { boss: 'd-boss', nurse: { _id: 'hc-nurse' } } };
    const [out] = await hydrateDocs([clinic], source);
    expect(out.contact).toMatchObject({ _id: 'chw', name: 'CHW' });
    expect(out.linked_docs.boss).toMatchObject({ _id: 'd-boss', phone: '+100' });
    expect(out.linked_docs.nurse).toMatchObject({ _id: 'hc-nurse', phone: '+200' });
    expect(out.parent).toMatchObject({ _id: 'hc', name: 'HC', contact: { name: 'Nurse' }, parent: { _id: 'district', name: 'District' } });
  });

  it('keeps missing ancestors as {_id} stubs and hydrates the levels above them', async () => {
    const { source } = memorySource(fixtures());
    const orphan = { _id: 'o', type: 'person', parent: lineage('gone-clinic', 'hc', 'district') };
    const [out] = await hydrateDocs([orphan], source);
    expect(out.parent._id).toBe('gone-clinic');
    expect(Object.keys(out.parent).sort()).toEqual(['_id', 'parent']);
    expect(out.parent.parent.name).toBe('HC');
    expect(out.parent.parent.parent.name).toBe('District');
  });

  it('cuts cycles in parent chains', async () => {
    const a = { _id: 'a', type: 'clinic', parent: { _id: 'b' } };
    const b = { _id: 'b', type: 'health_center', parent: { _id: 'a' } };
    const { source } = memorySource([a, b]);
    const [out] = await hydrateDocs([a], source);
    expect(out.parent._id).toBe('b');
    expect(out.parent.parent).toEqual({ _id: 'a' });
  });

  it('uses docs of the same batch as ancestors without refetching them', async () => {
    const docs = fixtures();
    const { source, calls } = memorySource(docs);
    const hc = { ...docs.find((d) => d._id === 'hc')!, name: 'HC (newer, from the batch)' };
    const clinic = docs.find((d) => d._id === 'clinic')!;
    const out = await hydrateDocs([hc, clinic], source);
    expect(out[1].parent.name).toBe('HC (newer, from the batch)');
    expect(calls.getDocsById.flat()).not.toContain('hc');
  });
});

describe('hydrateDocs: purity and cost', () => {
  it('does not mutate inputs and returned docs share nothing', async () => {
    const { source } = memorySource(fixtures());
    const r1 = report();
    const r2 = report({ _id: 'r2' });
    const before = JSON.parse(JSON.stringify([r1, r2]));
    const [h1, h2] = await hydrateDocs([r1, r2], source);
    expect([r1, r2]).toEqual(before);
    h1.contact.parent.name = 'changed';
    expect(h2.contact.parent.name).toBe('Clinic');
  });

  it('hydrates 300 reports with one shortcode query and a handful of bulk reads', async () => {
    const docs = fixtures();
    for (let i = 0; i < 100; i++) {
      docs.push({ _id: `p${i}`, type: 'person', patient_id: `1${String(i).padStart(4, '0')}`, parent: lineage('clinic', 'hc', 'district') });
    }
    const { source, calls } = memorySource(docs);
    const reports = Array.from({ length: 300 }, (_, i) =>
      report({ _id: `r${i}`, fields: i % 3 === 0 ? { patient_id: `1${String(i % 100).padStart(4, '0')}` } : { patient_uuid: `p${i % 100}` }, place_id: i % 2 ? '55555' : undefined }),
    );
    const out = await hydrateDocs(reports, source);
    expect(out).toHaveLength(300);
    expect(out.every((d) => d.patient && d.patient.parent.contact.name === 'CHW')).toBe(true);
    expect(out[1].place._id).toBe('clinic');
    expect(calls.contactIdsByShortcode).toHaveLength(1);
    // complete stored lineages: round 1 = every level + subjects, round 2 = primary contacts
    expect(calls.getDocsById.length).toBeLessThanOrEqual(3);
    // no id is read twice
    const all = calls.getDocsById.flat();
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('toHydrationSource', () => {
  it('adapts a plain Lookups', async () => {
    const docs = fixtures();
    const lookups = {
      getDocs: async (ids: string[]) => ids.map((id) => docs.find((d) => d._id === id)),
      contactIdsByReference: async (_kind: string, key: string) => docs.filter((d) => d.patient_id === key).map((d) => d._id),
    } as unknown as Lookups;
    const source = toHydrationSource(lookups);
    expect([...(await source.getDocsById(['mary', 'nope'])).keys()]).toEqual(['mary']);
    expect((await source.contactIdsByShortcode(['12345', '0'])).get('12345')).toBe('mary');
    const [doc] = await hydrateDocs([report({ fields: { patient_id: '12345' } })], lookups);
    expect(doc.patient._id).toBe('mary');
  });
});
