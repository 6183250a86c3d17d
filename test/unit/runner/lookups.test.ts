/**
 * DocCache and createLookups over an in-memory fake db whose views run the real map sources
 * (the real server is covered by test/integration/lookups.test.ts).
 */
import { createLookups, DocCache } from '../../../lib/runner/lookups';
import { MEDIC_VIEWS, type ViewSource } from '../../../lib/couch/views';
import type { Couch, Db } from '../../../lib/couch/client';
import type { Doc } from '../../../lib/types';

function rank(v: any): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}
function collate(a: any, b: any): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) return a - b;
  if (ra === 3) return a < b ? -1 : a > b ? 1 : 0;
  if (ra === 4) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = collate(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return 0;
}

function fakeCouch(docs: Doc[]) {
  const store = new Map(docs.map((d) => [d._id, JSON.parse(JSON.stringify(d))]));
  const stats = { fetch: 0, view: 0, fetchedIds: [] as string[] };
  const rowsOf = (view: ViewSource) => {
    const rows: any[] = [];
    for (const doc of store.values()) {
      const map = new Function('emit', `return (${view.map});`)((key: any, value: any) =>
        rows.push(JSON.parse(JSON.stringify({ id: doc._id, key, value: value ?? null }))),
      );
      map(JSON.parse(JSON.stringify(doc)));
    }
    return rows.sort((x, y) => collate(x.key, y.key) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  };
  const medic = {
    async fetch({ keys }: { keys: string[] }) {
      stats.fetch++;
      stats.fetchedIds.push(...keys);
      return { rows: keys.map((k) => (store.has(k) ? { id: k, key: k, value: {}, doc: JSON.parse(JSON.stringify(store.get(k))) } : { key: k, error: 'not_found' })) };
    },
    async view(_ddoc: string, name: string, params: any) {
      stats.view++;
      const all = rowsOf((MEDIC_VIEWS as Record<string, ViewSource>)[name]);
      const eq = (a: any, b: any) => collate(a, b) === 0 && JSON.stringify(a) === JSON.stringify(b);
      let rows: any[];
      if (params.keys) rows = params.keys.flatMap((k: any) => all.filter((r) => eq(r.key, k)));
      else if (params.key !== undefined) rows = all.filter((r) => eq(r.key, params.key));
      else rows = all;
      if (params.include_docs) rows = rows.map((r) => ({ ...r, doc: JSON.parse(JSON.stringify(store.get(r.id))) }));
      return { rows, total_rows: all.length };
    },
  } as unknown as Db;
  const couch = { medic, sentinel: {} as Db, medicName: 'medic', sentinelName: 'medic-sentinel', serverUrl: 'http://x', server: {} } as unknown as Couch;
  return { couch, stats, store };
}

const seed = (): Doc[] => [
  { _id: 'hc', type: 'health_center', name: 'HC', contact: { _id: 'nurse' } },
  { _id: 'nurse', type: 'person', name: 'Nurse', phone: '+200', parent: { _id: 'hc' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: '55555', rc_code: 'rc1', parent: { _id: 'hc' }, contact: { _id: 'chw' } },
  { _id: 'chw', type: 'person', name: 'CHW', phone: '555 111 222', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: { _id: 'clinic', parent: { _id: 'hc' } } },
  { _id: 'reg', type: 'data_record', form: 'P', reported_date: 2, fields: { patient_id: '12345', patient_uuid: 'mary' } },
  { _id: 'visit', type: 'data_record', form: 'V', reported_date: 3, patient_id: '12345' },
  { _id: 'other', type: 'data_record', form: 'V', reported_date: 4, fields: { patient_id: '99999' } },
];

describe('DocCache', () => {
  it('is an LRU bounded by max', () => {
    const cache = new DocCache({ max: 2 });
    cache.set({ _id: 'a' });
    cache.set({ _id: 'b' });
    expect(cache.get('a')).toBeDefined(); // a is now most recent
    cache.set({ _id: 'c' });
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('expires entries after maxAgeMs', () => {
    let now = 1000;
    const cache = new DocCache({ maxAgeMs: 50, now: () => now });
    cache.set({ _id: 'a' });
    now += 51;
    expect(cache.get('a')).toBeUndefined();
  });

  it('invalidate removes docs and rejects fills from fetches started before it', () => {
    const cache = new DocCache();
    cache.set({ _id: 'a' });
    const generation = cache.generation;
    cache.invalidate(['a']);
    expect(cache.has('a')).toBe(false);
    cache.set({ _id: 'a', stale: true }, generation);
    expect(cache.has('a')).toBe(false);
    cache.set({ _id: 'a' }, cache.generation);
    expect(cache.has('a')).toBe(true);
  });

  it('never stores deleted docs', () => {
    const cache = new DocCache();
    cache.set({ _id: 'a', _deleted: true });
    expect(cache.has('a')).toBe(false);
  });
});

describe('createLookups', () => {
  it('getDocs: aligned with the ids, undefined for missing, cached, copies handed out', async () => {
    const { couch, stats } = fakeCouch(seed());
    const lookups = createLookups(couch);
    const docs = await lookups.getDocs(['mary', 'nope', 'chw']);
    expect(docs.map((d) => d?._id)).toEqual(['mary', undefined, 'chw']);
    docs[0]!.name = 'mutated';
    expect((await lookups.getDoc('mary'))!.name).toBe('Mary');
    expect(stats.fetch).toBe(1);
    lookups.invalidate(['mary']);
    await lookups.getDoc('mary');
    expect(stats.fetch).toBe(2);
    expect(stats.fetchedIds.filter((id) => id === 'mary')).toHaveLength(2);
  });

  it('contactsByPhone is an exact string match', async () => {
    const { couch } = fakeCouch(seed());
    const lookups = createLookups(couch);
    expect((await lookups.contactsByPhone('555 111 222')).map((d) => d._id)).toEqual(['chw']);
    expect(await lookups.contactsByPhone('555111222')).toEqual([]);
    expect(await lookups.contactsByPhone('')).toEqual([]);
  });

  it('contactIdsByReference: shortcodes and upper-cased external refs', async () => {
    const { couch } = fakeCouch(seed());
    const lookups = createLookups(couch);
    expect(await lookups.contactIdsByReference('shortcode', '12345')).toEqual(['mary']);
    expect(await lookups.contactIdsByReference('shortcode', '55555')).toEqual(['clinic']);
    expect(await lookups.contactIdsByReference('external', 'RC1')).toEqual(['clinic']);
    expect(await lookups.contactIdsByReference('external', 'rc1')).toEqual([]);
  });

  it('reportsBySubject: deduplicated by doc id, in view order', async () => {
    const { couch } = fakeCouch(seed());
    const lookups = createLookups(couch);
    const reports = await lookups.reportsBySubject(['12345', 'mary', '12345', '']);
    expect(reports.map((d) => d._id)).toEqual(['reg', 'visit']);
    expect(await lookups.reportsBySubject([])).toEqual([]);
  });

  it('hydrateContact: by id or doc, lineage with primary contacts; undefined when missing', async () => {
    const { couch } = fakeCouch(seed());
    const lookups = createLookups(couch);
    const mary = await lookups.hydrateContact('mary');
    expect(mary!.parent).toMatchObject({ _id: 'clinic', name: 'Clinic', contact: { name: 'CHW' }, parent: { name: 'HC', contact: { name: 'Nurse' } } });
    const fromDoc = await lookups.hydrateContact({ _id: 'new', type: 'person', parent: { _id: 'clinic' } });
    expect(fromDoc!.parent.parent.name).toBe('HC');
    expect(await lookups.hydrateContact('nope')).toBeUndefined();
  });

  it('hydrateDocs reads lineage through the cache', async () => {
    const { couch, stats } = fakeCouch(seed());
    const lookups = createLookups(couch);
    const report = { _id: 'r', type: 'data_record', form: 'V', contact: { _id: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc' } } }, fields: { patient_id: '12345' } };
    const [a] = await lookups.hydrateDocs([report]);
    expect(a.patient._id).toBe('mary');
    expect(a.contact.parent.contact.name).toBe('CHW');
    const fetchesBefore = stats.fetch;
    const [b] = await lookups.hydrateDocs([report]);
    expect(b).toEqual(a);
    // lineage and subject come from the cache: no read at all (only the shortcode query)
    expect(stats.fetch).toBe(fetchesBefore);
    lookups.invalidate(['clinic']);
    const [c] = await lookups.hydrateDocs([report]);
    expect(c).toEqual(a);
    expect(stats.fetch).toBe(fetchesBefore + 1);
    // only the invalidated doc: the shortcode tried as an id is known missing since the first read
    expect(stats.fetchedIds.slice(-2)).toEqual(['mary', 'clinic']);
  });
});
