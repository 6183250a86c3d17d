/**
 * death_reporting and update_scheduled_reports end to end on the test server: the patient changed by an
 * effect while the report keeps its revision; the newest periodic report surviving in either order.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { createLookups } from '../../lib/runner/lookups';

const NOW = '2025-03-05T10:00:00.000Z';
const T = Date.parse(NOW);
const HOUR = 3_600_000;

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);
const CONTACTS = [
  { _id: 'hc', type: 'health_center', name: 'HC' },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: lineage('hc') },
  { _id: 'clinic2', type: 'clinic', name: 'Clinic 2', parent: lineage('hc') },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254700000001', parent: lineage('clinic', 'hc') },
  { _id: 'chw2', type: 'person', name: 'Joe', phone: '+254700000002', parent: lineage('clinic2', 'hc') },
  { _id: 'sup', type: 'person', name: 'Sup', phone: '+254700000009', parent: lineage('hc') },
  { _id: 'pat', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc') },
];
const notFound = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ statusCode: 404 });

describe('death_reporting', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  const SETTINGS = {
    transitions: { death_reporting: true },
    death_reporting: { mark_deceased_forms: ['DEAD'], undo_deceased_forms: ['UNDEAD'], date_field: 'fields.died' },
    forms: { DEAD: {}, UNDEAD: {} },
  };
  const report = (id: string, form: string, fields: object) => ({ _id: id, type: 'data_record', form, from: '+254700000001', reported_date: T - HOUR, contact: lineage('chw', 'clinic', 'hc'), fields });

  it('marks the patient without saving the report again, runs once, and undoes', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW });
    await f.couch.medic.insert(report('dead', 'DEAD', { patient_id: '12345', died: '2025-03-01' }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('pat')).date_of_death).toBe('2025-03-01');
    const dead = await f.couch.medic.get('dead');
    expect(dead._rev).toMatch(/^1-/); // vigil: no extra revision of the report
    expect((await f.couch.sentinel.get('dead-info')).transitions.death_reporting).toMatchObject({ ok: true, last_rev: dead._rev });

    // undo, then a later revision of the death report must not mark the patient again
    await f.couch.medic.insert(report('undo', 'UNDEAD', { patient_id: '12345' }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('pat')).date_of_death).toBeUndefined();
    await f.couch.medic.insert({ ...dead, edited: true });
    await f.engine.drain();
    expect((await f.couch.medic.get('pat')).date_of_death).toBeUndefined();
    expect((await f.couch.sentinel.get('undo-info')).transitions.death_reporting).toMatchObject({ ok: true });
  });

  it('records nothing when the patient is already in the wanted state', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS.filter((c) => c._id !== 'pat'), { ...CONTACTS.find((c) => c._id === 'pat'), date_of_death: 1 }], now: NOW });
    await f.couch.medic.insert(report('dead', 'DEAD', { patient_uuid: 'pat' }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('pat')).date_of_death).toBe(1);
    expect((await f.couch.sentinel.get('dead-info')).transitions).toEqual({});
  });
});

describe('update_scheduled_reports', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  const SETTINGS = { transitions: { update_scheduled_reports: true } };
  const monthly = (id: string, hoursAgo: number, extra: object = {}) => ({
    _id: id,
    type: 'data_record',
    form: 'MR',
    reported_date: T - hoursAgo * HOUR,
    contact: lineage('chw', 'clinic', 'hc'),
    fields: { year: 2025, month: 2 },
    ...extra,
  });

  it('keeps the newer report when the older one arrives later: the older deletes itself', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW });
    await f.couch.medic.insert(monthly('newer', 1) as any);
    await f.engine.drain();
    await f.couch.medic.insert(monthly('older', 5) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('newer'))._deleted).toBeUndefined();
    await notFound(f.couch.medic.get('older'));
    // the deletion was saved by the runner like any other change, and recorded
    expect((await f.couch.sentinel.get('older-info')).transitions.update_scheduled_reports).toMatchObject({ ok: true, last_rev: expect.stringMatching(/^1-/) });
    expect((await f.couch.sentinel.get('newer-info')).transitions.update_scheduled_reports).toMatchObject({ ok: true });
  });

  it('keeps the newer report when it arrives second: the older one is deleted by an effect', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW });
    await f.couch.medic.insert(monthly('older', 5) as any);
    await f.engine.drain();
    await f.couch.medic.insert(monthly('newer', 1, { fields: { year: 2025, month_num: 2 } }) as any);
    // another place and another month are not duplicates
    await f.couch.medic.insert(monthly('elsewhere', 0, { contact: lineage('chw2', 'clinic2', 'hc') }) as any);
    await f.couch.medic.insert(monthly('march', 0, { fields: { year: 2025, month: 3 } }) as any);
    await f.engine.drain();
    await notFound(f.couch.medic.get('older'));
    for (const id of ['newer', 'elsewhere', 'march']) expect((await f.couch.medic.get(id)).type).toBe('data_record');
  });

  it('does nothing for a sender whose parent is not a leaf place', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW });
    await f.couch.medic.insert(monthly('a', 2, { contact: lineage('sup', 'hc') }) as any);
    await f.couch.medic.insert(monthly('b', 1, { contact: lineage('sup', 'hc') }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('a'))._rev).toMatch(/^1-/);
    expect((await f.couch.sentinel.get('a-info')).transitions).toEqual({});
  });

  it('reads one period of one place from the week and month views, oldest first', async () => {
    const week = (id: string, hoursAgo: number, fields: object) => monthly(id, hoursAgo, { fields: { year: 2025, ...fields } });
    f = await engineFixture({}, { docs: [...CONTACTS, week('w2', 1, { week: 9 }), week('w1', 3, { week_number: 9 }), week('w8', 1, { week: 8 }), week('m9', 1, { month: 9 }), week('str', 1, { week: 9, year: '2025' })], now: NOW });
    const lookups = createLookups(f.couch);
    expect((await lookups.reportsForPeriod('MR', 2025, { kind: 'week', value: 9 }, 'clinic')).map((d) => d._id)).toEqual(['w1', 'w2']);
    expect((await lookups.reportsForPeriod('MR', 2025, { kind: 'month', value: 9 }, 'clinic')).map((d) => d._id)).toEqual(['m9']);
    expect(await lookups.reportsForPeriod('MR', 2025, { kind: 'week', value: 9 }, 'clinic2')).toEqual([]);
  });
});
