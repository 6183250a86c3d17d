/**
 * accept_case_reports, update_notifications, generate_shortcode_on_contacts and create_user_for_contacts
 * end to end on the test server (create_user_for_contacts against a loopback fake of CHT's users API).
 */
import { isValidShortcode } from '../../lib/ids';
import { createLogger } from '../../lib/log';
import { createLookups } from '../../lib/runner/lookups';
import { QUEUED_MARK } from '../../lib/users/contact';
import { usersJob } from '../../lib/users/job';
import { requestDocId } from '../../lib/users/requests';
import type { Doc } from '../../lib/types';
import { acceptCaseReports } from '../../transitions/accept-case-reports';
import { createUserForContactsTransition } from '../../transitions/create-user-for-contacts';
import { generateShortcodeOnContacts } from '../../transitions/generate-shortcode-on-contacts';
import { updateNotifications } from '../../transitions/update-notifications';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { startFakeCht, type FakeCht } from '../unit/issue5b/fake-cht';

const NOW = '2025-03-05T10:00:00.000Z';
const T = Date.parse(NOW);
const DAY = 86_400_000;

const lineage = (...ids: string[]): any => ids.reduceRight<any>((parent, id) => (parent ? { _id: id, parent } : { _id: id }), undefined);
const CONTACTS: Doc[] = [
  { _id: 'district', type: 'district_hospital', name: 'District' },
  { _id: 'hc', type: 'health_center', name: 'HC', parent: lineage('district') },
  { _id: 'clinic', type: 'clinic', name: 'Clinic', parent: lineage('hc', 'district') },
  { _id: 'chw', type: 'person', name: 'Chw', phone: '+15550001', parent: lineage('clinic', 'hc', 'district') },
  { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: lineage('clinic', 'hc', 'district') },
];

let f: EngineFixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});
afterAll(async () => f?.server.stop());

const get = (id: string) => (f as EngineFixture).couch.medic.get(id) as Promise<any>;
const info = (id: string) => (f as EngineFixture).couch.sentinel.get(`${id}-info`) as Promise<any>;

describe('accept_case_reports', () => {
  const settings = {
    transitions: { accept_case_reports: true },
    registrations: [{ form: 'CASE' }],
    accept_case_reports: [{ form: 'FOLLOW', silence_type: 'case', messages: [{ event_type: 'report_accepted', message: 'Thanks for case {{case_id}}' }] }],
  };
  const registration: Doc = {
    _id: 'case-reg',
    type: 'data_record',
    form: 'CASE',
    content_type: 'xml',
    case_id: '55555',
    fields: { place_uuid: 'clinic' },
    reported_date: T - 5 * DAY,
    scheduled_tasks: [{ group: 1, type: 'case', state: 'scheduled', due: new Date(T + DAY).toISOString() }],
  };

  it('replies, takes the place_uuid, silences the case, and is recorded (so a new revision does not reply again)', async () => {
    f = await engineFixture(settings, { docs: [...CONTACTS, registration], now: NOW, transitions: [acceptCaseReports] });
    await f.couch.medic.insert({
      _id: 'follow',
      type: 'data_record',
      form: 'FOLLOW',
      content_type: 'xml',
      from: '+15550001',
      contact: lineage('chw', 'clinic', 'hc', 'district'),
      fields: { case_id: '55555' },
      reported_date: T,
    });
    await f.engine.drain();

    const follow = await get('follow');
    expect(follow.tasks.map((t: any) => t.messages[0].message)).toEqual(['Thanks for case 55555']);
    expect(follow.fields.place_uuid).toBe('clinic');
    expect((await get('case-reg')).scheduled_tasks[0]).toMatchObject({ state: 'cleared', cleared_by: 'follow' });
    expect((await info('follow')).transitions.accept_case_reports.ok).toBe(true);

    await f.couch.medic.insert({ ...follow, note: 'edited' });
    await f.engine.drain();
    expect((await get('follow')).tasks).toHaveLength(1);
  });
});

describe('update_notifications', () => {
  it('mutes the patient and its schedule through the muting cascade', async () => {
    const registration: Doc = {
      _id: 'reg',
      type: 'data_record',
      form: 'REG',
      content_type: 'xml',
      fields: { patient_id: '12345' },
      reported_date: T - DAY,
      scheduled_tasks: [{ group: 1, type: 'anc', state: 'scheduled', due: new Date(T + DAY).toISOString() }],
    };
    const settings = {
      transitions: { update_notifications: true },
      registrations: [{ form: 'REG' }],
      notifications: { on_form: 'on', off_form: 'off', messages: [{ event_type: 'on_mute', recipient: 'reporting_unit', message: 'Muted {{patient.name}}' }] },
    };
    f = await engineFixture(settings, { docs: [...CONTACTS, registration], now: NOW, transitions: [updateNotifications] });
    await f.couch.medic.insert({ _id: 'off-1', type: 'data_record', form: 'OFF', content_type: 'xml', from: '+15550001', fields: { patient_id: '12345' }, reported_date: T });
    await f.engine.drain();

    expect((await get('off-1')).tasks[0].messages[0]).toMatchObject({ to: '+15550001', message: 'Muted Mary' });
    expect((await get('mary')).muted).toBe(NOW);
    expect((await get('reg')).scheduled_tasks[0].state).toBe('muted');
    expect((await info('mary')).muting_history).toEqual([{ muted: true, date: NOW, report_id: 'off-1' }]);
    expect((await info('off-1')).transitions.update_notifications.ok).toBe(true);
  });
});

describe('generate_shortcode_on_contacts', () => {
  it('gives every contact of one batch a distinct valid id, in the right property', async () => {
    f = await engineFixture({ transitions: { generate_shortcode_on_contacts: true } }, { now: NOW, transitions: [generateShortcodeOnContacts] });
    const people = Array.from({ length: 30 }, (_, i) => ({ _id: `p${i}`, type: 'person', name: `P${i}` }));
    await f.couch.medic.bulk({ docs: [...people, { _id: 'c1', type: 'clinic' }, { _id: 'x', type: 'data_record', form: 'F' }] });
    await f.engine.drain();

    const ids = await Promise.all(people.map(async (p) => (await get(p._id)).patient_id));
    expect(ids.every((id) => isValidShortcode(id, 5))).toBe(true);
    expect(new Set(ids).size).toBe(30);
    expect(await get('c1')).toMatchObject({ place_id: expect.stringMatching(/^\d{5}$/) });
    expect((await get('c1')).patient_id).toBeUndefined();
    expect((await get('x')).patient_id).toBeUndefined();
  });
});

describe('create_user_for_contacts', () => {
  let cht: FakeCht;
  beforeEach(async () => {
    cht = await startFakeCht();
  });
  afterEach(() => cht.stop());

  const settings = { transitions: { create_user_for_contacts: true }, token_login: { enabled: true }, app_url: 'https://cht.example.org' };
  const runJob = async (env: NodeJS.ProcessEnv) => {
    const fx = f as EngineFixture;
    return usersJob({ env, worker: { password: () => 'N3w-p4ssword!' } }).run({
      couch: fx.couch,
      config: fx.engine.config,
      lookups: createLookups(fx.couch),
      logger: createLogger({ silent: true }),
    });
  };

  it('queues on the feed, creates the user after the commit, and never twice', async () => {
    const env = { CHT_API_URL: cht.url };
    f = await engineFixture(settings, { docs: CONTACTS, now: NOW, transitions: [createUserForContactsTransition(env)] });
    await f.couch.medic.insert({
      _id: 'new_person',
      type: 'person',
      name: 'New Person',
      phone: '+254712345678',
      role: 'chw',
      parent: lineage('clinic', 'hc', 'district'),
      user_for_contact: { create: 'true' },
    });
    await f.engine.drain();

    // the transition only queued the request: CHT has not been called yet
    expect(cht.requests).toEqual([]);
    expect((await info('new_person')).transitions.create_user_for_contacts.ok).toBe(true);
    expect(await f.couch.sentinel.get(requestDocId('new_person'))).toMatchObject({ contact_id: 'new_person', requests: [{ kind: 'create' }] });

    expect(await runJob(env)).toMatchObject({ done: 1 });
    const users = [...cht.users.values()];
    expect(users).toEqual([expect.objectContaining({ username: expect.stringMatching(/^new-person-\d{4}$/), roles: ['chw'], contact: 'new_person', place: 'clinic', token_login: true })]);
    expect((await get('new_person')).user_for_contact).toEqual({});
    await expect(f.couch.sentinel.get(requestDocId('new_person'))).rejects.toMatchObject({ statusCode: 404 });

    // the contact's new revision (and a later edit) create nothing more
    await f.engine.drain();
    await f.couch.medic.insert({ ...(await get('new_person')), user_for_contact: { create: 'true' } });
    await f.engine.drain();
    expect(await runJob(env)).toMatchObject({ done: 0 });
    expect(cht.users.size).toBe(1);
  });

  it('replaces a user: new user for the replacement, old password reset, entry COMPLETE', async () => {
    const env = { CHT_API_URL: cht.url };
    cht.users.set('chw_user', { username: 'chw_user', roles: ['chw'], contact: 'chw', password: 'old' });
    const replacement = { _id: 'new_chw', type: 'person', name: 'New Chw', phone: '+254712345679', parent: lineage('clinic', 'hc', 'district') };
    f = await engineFixture(settings, { docs: [...CONTACTS, replacement], now: NOW, transitions: [createUserForContactsTransition(env)] });
    const chw = await get('chw');
    await f.couch.medic.insert({ ...chw, user_for_contact: { replace: { chw_user: { status: 'READY', replacement_contact_id: 'new_chw' } } } });
    await f.engine.drain();
    expect((await get('chw')).user_for_contact.replace.chw_user).toEqual({ status: 'READY', replacement_contact_id: 'new_chw', [QUEUED_MARK]: NOW });

    await runJob(env);
    expect((await get('chw')).user_for_contact.replace.chw_user).toEqual({ status: 'COMPLETE', replacement_contact_id: 'new_chw' });
    expect([...cht.users.values()].find((u) => u.contact === 'new_chw')).toMatchObject({ roles: ['chw'], place: 'clinic' });
    expect(cht.users.get('chw_user')?.password).toBe('N3w-p4ssword!');
    await f.engine.drain();
    expect(cht.users.size).toBe(2);
  });

  it('standalone: reported as needing CHT and disabled alone; the job leaves requests alone', async () => {
    f = await engineFixture(
      { ...settings, transitions: { create_user_for_contacts: true, generate_shortcode_on_contacts: true } },
      { now: NOW, transitions: [createUserForContactsTransition({}), generateShortcodeOnContacts] },
    );
    expect(f.engine.configProblems()).toEqual([expect.objectContaining({ path: '$.transitions.create_user_for_contacts', message: expect.stringMatching(/CHT_API_URL/) })]);
    await f.couch.medic.insert({ _id: 'p', type: 'person', name: 'P', role: 'chw', phone: '+254712345678', user_for_contact: { create: 'true' } });
    await f.engine.drain();
    const p = await get('p');
    expect(isValidShortcode(p.patient_id)).toBe(true); // the other transition still runs
    expect((await info('p')).transitions.create_user_for_contacts).toBeUndefined();
    expect(await runJob({})).toEqual({ skipped: 'transition not enabled' });
  });
});
