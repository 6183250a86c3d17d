/**
 * Design docs, bulk helpers, lookups and bulk hydration against a real server: the embedded one by
 * default, any CouchDB given in COUCH_URL (server root) with the same assertions. Needs `npm run build`.
 */
import nano from 'nano';
import type { Couch } from '../../lib/couch/client';
import { installDesignDocs, medicDesignDoc } from '../../lib/couch/ddoc';
import { bulkSave, fetchDocs, queryView } from '../../lib/couch/bulk';
import { VIEWS, SENTINEL_VIEW_PATHS } from '../../lib/couch/views';
import { createLookups } from '../../lib/runner/lookups';
import { hydrateDocs } from '../../lib/runner/hydrate';
import type { Doc } from '../../lib/types';
import { getTestCouch, type TestCouch } from '../helpers/couch';

const lineage = (...ids: string[]): any => {
  let out: any;
  for (const id of [...ids].reverse()) out = out ? { _id: id, parent: out } : { _id: id };
  return out;
};

const CONTACTS: Doc[] = [
  { _id: 'district', type: 'district_hospital', name: 'District', contact: { _id: 'd-boss', parent: lineage('district') }, reported_date: 1 },
  { _id: 'd-boss', type: 'person', name: 'District boss', phone: '+100', parent: lineage('district'), reported_date: 1 },
  { _id: 'hc', type: 'health_center', name: 'Health center', parent: lineage('district'), contact: { _id: 'nurse', parent: lineage('hc', 'district') }, reported_date: 1 },
  { _id: 'nurse', type: 'person', name: 'Nurse', phone: '+200', parent: lineage('hc', 'district'), reported_date: 1 },
  {
    _id: 'clinic',
    type: 'clinic',
    name: 'Clinic',
    place_id: '55555',
    rc_code: 'rc-01',
    parent: lineage('hc', 'district'),
    contact: { _id: 'chw', parent: lineage('clinic', 'hc', 'district') },
    reported_date: 1,
  },
  { _id: 'chw', type: 'person', name: 'CHW', phone: '555 111 222', parent: lineage('clinic', 'hc', 'district'), reported_date: 1 },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc', 'district'), reported_date: 1 },
  { _id: 'no-code', type: 'person', name: 'Uuid only', parent: lineage('clinic', 'hc', 'district'), reported_date: 1 },
  { _id: 'hh', type: 'contact', contact_type: 'household', name: 'Household', phone: '+300', parent: lineage('clinic', 'hc', 'district'), reported_date: 1 },
];

const report = (id: string, extra: Partial<Doc> = {}): Doc => ({
  _id: id,
  type: 'data_record',
  form: 'V',
  reported_date: 1741168800000,
  contact: { _id: 'chw', parent: lineage('clinic', 'hc', 'district') },
  fields: {},
  ...extra,
});

describe('lookups and hydration on a real server', () => {
  let tc: TestCouch;
  let couch: Couch;
  let medicName: string;
  let requests: Array<{ method: string; url: string }>;

  beforeAll(async () => {
    tc = await getTestCouch();
    medicName = tc.uniqueDbName('lookups');
    await tc.createDb(medicName);
    await tc.createDb(`${medicName}-sentinel`);
    requests = [];
    // our own nano, logging every request it makes (nano calls `log` with {method, url, headers} per request)
    const server = nano({
      url: tc.url,
      log: (entry: any) => {
        if (entry && typeof entry.method === 'string' && typeof entry.url === 'string') requests.push({ method: entry.method, url: entry.url });
      },
    });
    couch = {
      server,
      serverUrl: tc.url,
      medicName,
      sentinelName: `${medicName}-sentinel`,
      medic: server.use(medicName),
      sentinel: server.use(`${medicName}-sentinel`),
    };
    await installDesignDocs(couch);
    const seeded = await bulkSave(couch.medic, [
      ...CONTACTS,
      report('reg-mary', { form: 'P', fields: { patient_id: '12345', patient_uuid: 'mary' } }),
      report('visit-mary', { patient_id: '12345' }),
      report('errored-mary', { errors: [{ code: 'x', message: 'y' }], fields: { patient_id: '12345' } }),
      report('other', { fields: { patient_id: '99999' } }),
    ]);
    expect(seeded.every((r) => r.ok)).toBe(true);
  });

  afterAll(async () => {
    if (!tc) return;
    await tc.destroyDb(medicName);
    await tc.destroyDb(`${medicName}-sentinel`);
    await tc.stop();
  });

  describe('installDesignDocs', () => {
    it('installs both design docs and does not rewrite them when unchanged', async () => {
      const before = await couch.medic.get('_design/vigil');
      const sentinelBefore = await couch.sentinel.get('_design/vigil-sentinel');
      expect(Object.keys(before.views).sort()).toEqual(Object.keys(medicDesignDoc().views).sort());
      await installDesignDocs(couch);
      expect((await couch.medic.get('_design/vigil'))._rev).toBe(before._rev);
      expect((await couch.sentinel.get('_design/vigil-sentinel'))._rev).toBe(sentinelBefore._rev);
    });

    it('rewrites a design doc whose views changed', async () => {
      const stored = await couch.medic.get('_design/vigil');
      await couch.medic.insert({ ...stored, views: { ...stored.views, docs_by_shortcode: { map: 'function (doc) { emit(doc._id); }' } } } as any);
      await installDesignDocs(couch);
      const after = await couch.medic.get('_design/vigil');
      expect(after.views.docs_by_shortcode.map).toBe(medicDesignDoc().views.docs_by_shortcode.map);
      expect(Number.parseInt(after._rev, 10)).toBe(Number.parseInt(stored._rev, 10) + 2);
    });
  });

  describe('bulk helpers', () => {
    it('bulkSave returns per-doc results by id, conflicts included', async () => {
      const first = await bulkSave(couch.medic, [{ _id: 'bulk-a', n: 1 }, { _id: 'bulk-b', n: 1 }]);
      expect(first.map((r) => [r.id, r.ok])).toEqual([
        ['bulk-a', true],
        ['bulk-b', true],
      ]);
      const second = await bulkSave(couch.medic, [
        { _id: 'bulk-b', _rev: first[1].rev, n: 2 },
        { _id: 'bulk-a', n: 2 }, // no _rev: conflict
        { _id: 'bulk-c', n: 1 },
      ]);
      expect(second.map((r) => [r.id, r.ok, r.status])).toEqual([
        ['bulk-b', true, undefined],
        ['bulk-a', false, 409],
        ['bulk-c', true, undefined],
      ]);
      expect(second[1].error).toBe('conflict');
    });

    it('fetchDocs skips missing and deleted docs', async () => {
      const c = await couch.medic.get('bulk-c');
      await couch.medic.destroy('bulk-c', c._rev);
      const docs = await fetchDocs(couch.medic, ['bulk-a', 'bulk-c', 'never-existed', 'bulk-b']);
      expect([...docs.keys()].sort()).toEqual(['bulk-a', 'bulk-b']);
      expect(docs.get('bulk-b')!.n).toBe(2);
    });
  });

  describe('lookups', () => {
    it('contactsByPhone is an exact string match', async () => {
      const lookups = createLookups(couch);
      expect((await lookups.contactsByPhone('555 111 222')).map((d) => d._id)).toEqual(['chw']);
      expect(await lookups.contactsByPhone('555111222')).toEqual([]);
      expect((await lookups.contactsByPhone('+300')).map((d) => d._id)).toEqual(['hh']);
    });

    it('contactIdsByReference finds shortcodes and upper-cased external references', async () => {
      const lookups = createLookups(couch);
      expect(await lookups.contactIdsByReference('shortcode', '12345')).toEqual(['mary']);
      expect(await lookups.contactIdsByReference('shortcode', '55555')).toEqual(['clinic']);
      expect(await lookups.contactIdsByReference('external', 'RC-01')).toEqual(['clinic']);
      expect(await lookups.contactIdsByReference('external', 'rc-01')).toEqual([]);
      expect(await lookups.contactIdsByReference('shortcode', '00000')).toEqual([]);
    });

    it('reportsBySubject deduplicates by doc id and includes reports with errors', async () => {
      const lookups = createLookups(couch);
      const ids = (await lookups.reportsBySubject(['12345', 'mary'])).map((d) => d._id);
      expect(ids.sort()).toEqual(['errored-mary', 'reg-mary', 'visit-mary']);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('getDocs keeps the order of the ids, undefined for missing', async () => {
      const lookups = createLookups(couch);
      expect((await lookups.getDocs(['nurse', 'missing', 'hc'])).map((d) => d?._id)).toEqual(['nurse', undefined, 'hc']);
    });

    it('hydrateContact builds the lineage with primary contacts', async () => {
      const lookups = createLookups(couch);
      const hh = await lookups.hydrateContact('hh');
      expect(hh!.parent).toMatchObject({ _id: 'clinic', name: 'Clinic', contact: { _id: 'chw', phone: '555 111 222' } });
      expect(hh!.parent.parent).toMatchObject({ _id: 'hc', contact: { name: 'Nurse' } });
      expect(hh!.parent.parent.parent).toMatchObject({ _id: 'district', contact: { name: 'District boss' } });
    });
  });

  describe('views on the server', () => {
    it('messages_by_state keeps CHT quirks', async () => {
      const due = '2025-03-06T09:00:00.000Z';
      await bulkSave(couch.medic, [
        {
          _id: 'msg-doc',
          type: 'data_record',
          reported_date: 5,
          tasks: [{ state: 'pending', messages: [{ uuid: 'm1', to: '+1', message: 'hi' }] }],
          scheduled_tasks: [
            { due, state: 'scheduled' },
            { due, state: 'scheduled', messages: [{ uuid: 'm2', message: 'no to' }] },
          ],
        },
      ]);
      const res = await queryView(couch.medic, VIEWS.messages_by_state, { startkey: ['pending'], endkey: ['scheduled', {}] });
      const rows = res.rows.filter((r) => r.id === 'msg-doc').map((r) => [r.key, r.value]);
      expect(rows).toEqual([
        [['pending', 5], { content: 'hi', to: '+1', id: 'm1' }],
        [['pending-or-forwarded', 5], { content: 'hi', to: '+1', id: 'm1' }],
        [['scheduled', Date.parse(due)], {}],
      ]);
    });

    it('reports_by_form_and_parent reduces with _stats', async () => {
      const res = await queryView(couch.medic, VIEWS.reports_by_form_and_parent, { group: true, keys: [['V', 'clinic']] });
      expect(res.rows).toHaveLength(1);
      expect(res.rows[0].value).toMatchObject({ max: 1741168800000 });
      expect(res.rows[0].value.count).toBeGreaterThanOrEqual(3);
    });

    it('contacts_by_depth lists every descendant of a place', async () => {
      const res = await queryView(couch.medic, VIEWS.contacts_by_depth, { key: ['hc'] });
      expect(res.rows.map((r) => r.id).sort()).toEqual(['chw', 'clinic', 'hc', 'hh', 'mary', 'no-code', 'nurse']);
    });

    it('the sentinel design doc answers', async () => {
      const res = await queryView(couch.sentinel, SENTINEL_VIEW_PATHS.dead_letters_by_date, {});
      expect(res.rows).toEqual([]);
    });
  });

  describe('hydrateDocs', () => {
    it('hydrates a report: contact lineage, patient by shortcode or uuid, place by place_id, missing subject absent', async () => {
      const lookups = createLookups(couch);
      const [byShortcode, byUuid, withPlace, missing, freeText] = await hydrateDocs(
        [
          report('h1', { fields: { patient_id: '12345' } }),
          report('h2', { fields: { patient_uuid: 'no-code' } }),
          report('h3', { fields: { place_id: '55555' } }),
          report('h4', { fields: { patient_id: '424242' } }),
          { _id: 'h5', type: 'data_record', from: '+1', sms_message: { message: 'hello' } },
        ],
        lookups,
      );
      expect(byShortcode.contact).toMatchObject({
        _id: 'chw',
        name: 'CHW',
        parent: {
          _id: 'clinic',
          contact: { _id: 'chw', phone: '555 111 222' },
          parent: { _id: 'hc', contact: { _id: 'nurse', phone: '+200' }, parent: { _id: 'district', contact: { _id: 'd-boss', phone: '+100' } } },
        },
      });
      expect(byShortcode.patient).toMatchObject({ _id: 'mary', name: 'Mary', parent: { _id: 'clinic', name: 'Clinic', parent: { name: 'Health center' } } });
      expect(byShortcode).not.toHaveProperty('place');
      expect(byUuid.patient).toMatchObject({ _id: 'no-code', parent: { name: 'Clinic' } });
      expect(withPlace.place).toMatchObject({ _id: 'clinic', contact: { name: 'CHW' }, parent: { _id: 'hc' } });
      expect(missing).not.toHaveProperty('patient');
      expect(freeText).toEqual({ _id: 'h5', type: 'data_record', from: '+1', sms_message: { message: 'hello' } });
    });

    it('hydrates a 300-report batch with a small, bounded number of requests', async () => {
      const people: Doc[] = Array.from({ length: 50 }, (_, i) => ({
        _id: `kid-${i}`,
        type: 'person',
        name: `Kid ${i}`,
        patient_id: `7${String(i).padStart(4, '0')}`,
        parent: lineage('clinic', 'hc', 'district'),
        reported_date: 1,
      }));
      const reports: Doc[] = Array.from({ length: 300 }, (_, i) =>
        report(`batch-${i}`, {
          fields: i % 2 ? { patient_id: `7${String(i % 50).padStart(4, '0')}` } : { patient_uuid: `kid-${i % 50}` },
          place_id: i % 3 === 0 ? '55555' : undefined,
        }),
      );
      const saved = await bulkSave(couch.medic, [...people, ...reports]);
      expect(saved.every((r) => r.ok)).toBe(true);
      const stored = await fetchDocs(couch.medic, reports.map((r) => r._id));
      await queryView(couch.medic, VIEWS.contacts_by_reference, { key: ['shortcode', 'warm-up'] }); // build the index

      const lookups = createLookups(couch); // cold cache
      requests.length = 0;
      const hydrated = await lookups.hydrateDocs(reports.map((r) => stored.get(r._id)!));
      const made = [...requests];

      expect(hydrated).toHaveLength(300);
      expect(hydrated.every((d, i) => d.patient?._id === `kid-${i % 50}`)).toBe(true);
      expect(hydrated.every((d) => d.contact.parent.parent.parent.contact.name === 'District boss')).toBe(true);
      expect(hydrated[0].place).toMatchObject({ _id: 'clinic', contact: { name: 'CHW' } });
      expect(hydrated[1]).not.toHaveProperty('place');
      // one contacts_by_reference query + two _all_docs rounds (lineage+subjects, then primary contacts)
      expect(made.filter((r) => r.url.includes('/_design/vigil/_view/contacts_by_reference'))).toHaveLength(1);
      expect(made.filter((r) => r.url.includes('/_all_docs')).length).toBeLessThanOrEqual(3);
      expect(made.length).toBeLessThanOrEqual(4);

      // a second batch on the warm cache only asks for the shortcodes
      requests.length = 0;
      await lookups.hydrateDocs(reports.slice(0, 100).map((r) => stored.get(r._id)!));
      expect(requests.filter((r) => r.url.includes('/_all_docs'))).toHaveLength(0);
      expect(requests.length).toBe(1);
    });
  });
});
