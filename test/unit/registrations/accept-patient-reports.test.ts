/** accept_patient_reports on plain objects (spec 3.4): in-memory lookups, the real message layer. */
import { DEFAULT_EN } from '../../../lib/i18n/defaults-en';
import { createExpressions } from '../../../lib/expr';
import { DuplicateGuard } from '../../../lib/messages/duplicates';
import { createMessaging } from '../../../lib/messages/messaging';
import { RESPONDED_OP } from '../../../lib/registrations/responded';
import { SILENCE_OP } from '../../../lib/registrations/silence';
import { blankInfodoc } from '../../../lib/runner/infodoc';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import { ManualClock } from '../../../lib/time/clock';
import type { Doc, Settings, TransitionContext } from '../../../lib/types';
import { acceptPatientReports as apr } from '../../../transitions/accept-patient-reports';

const T = Date.parse('2025-03-05T10:00:00.000Z');
const DAY = 86_400_000;
const clinic: Doc = { _id: 'clinic', type: 'clinic', place_id: 'the_clinic', name: 'Clinic' };
const chw: Doc = { _id: 'chw', type: 'person', name: 'Chw', phone: '+15550001', parent: clinic };
const patient: Doc = { _id: 'mary', type: 'person', name: 'Mary', patient_id: '12345', parent: clinic };

const settings: Settings = {
  locale: 'en',
  forms: { REG: {}, V: {}, PLACE: {} },
  registrations: [{ form: 'REG' }, { form: 'PLACE' }],
  patient_reports: [
    {
      form: 'V',
      silence_type: 'anc',
      silence_for: '1 days',
      messages: [
        { event_type: 'report_accepted', message: 'Thanks {{patient.name}}, next {{scheduled_tasks.1.state}}' },
        { event_type: 'report_accepted', bool_expr: 'doc.fields.urgent', message: 'Urgent' },
        { event_type: 'registration_not_found', message: 'Unknown {{patient_id}}' },
      ],
      validations: { list: [{ property: 'patient_id', rule: "regex('^[0-9]{5}$')", message: 'Bad id' }] },
    },
  ],
};

const registration = (id: string, reported: number, over: Partial<Doc> = {}): Doc => ({
  _id: id,
  type: 'data_record',
  form: 'REG',
  contact: { _id: 'chw' },
  fields: { patient_id: '12345' },
  reported_date: reported,
  scheduled_tasks: [
    { group: 1, type: 'anc', state: 'sent', due: T - 2 * DAY },
    { group: 1, type: 'anc', state: 'scheduled', due: T + 7 * DAY },
  ],
  ...over,
});

function context(doc: Doc, docs: Doc[], over: Partial<TransitionContext> = {}): TransitionContext {
  const clock = new ManualClock(T, 'UTC');
  const translations = { en: { ...DEFAULT_EN } };
  return {
    doc,
    info: blankInfodoc(doc._id, new Date(T).toISOString()),
    seq: null,
    initialProcessing: true,
    settings,
    translations,
    clock,
    lookups: new MemoryLookups([clinic, chw, patient, ...docs]),
    messaging: createMessaging({ settings, translations, clock, duplicates: new DuplicateGuard() }),
    expressions: createExpressions(),
    ...over,
  };
}

const visit = (over: Partial<Doc> = {}): Doc => ({
  _id: 'visit',
  type: 'data_record',
  form: 'V',
  from: '+15550001',
  reported_date: T,
  fields: { patient_id: '12345' },
  contact: chw,
  patient,
  ...over,
});

describe('accept_patient_reports config warnings', () => {
  it('warns about a form configured twice and a silence_type naming no schedule', () => {
    const problems = apr.validate!({
      schedules: [{ name: 'anc' }],
      patient_reports: [{ form: 'V', silence_type: 'anc, pnc' }, { form: 'V' }, { form: 'W', silence_type: 'anc' }],
    });
    expect(problems).toEqual([
      { path: '$.patient_reports[0].silence_type', section: 'patient_reports', severity: 'warning', message: '"pnc" is not the name of any schedule, so it silences nothing' },
      { path: '$.patient_reports[1].form', section: 'patient_reports', severity: 'warning', message: 'form "V" is configured twice; only the first entry is used' },
    ]);
    expect(apr.validate!({})).toEqual([]);
  });
});

describe('accept_patient_reports filter', () => {
  it('needs a report of exactly a configured form, with a reported_date, from a known sender, not run yet', () => {
    expect(apr.filter(context(visit(), []))).toBe(true);
    expect(apr.filter(context(visit({ form: 'v' }), []))).toBe(false);
    expect(apr.filter(context(visit({ reported_date: undefined }), []))).toBe(false);
    expect(apr.filter(context(visit({ contact: { _id: 'x' } }), []))).toBe(false);
    expect(apr.filter(context(visit({ type: 'person' }), []))).toBe(false);
    const ran = context(visit(), []);
    ran.info.transitions = { accept_patient_reports: { last_rev: '1-a', seq: null, ok: true, run_date: '' } };
    expect(apr.filter(ran)).toBe(false);
  });
});

describe('accept_patient_reports onMatch', () => {
  it('validation errors: errors and one reply, nothing else', async () => {
    const ctx = context(visit({ fields: { patient_id: 'abc' } }), [registration('reg', T - 10 * DAY)]);
    const result = await apr.onMatch(ctx);
    expect(result).toEqual({ changed: true });
    expect(ctx.doc.errors).toEqual([{ code: 'invalid_patient_id', message: 'Bad id' }]);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Bad id']);
    expect(ctx.doc.registration_id).toBeUndefined();
  });

  it('no patient and no place: registration_not_found', async () => {
    const ctx = context(visit({ patient: undefined, fields: { patient_id: '99999' } }), []);
    expect(await apr.onMatch(ctx)).toEqual({ changed: true });
    expect(ctx.doc.errors).toEqual([{ code: 'registration_not_found', message: 'Unknown 99999' }]);
    expect(ctx.doc.tasks[0].messages[0]).toMatchObject({ to: '+15550001', message: 'Unknown 99999' });
  });

  it('replies with the pre-silencing registrations, links the newest, and silences through effects', async () => {
    const older = registration('older', T - 20 * DAY);
    const newer = registration('newer', T - 10 * DAY);
    const invalid = registration('invalid', T - DAY, { errors: [{ code: 'x' }] });
    const ctx = context(visit(), [older, newer, invalid]);
    const result = await apr.onMatch(ctx);

    expect(ctx.doc.registration_id).toBe('newer');
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Thanks Mary, next scheduled']);
    const silences = result.effects!.filter((e: any) => e.op === SILENCE_OP).map((e: any) => e.id);
    expect(silences.sort()).toEqual(['newer', 'older']);
    const responded = result.effects!.filter((e: any) => e.op === RESPONDED_OP);
    expect(responded).toHaveLength(1);
    expect(result.changed).toBe(true);
  });

  it('bool_expr picks report_accepted messages; place registrations count for the link', async () => {
    const placeReg = registration('place-reg', T - DAY, { form: 'PLACE', fields: { place_id: 'the_clinic' }, scheduled_tasks: [] });
    const ctx = context(visit({ fields: { patient_id: '12345', urgent: true }, place: clinic }), [registration('reg', T - 10 * DAY), placeReg]);
    await apr.onMatch(ctx);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Thanks Mary, next scheduled', 'Urgent']);
    expect(ctx.doc.registration_id).toBe('place-reg');
  });

  it('without silence_type only responded_to_by is planned', async () => {
    const noSilence = { ...settings, patient_reports: [{ form: 'V' }] };
    const ctx = context(visit(), [registration('reg', T - 10 * DAY)], { settings: noSilence });
    const result = await apr.onMatch(ctx);
    expect(result.effects).toEqual([
      { kind: 'update', id: 'reg', op: RESPONDED_OP, args: { reportId: 'visit', reported: T, zone: 'UTC' } },
    ]);
    expect(ctx.doc.tasks).toBeUndefined();
  });
});
