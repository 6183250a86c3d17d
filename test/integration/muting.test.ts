/**
 * muting end to end on the test server: a place muted with its descendants and their registrations, then
 * unmuted a day later; new contacts under a muted place; messages and errors on the report.
 */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { muting } from '../../transitions/muting';

const NOW = '2025-03-05T10:00:00.000Z';
const DAY = 86_400_000;

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);

const CONTACTS = [
  { _id: 'district', type: 'district_hospital', name: 'District' },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: lineage('district') },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', place_id: 'the_clinic', parent: lineage('hc', 'district') },
  { _id: 'person', type: 'person', name: 'P', patient_id: '99999', phone: '+15550001', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'person3', type: 'person', name: 'P3', patient_id: '33333', muted: '2025-01-01T00:00:00.000Z', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'clinic2', type: 'clinic', name: 'Clinic 2', parent: lineage('hc', 'district') },
  { _id: 'person2', type: 'person', name: 'P2', patient_id: '22222', parent: lineage('clinic2', 'hc', 'district') },
];

const task = (state: string, due: number) => ({ state, due: new Date(due).toISOString(), group: 1, type: 'x', translation_key: 'k', recipient: 'clinic' });
const T = Date.parse(NOW);
const REGISTRATIONS = [
  // about person (by patient_id): future, pending, already sent, and one due before tomorrow
  {
    _id: 'reg-person',
    type: 'data_record',
    form: 'PREG',
    content_type: 'xml',
    fields: { patient_id: '99999' },
    scheduled_tasks: [task('scheduled', T + 7 * DAY), task('pending', T - DAY), task('sent', T - 2 * DAY), task('scheduled', T + 2 * 3600_000)],
  },
  // about the clinic (by place_id shortcode)
  { _id: 'reg-clinic', type: 'data_record', form: 'PREG', content_type: 'xml', fields: { place_id: 'the_clinic' }, scheduled_tasks: [task('scheduled', T + 3 * DAY)] },
  // another branch: untouched
  { _id: 'reg-person2', type: 'data_record', form: 'PREG', content_type: 'xml', fields: { patient_id: '22222' }, scheduled_tasks: [task('scheduled', T + DAY)] },
  // not a registration (form not configured): untouched
  { _id: 'not-reg', type: 'data_record', form: 'OTHER', content_type: 'xml', fields: { patient_id: '99999' }, scheduled_tasks: [task('scheduled', T + DAY)] },
];

const SETTINGS = {
  transitions: { muting: true },
  registrations: [{ form: 'PREG', events: [], messages: [] }],
  muting: {
    mute_forms: ['mute'],
    unmute_forms: ['unmute'],
    messages: [
      { event_type: 'mute', recipient: '+15559999', message: [{ locale: 'en', content: 'Muted {{place.name}}' }] },
      { event_type: 'already_muted', recipient: '+15559999', message: [{ locale: 'en', content: 'Already muted' }] },
    ],
  },
};

const report = (id: string, form: string, fields: object, extra: object = {}) => ({
  _id: id,
  type: 'data_record',
  form,
  content_type: 'xml',
  fields,
  reported_date: T,
  ...extra,
});

const states = (doc: any) => doc.scheduled_tasks.map((t: any) => t.state);

describe('muting', () => {
  let f: EngineFixture;
  afterEach(async () => f && (await f.cleanup()));
  afterAll(async () => f && (await f.server.stop()));

  const get = (id: string) => f.couch.medic.get(id) as Promise<any>;
  const info = (id: string) => f.couch.sentinel.get(`${id}-info`) as Promise<any>;
  const missing = async (id: string) => {
    try {
      return (await info(id)).muting_history === undefined;
    } catch {
      return true;
    }
  };
  async function drainAll() {
    for (let i = 0; i < 10; i++) if (!(await f.engine.drain()).processed) return;
  }

  it('mutes a place with its descendants and registrations, and unmutes them a day later', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS, ...REGISTRATIONS], now: NOW, transitions: [muting] });
    await f.couch.medic.insert(report('m1', 'mute', { place_id: 'clinic' }) as any);
    await drainAll();

    for (const id of ['clinic', 'person']) expect((await get(id)).muted).toBe(NOW);
    expect((await get('person3')).muted).toBe('2025-01-01T00:00:00.000Z'); // already muted: keeps its timestamp
    for (const id of ['hc', 'district', 'clinic2', 'person2']) expect((await get(id)).muted).toBeUndefined();
    for (const id of ['clinic', 'person', 'person3']) {
      expect((await info(id)).muting_history).toEqual([{ muted: true, date: NOW, report_id: 'm1' }]);
    }
    for (const id of ['hc', 'clinic2', 'person2']) expect(await missing(id)).toBe(true);

    expect(states(await get('reg-person'))).toEqual(['muted', 'muted', 'sent', 'muted']);
    expect((await get('reg-person')).scheduled_tasks[0].state_history).toEqual([{ state: 'muted', timestamp: NOW }]);
    expect(states(await get('reg-clinic'))).toEqual(['muted']);
    expect(states(await get('reg-person2'))).toEqual(['scheduled']);
    expect(states(await get('not-reg'))).toEqual(['scheduled']);

    const m1 = await get('m1');
    expect(m1.tasks.map((t: any) => t.messages[0].message)).toEqual(['Muted Clinic']);
    expect((await info('m1')).transitions.muting.ok).toBe(true);

    // A day later: the task due 2 hours after the mute is now in the past and stays muted.
    const later = new Date(T + DAY).toISOString();
    f.clock.set(later);
    await f.couch.medic.insert(report('u1', 'unmute', { patient_id: '99999' }) as any);
    await drainAll();

    for (const id of ['clinic', 'person', 'person3']) expect((await get(id)).muted).toBeUndefined();
    expect((await info('person')).muting_history).toEqual([
      { muted: true, date: NOW, report_id: 'm1' },
      { muted: false, date: later, report_id: 'u1' },
    ]);
    expect(states(await get('reg-person'))).toEqual(['scheduled', 'muted', 'sent', 'muted']);
    expect(states(await get('reg-clinic'))).toEqual(['scheduled']);
    expect(await missing('hc')).toBe(true);
  });

  it('answers already_muted without touching anything, and reports a missing subject', async () => {
    f = await engineFixture(SETTINGS, { docs: CONTACTS, now: NOW, transitions: [muting] });
    await f.couch.medic.bulk({ docs: [report('m2', 'mute', { patient_id: '33333' }), report('m3', 'MUTE', { patient_id: 'nobody' })] });
    await drainAll();

    const m2 = await get('m2');
    expect(m2.tasks.map((t: any) => t.messages[0].message)).toEqual(['Already muted']);
    expect(await missing('person3')).toBe(true);

    const m3 = await get('m3');
    expect(m3.errors).toEqual([
      { code: 'invalid_report', message: 'Failed to complete muting request, event type "contact_not_found" misconfigured.' },
    ]);
    expect(m3.tasks ?? []).toEqual([]);
  });

  it('mutes a contact created under a muted place, pointing its history at the mute report', async () => {
    f = await engineFixture(SETTINGS, { docs: [...CONTACTS, ...REGISTRATIONS], now: NOW, transitions: [muting] });
    await f.couch.medic.insert(report('m1', 'mute', { place_id: 'the_clinic' }) as any);
    await drainAll();

    f.clock.set(T + 60_000);
    await f.couch.medic.bulk({
      docs: [
        { _id: 'baby', type: 'person', name: 'Baby', patient_id: '44444', parent: lineage('clinic', 'hc', 'district') },
        { _id: 'reg-baby', type: 'data_record', form: 'PREG', content_type: 'xml', fields: { patient_id: '44444' }, scheduled_tasks: [task('scheduled', T + DAY)] },
      ],
    });
    await drainAll();

    const baby = await get('baby');
    expect(baby.muted).toBe(new Date(T + 60_000).toISOString());
    expect((await info('baby')).muting_history).toEqual([{ muted: true, date: baby.muted, report_id: 'm1' }]);
    expect((await info('baby')).transitions.muting.ok).toBe(true);
    expect(states(await get('reg-baby'))).toEqual(['muted']);
    // The contact branch does not run again on the contact it muted.
    expect((await get('baby'))._rev).toMatch(/^2-/);
  });

  it('applies an offline unmute: server_side history, future tasks rescheduled, past ones stay muted', async () => {
    f = await engineFixture(SETTINGS, { docs: REGISTRATIONS.slice(0, 1).map((r) => ({ ...r, scheduled_tasks: [task('muted', T + DAY), task('muted', T - 2 * DAY)] })), now: NOW, transitions: [muting] });
    await f.couch.medic.insert({
      _id: 'jane',
      type: 'person',
      patient_id: '99999',
      muting_history: {
        last_update: 'client_side',
        server_side: { muted: true },
        client_side: [
          { muted: true, report_id: 'r1', date: 1 },
          { muted: false, report_id: 'r2', date: 2 },
        ],
      },
    } as any);
    await drainAll();

    const jane = await get('jane');
    expect(jane.muted).toBeUndefined();
    expect(jane.muting_history.last_update).toBe('server_side');
    expect(jane.muting_history.server_side).toEqual({ muted: false, date: NOW });
    expect((await info('jane')).muting_history).toEqual([{ muted: false, date: NOW, report_id: 'r2' }]);
    expect(states(await get('reg-person'))).toEqual(['scheduled', 'muted']);
  });
});
