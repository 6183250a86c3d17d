/**
 * The registration transition end to end on a real server: contacts it creates (once, whatever happens
 * to the commit), schedules it assigns and clears.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { registerUpdateOp } from '../../lib/runner/update-ops';
import type { Transition } from '../../lib/types';
import { registration } from '../../transitions/registration';
import { updateClinics } from '../../transitions/update-clinics';
import { isValidShortcode, LENGTH_DOC_ID } from '../../lib/ids';

const SCHEDULES = [
  {
    name: 'ANC',
    start_from: 'reported_date',
    messages: [
      { group: 1, offset: '1 week', recipient: 'reporting_unit', message: [{ locale: 'en', content: 'Visit {{patient_name}}' }] },
      { group: 2, offset: '4 weeks', recipient: 'reporting_unit', message: [{ locale: 'en', content: 'Second visit' }] },
    ],
  },
];

const SETTINGS = {
  transitions: { update_clinics: true, registration: true },
  forms: { P: {}, PL: {}, V: {} },
  schedules: SCHEDULES,
  registrations: [
    {
      form: 'P',
      events: [
        { name: 'on_create', trigger: 'add_patient', params: '', bool_expr: '' },
        { name: 'on_create', trigger: 'assign_schedule', params: 'ANC', bool_expr: '' },
      ],
      messages: [{ event_type: 'report_accepted', recipient: 'reporting_unit', message: [{ locale: 'en', content: '{{patient_name}} is {{patient_id}}, next in {{next_msg.days}} days' }] }],
    },
    {
      form: 'PL',
      events: [{ name: 'on_create', trigger: 'add_place', params: { contact_type: 'clinic', place_name_field: 'name' }, bool_expr: '' }],
      messages: [{ event_type: 'report_accepted', recipient: 'reporting_unit', message: [{ locale: 'en', content: '{{place.name}} ({{place_id}}) added' }] }],
    },
    {
      form: 'V',
      events: [
        { name: 'on_create', trigger: 'assign_schedule', params: ['ANC'], bool_expr: '' },
        { name: 'on_create', trigger: 'clear_schedule', params: ['ANC'], bool_expr: '' },
      ],
    },
  ],
};

const CONTACTS = [
  { _id: 'dh', type: 'district_hospital', name: 'District' },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: { _id: 'dh' } },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: 'the_clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } },
  { _id: 'chw', type: 'person', name: 'Jane', phone: '+254711000001', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } } },
  { _id: 'sup', type: 'person', name: 'Sam', phone: '+254711000002', parent: { _id: 'hc', parent: { _id: 'dh' } } },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: 'mary1', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } } },
];

const REPORTED = Date.parse('2025-03-05T09:00:00.000Z');
const report = (id: string, form: string, fields: object, from = '+254711000001') => ({ _id: id, type: 'data_record', form, from, reported_date: REPORTED, fields });

async function peopleFrom(f: EngineFixture, reportId: string): Promise<any[]> {
  const all = await f.couch.medic.list({ include_docs: true });
  return all.rows.map((r: any) => r.doc).filter((d: any) => d.source_id === reportId);
}

describe('registration', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  it('creates the patient once, assigns the schedule and replies with the new id', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(report('r1', 'P', { patient_name: 'Ann' }) as any);
    await f.engine.drain();

    const doc = await f.couch.medic.get('r1');
    expect(isValidShortcode(doc.patient_id, 5)).toBe(true);
    expect(doc.patient).toBeUndefined();
    const [person, ...others] = await peopleFrom(f, 'r1');
    expect(others).toEqual([]);
    expect(person).toMatchObject({ type: 'person', name: 'Ann', patient_id: doc.patient_id, parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } }, created_by: 'chw' });
    expect(doc.tasks).toHaveLength(1);
    expect(doc.tasks[0].messages[0]).toMatchObject({ to: '+254711000001', message: `Ann is ${doc.patient_id}, next in 6 days` });
    expect(doc.scheduled_tasks.map((t: any) => [t.type, t.group, t.state])).toEqual([
      ['ANC', 1, 'scheduled'],
      ['ANC', 2, 'scheduled'],
    ]);
    expect((await f.couch.sentinel.get('r1-info')).transitions.registration.ok).toBe(true);

    // a new revision and a restarted engine change nothing
    await f.couch.medic.insert({ ...doc, edited: true });
    const again = f.newEngine();
    await again.init();
    await again.drain();
    expect(await peopleFrom(f, 'r1')).toHaveLength(1);
    expect((await f.couch.medic.get('r1')).patient_id).toBe(doc.patient_id);
  });

  it('does not create a second patient when a commit fails after the create and is replayed', async () => {
    // A later transition's effect fails once, after the person was created: the commit is retried from
    // its intent, which replays every effect of the report.
    let failures = 1;
    registerUpdateOp('test:registration-fails-once', (doc) => {
      if (failures-- > 0) throw new Error('transient');
      return doc.touched ? null : { ...doc, touched: true };
    });
    const flaky: Transition = {
      name: 'update_sent_by',
      sections: [],
      filter: ({ doc }) => doc.type === 'data_record' && !doc.flaky_done,
      onMatch: async ({ doc }) => {
        doc.flaky_done = true;
        return { changed: true, effects: [{ kind: 'update', id: 'clinic', op: 'test:registration-fails-once' }] };
      },
    };
    f = await engineFixture({ ...SETTINGS, transitions: { ...SETTINGS.transitions, update_sent_by: true } }, { docs: CONTACTS, transitions: [updateClinics, registration, flaky] });
    await f.couch.medic.insert(report('r1', 'P', { patient_name: 'Ann' }) as any);
    await f.engine.drain();
    await f.engine.drain();

    expect(failures).toBeLessThan(0); // it did fail, then pass
    expect((await f.couch.medic.get('clinic')).touched).toBe(true);
    const people = await peopleFrom(f, 'r1');
    expect(people).toHaveLength(1);
    expect(people[0].patient_id).toBe((await f.couch.medic.get('r1')).patient_id);
    const info = await f.couch.sentinel.get('r1-info');
    expect(info.vigil_pending).toBeUndefined();
    expect(info.transitions.registration.ok).toBe(true);
  }, 60_000);

  it('creates one patient when two engines race on the same report', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    const other = f.newEngine();
    await other.init();
    await f.couch.medic.insert(report('r1', 'P', { patient_name: 'Ann' }) as any);
    await Promise.allSettled([f.engine.drain(), other.drain()]);
    await f.engine.drain(); // whichever lost retries its change
    await other.drain();

    const people = await peopleFrom(f, 'r1');
    expect(people).toHaveLength(1);
    expect(people[0].patient_id).toBe((await f.couch.medic.get('r1')).patient_id);
  });

  it('uses the stored shortcode length', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS, { _id: LENGTH_DOC_ID, current_length: 7 }] });
    await f.couch.medic.insert(report('r1', 'P', { patient_name: 'Ann' }) as any);
    await f.engine.drain();
    expect(isValidShortcode((await f.couch.medic.get('r1')).patient_id, 7)).toBe(true);
  });

  it('creates a place under the submitter\'s parent', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(report('r2', 'PL', { name: 'Riverside' }, '+254711000002') as any);
    await f.engine.drain();
    const doc = await f.couch.medic.get('r2');
    const [place, ...others] = await peopleFrom(f, 'r2');
    expect(others).toEqual([]);
    expect(place).toMatchObject({ type: 'clinic', name: 'Riverside', place_id: doc.place_id, parent: { _id: 'hc', parent: { _id: 'dh' } }, created_by: 'sup' });
    expect(doc.tasks[0].messages[0].message).toBe(`Riverside (${doc.place_id}) added`);
    expect(doc.place).toBeUndefined();
  });

  it('clears the schedule of an earlier registration of the same patient', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS });
    await f.couch.medic.insert(report('v1', 'V', { patient_id: 'mary1' }) as any);
    await f.engine.drain();
    expect((await f.couch.medic.get('v1')).scheduled_tasks.map((t: any) => t.state)).toEqual(['scheduled', 'scheduled']);

    await f.couch.medic.insert(report('v2', 'V', { patient_id: 'mary1' }) as any);
    await f.engine.drain();
    const first = await f.couch.medic.get('v1');
    expect(first.scheduled_tasks.map((t: any) => [t.state, t.cleared_by])).toEqual([
      ['cleared', 'v2'],
      ['cleared', 'v2'],
    ]);
    const second = await f.couch.medic.get('v2');
    expect(second.scheduled_tasks.map((t: any) => t.state)).toEqual(['scheduled', 'scheduled']);
  });
});
