/** accept_case_reports on plain objects (spec 3.5). */
import { SILENCE_OP } from '../../../lib/registrations/silence';
import type { Doc, Settings } from '../../../lib/types';
import { acceptCaseReports as acr, caseIdOf } from '../../../transitions/accept-case-reports';
import { context, DAY, ranInfo, T } from './context';

const chw: Doc = { _id: 'chw', type: 'person', name: 'Chw', phone: '+15550001', parent: { _id: 'clinic' } };

const settings: Settings = {
  locale: 'en',
  forms: { CASE: {}, FOLLOW: {} },
  registrations: [{ form: 'CASE' }],
  schedules: [{ name: 'case reminders' }],
  accept_case_reports: [
    {
      form: 'FOLLOW',
      silence_type: 'case reminders',
      messages: [
        { event_type: 'report_accepted', message: 'Case {{case_id}}: {{name}}' },
        { event_type: 'report_accepted', bool_expr: 'doc.fields.urgent', message: 'Urgent' },
        { event_type: 'registration_not_found', message: 'No case {{case_id}}' },
      ],
      validations: { list: [{ property: 'case_id', rule: "regex('^[0-9]{5}$')", message: 'Bad case id {{case_id}}' }] },
    },
  ],
};

const caseRegistration = (id: string, over: Partial<Doc> = {}): Doc => ({
  _id: id,
  type: 'data_record',
  form: 'CASE',
  contact: { _id: 'chw' },
  case_id: '12345',
  fields: { name: 'Fever', place_uuid: 'hh-1' },
  reported_date: T - 10 * DAY,
  scheduled_tasks: [
    { group: 1, type: 'case reminders', state: 'scheduled', due: new Date(T + DAY).toISOString() },
    { group: 1, type: 'other', state: 'scheduled', due: new Date(T + DAY).toISOString() },
  ],
  ...over,
});

const followUp = (over: Partial<Doc> = {}): Doc => ({
  _id: 'follow',
  type: 'data_record',
  form: 'FOLLOW',
  from: '+15550001',
  reported_date: T,
  contact: chw,
  fields: { case_id: '12345' },
  ...over,
});

describe('accept_case_reports filter', () => {
  const filter = (doc: Doc, info?: any) => acr.filter(context(doc, settings, [], info ? { info } : {}));

  it('takes valid follow-ups of an exactly configured form, once', () => {
    expect(filter(followUp())).toBe(true);
    expect(filter(followUp({ form: 'follow' }))).toBe(false); // exact, case-sensitive match
    expect(filter(followUp({ reported_date: undefined }))).toBe(false);
    expect(filter(followUp({ contact: { _id: 'chw' } }))).toBe(false); // unknown sender of a private SMS form
    expect(filter(followUp(), ranInfo(followUp(), 'accept_case_reports'))).toBe(false);
  });
});

describe('accept_case_reports', () => {
  it('reads the case id from the doc, then from fields', () => {
    expect(caseIdOf(followUp({ case_id: '99999' }))).toBe('99999');
    expect(caseIdOf(followUp())).toBe('12345');
    expect(caseIdOf(followUp({ fields: {} }))).toBeUndefined();
  });

  it('answers, copies the place_uuid of the first registration and silences the case; counted as changed', async () => {
    const doc = followUp();
    const ctx = context(doc, settings, [chw, caseRegistration('reg-1'), caseRegistration('reg-2', { fields: { name: 'Other', place_uuid: 'hh-2' } })]);
    const out = await acr.onMatch(ctx);

    expect(out.changed).toBe(true); // vigil: recorded (CHT resolves "unchanged" here)
    expect(doc.tasks).toHaveLength(1);
    expect(doc.tasks[0].messages[0]).toMatchObject({ to: '+15550001', message: 'Case 12345: Fever' });
    expect(doc.fields.place_uuid).toBe('hh-1');
    expect(doc.errors ?? []).toEqual([]);
    expect(out.effects).toEqual([
      { kind: 'update', id: 'reg-1', op: SILENCE_OP, args: { reportId: 'follow', types: ['case reminders'], zone: 'UTC' } },
      { kind: 'update', id: 'reg-2', op: SILENCE_OP, args: { reportId: 'follow', types: ['case reminders'], zone: 'UTC' } },
    ]);
  });

  it('sends bool_expr messages only when they hold', async () => {
    const doc = followUp({ fields: { case_id: '12345', urgent: true } });
    await acr.onMatch(context(doc, settings, [chw, caseRegistration('reg-1')]));
    expect(doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Case 12345: Fever', 'Urgent']);
  });

  it('rejects a case with no registration (registration_not_found), without effects', async () => {
    const doc = followUp({ fields: { case_id: '54321' } });
    const out = await acr.onMatch(context(doc, settings, [chw, caseRegistration('reg-1')]));
    expect(out).toEqual({ changed: true });
    expect(doc.errors).toEqual([{ code: 'registration_not_found', message: 'No case 54321' }]);
    expect(doc.tasks[0].messages[0]).toMatchObject({ to: '+15550001', message: 'No case 54321' });
  });

  it('ignores registrations with errors', async () => {
    const doc = followUp();
    const out = await acr.onMatch(context(doc, settings, [chw, caseRegistration('reg-1', { errors: [{ code: 'x' }] })]));
    expect(doc.errors).toEqual([expect.objectContaining({ code: 'registration_not_found' })]);
    expect(out.effects).toBeUndefined();
  });

  it('stops at validation errors', async () => {
    const doc = followUp({ fields: { case_id: '12' } });
    const out = await acr.onMatch(context(doc, settings, [chw, caseRegistration('reg-1', { case_id: '12' })]));
    expect(out).toEqual({ changed: true });
    expect(doc.errors).toEqual([{ code: 'invalid_case_id', message: 'Bad case id 12' }]);
    expect(doc.tasks).toHaveLength(1);
    expect(doc.fields.place_uuid).toBeUndefined();
  });

  it('warns about a silence_type that names no schedule', () => {
    expect(acr.validate!(settings)).toEqual([]);
    const broken = { ...settings, accept_case_reports: [{ form: 'X', silence_type: 'case reminders, nope' }] };
    expect(acr.validate!(broken)).toEqual([
      expect.objectContaining({ path: '$.accept_case_reports[0].silence_type', severity: 'warning', message: expect.stringContaining('"nope"') }),
    ]);
  });
});
