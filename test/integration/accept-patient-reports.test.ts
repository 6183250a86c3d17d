/**
 * accept_patient_reports end to end on the test server: follow-ups processed in one batch each silence a
 * different group of the same registration and both respond to it; every write survives (vigil fix #1:
 * the registration is updated by ops on its fresh version, never overwritten with a stale copy).
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';

const NOW = '2025-03-05T10:00:00.000Z';
const T = Date.parse(NOW);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);

const CONTACTS = [
  { _id: 'district', type: 'district_hospital', name: 'District' },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: lineage('district') },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: 'the_clinic', parent: lineage('hc', 'district') },
  { _id: 'chw', type: 'person', name: 'Chw', phone: '+15550001', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc', 'district') },
];

const task = (group: number, type: string, state: string, due: number) => ({ group, type, state, due: iso(due), translation_key: 'k', recipient: 'clinic' });
const REGISTRATION = {
  _id: 'reg',
  type: 'data_record',
  form: 'PREG',
  content_type: 'xml',
  fields: { patient_id: '12345' },
  reported_date: T - 30 * DAY,
  scheduled_tasks: [
    task(1, 'anc', 'sent', T - 2 * DAY),
    task(1, 'anc', 'scheduled', T + 5 * DAY),
    task(2, 'pnc', 'scheduled', T + 10 * DAY),
    task(2, 'pnc', 'muted', T + 20 * DAY),
    task(3, 'other', 'scheduled', T + 10 * DAY),
  ],
};

const SETTINGS = {
  transitions: { accept_patient_reports: true },
  registrations: [{ form: 'PREG' }],
  patient_reports: [
    { form: 'ANC_VISIT', silence_type: 'anc', messages: [{ event_type: 'report_accepted', recipient: 'reporting_unit', message: 'ANC visit for {{patient_name}}' }] },
    { form: 'PNC_VISIT', silence_type: 'pnc', messages: [] },
  ],
};

const visit = (id: string, form: string, reported: number, patientId = '12345') => ({
  _id: id,
  type: 'data_record',
  form,
  content_type: 'xml',
  contact: lineage('chw', 'clinic', 'hc', 'district'),
  fields: { patient_id: patientId },
  reported_date: reported,
});

describe('accept_patient_reports', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  const get = (id: string) => f.couch.medic.get(id) as Promise<any>;

  it('two follow-ups in one batch clear different groups of one registration and both clears survive', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS, REGISTRATION], now: NOW });
    await f.couch.medic.bulk({ docs: [visit('anc-visit', 'ANC_VISIT', T), visit('pnc-visit', 'PNC_VISIT', T + 1000)] });
    await f.engine.drain();

    const reg = await get('reg');
    expect(reg.scheduled_tasks.map((t: any) => [t.state, t.cleared_by])).toEqual([
      ['sent', undefined],
      ['cleared', 'anc-visit'],
      ['cleared', 'pnc-visit'],
      ['cleared', 'pnc-visit'],
      ['scheduled', undefined],
    ]);
    expect(reg.scheduled_tasks[1].state_history).toEqual([{ state: 'cleared', timestamp: NOW }]);
    // both responded to the reminder sent before them, in processing order (each report id once)
    expect([...reg.scheduled_tasks[0].responded_to_by].sort()).toEqual(['anc-visit', 'pnc-visit']);

    const anc = await get('anc-visit');
    expect(anc.registration_id).toBe('reg');
    expect(anc.tasks.map((t: any) => [t.messages[0].to, t.messages[0].message, t.state])).toEqual([['+15550001', 'ANC visit for Mary', 'pending']]);
    expect(anc.patient).toBeUndefined(); // minified on save
    expect((await get('pnc-visit')).registration_id).toBe('reg');
    const info = (await f.couch.sentinel.get('anc-visit-info')) as any;
    expect(info.transitions.accept_patient_reports.ok).toBe(true);

    // nothing is applied twice: a further drain and a new revision of a follow-up change nothing
    const rev = reg._rev;
    await f.couch.medic.insert({ ...anc, note: 'edited' });
    await f.engine.drain();
    expect((await get('reg'))._rev).toBe(rev);
  });

  it('an unknown patient is rejected with registration_not_found and no registration is touched', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS, REGISTRATION], now: NOW });
    await f.couch.medic.insert(visit('stranger', 'ANC_VISIT', T, '99999'));
    await f.engine.drain();
    const doc = await get('stranger');
    expect(doc.errors).toEqual([{ code: 'registration_not_found', message: 'No registration was found for that ID.' }]);
    expect(doc.registration_id).toBeUndefined();
    expect((await get('reg'))._rev).toMatch(/^1-/);
  });
});
