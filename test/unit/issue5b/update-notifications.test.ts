/** update_notifications on plain objects (spec 3.12): the muting cascade as effects, CHT's messages and errors. */
import { OPS } from '../../../lib/muting';
import type { Doc, Settings } from '../../../lib/types';
import { muteRequested, updateNotifications as un } from '../../../transitions/update-notifications';
import { context, NOW, ranInfo, T } from './context';

const district: Doc = { _id: 'district', type: 'district_hospital', name: 'D' };
const clinic: Doc = { _id: 'clinic', type: 'clinic', name: 'C', parent: { _id: 'district' } };
const person: Doc = { _id: 'person', type: 'person', name: 'Pat', patient_id: '99999', phone: '+15550009', parent: { _id: 'clinic', parent: { _id: 'district' } } };
const hydrated = (over: Partial<Doc> = {}): Doc => ({ ...person, parent: { ...clinic, parent: district }, ...over });

const registration: Doc = {
  _id: 'reg',
  type: 'data_record',
  form: 'REG',
  content_type: 'xml',
  fields: { patient_id: '99999' },
  reported_date: T,
  scheduled_tasks: [{ group: 1, type: 't', state: 'scheduled', due: NOW }],
};

const settings: Settings = {
  locale: 'en',
  registrations: [{ form: 'REG' }],
  notifications: {
    on_form: 'on',
    off_form: 'off',
    messages: [
      { event_type: 'on_mute', recipient: 'reporting_unit', message: [{ locale: 'en', content: 'Muted {{patient.name}}' }] },
      { event_type: 'on_unmute', recipient: 'reporting_unit', message: [{ locale: 'en', content: 'Unmuted {{patient.name}}' }] },
    ],
    validations: { list: [{ property: 'patient_id', rule: 'lenMin(5)', message: [{ locale: 'en', content: 'Bad id' }] }] },
  },
};

const report = (form: string, over: Partial<Doc> = {}): Doc => ({
  _id: 'r1',
  type: 'data_record',
  form,
  content_type: 'xml',
  from: '+15550001',
  reported_date: T,
  fields: { patient_id: '99999' },
  patient: hydrated(),
  ...over,
});

const docs = [district, clinic, person, registration];

describe('update_notifications forms', () => {
  it('builds the regex from the configured code and tests the report form; on_form first', () => {
    expect(muteRequested({ on_form: 'on', off_form: 'off' }, 'OFF')).toBe(true);
    expect(muteRequested({ on_form: 'on', off_form: 'off' }, 'on!')).toBe(false);
    expect(muteRequested({ on_form: 'on', off_form: 'off' }, 'not_off')).toBeUndefined();
    expect(muteRequested({}, 'off')).toBeUndefined();
    expect(muteRequested({ on_form: 'x', off_form: 'x' }, 'x')).toBe(false);
  });

  it('filters valid reports with a form, once', () => {
    const filter = (doc: Doc, info?: any) => un.filter(context(doc, settings, [], info ? { info } : {}));
    expect(filter(report('off'))).toBe(true);
    expect(filter(report('anything'))).toBe(true); // the form is checked by onMatch, as in CHT
    expect(filter(report('off', { form: undefined }))).toBe(false);
    expect(filter(report('off', { content_type: undefined }))).toBe(false); // not an app form
    expect(filter(report('off'), ranInfo(report('off'), 'update_notifications'))).toBe(false);
  });
});

describe('update_notifications', () => {
  it('leaves other forms unchanged', async () => {
    const doc = report('visit');
    expect(await un.onMatch(context(doc, settings, docs))).toEqual({ changed: false });
    expect(doc.tasks).toBeUndefined();
  });

  it('mutes the patient and what is below it, as effects, and replies', async () => {
    const doc = report('off');
    const out = await un.onMatch(context(doc, settings, docs));
    expect(out.changed).toBe(true);
    expect(out.effects).toEqual([
      { kind: 'update', id: 'person', op: OPS.contact, args: { muted: NOW, date: NOW } },
      { kind: 'update', db: 'sentinel', id: 'person-info', op: OPS.history, args: { muted: true, date: NOW, report_id: 'r1' } },
      { kind: 'update', id: 'reg', op: OPS.muteTasks },
    ]);
    expect(doc.tasks[0].messages[0]).toMatchObject({ to: '+15550001', message: 'Muted Pat' });
    expect(doc.errors ?? []).toEqual([]);
  });

  it('unmutes from the topmost muted ancestor', async () => {
    const doc = report('on', { patient: hydrated({ muted: NOW, parent: { ...clinic, muted: NOW, parent: district } }) });
    const out = await un.onMatch(context(doc, settings, [district, { ...clinic, muted: NOW }, { ...person, muted: NOW }]));
    expect(out.effects).toEqual(
      expect.arrayContaining([
        { kind: 'update', id: 'clinic', op: OPS.contact, args: { muted: false, date: NOW } },
        { kind: 'update', id: 'person', op: OPS.contact, args: { muted: false, date: NOW } },
      ]),
    );
    expect(doc.tasks[0].messages[0].message).toBe('Unmuted Pat');
  });

  it('only replies when the subject is already in the wanted state', async () => {
    const doc = report('off', { patient: hydrated({ muted: NOW }) });
    const out = await un.onMatch(context(doc, settings, docs));
    expect(out).toEqual({ changed: true });
    expect(doc.tasks[0].messages[0].message).toBe('Muted Pat');
  });

  it('without a patient or place: the patient_not_found error, and the misconfigured note when no message is set', async () => {
    const doc = report('off', { patient: undefined, fields: { patient_id: '11111' } });
    const out = await un.onMatch(context(doc, settings, docs));
    expect(out).toEqual({ changed: true });
    expect(doc.errors).toEqual([
      { code: 'notification_error', message: 'Failed to complete notification request, event type "patient_not_found" misconfigured.' },
    ]);
    expect(doc.tasks).toBeUndefined();
  });

  it('without a message for the event: the misconfigured error instead of a reply, the cascade still runs', async () => {
    const doc = report('off');
    const bare = { ...settings, notifications: { ...settings.notifications, messages: [] } };
    const out = await un.onMatch(context(doc, bare, docs));
    expect(out.effects).toHaveLength(3);
    expect(doc.errors).toEqual([{ code: 'notification_error', message: 'Failed to complete notification request, event type "on_mute" misconfigured.' }]);
  });

  it('validates before anything else', async () => {
    const doc = report('off', { patient: undefined, fields: { patient_id: '1' } });
    const out = await un.onMatch(context(doc, settings, docs));
    expect(out).toEqual({ changed: true });
    expect(doc.errors).toEqual([{ code: 'invalid_patient_id', message: 'Bad id' }]);
    expect(doc.tasks[0].messages[0].message).toBe('Bad id');
  });

  it('warns that it is deprecated, and about unknown event types', () => {
    const problems = un.validate!({ ...settings, notifications: { ...settings.notifications, messages: [{ event_type: 'mute' }] } });
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ['$.transitions.update_notifications', 'warning'],
      ['$.notifications.messages[0].event_type', 'warning'],
    ]);
  });
});
