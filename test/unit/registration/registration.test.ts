import { registration } from '../../../transitions/registration';
import { created, makeContext, report } from './fixtures';

const accepted = (content: string, extra: object = {}) => ({ event_type: 'report_accepted', recipient: 'reporting_unit', message: [{ locale: 'en', content }], ...extra });

function settingsWith(reg: object, extra: object = {}) {
  return { registrations: [{ form: 'R', events: [], ...reg }], ...extra };
}

describe('registration filter', () => {
  it('takes valid reports of a registration form that it has not run on', async () => {
    const { ctx } = await makeContext({ settings: settingsWith({}) });
    expect(registration.filter(ctx)).toBe(true);
    expect(registration.filter({ ...ctx, doc: { ...ctx.doc, form: 'X' } })).toBe(false);
    expect(registration.filter({ ...ctx, doc: { ...ctx.doc, type: 'person' } })).toBe(false);
    expect(registration.filter({ ...ctx, info: { ...ctx.info, transitions: { registration: { last_rev: '1-a', seq: null, ok: true, run_date: 'x' } } } })).toBe(false);
    // unknown sender on a private form
    expect(registration.filter({ ...ctx, doc: { ...ctx.doc, contact: undefined } })).toBe(false);
  });
});

describe('registration onMatch', () => {
  it('stops at validation errors: one error per failed rule and one reply, no triggers', async () => {
    const { ctx } = await makeContext({
      settings: settingsWith({
        events: [{ name: 'on_create', trigger: 'add_patient' }],
        validations: { list: [{ property: 'count', rule: 'min(10)', message: [{ locale: 'en', content: 'Count is incorrect' }] }] },
        messages: [accepted('ok')],
      }),
      doc: report({ fields: { count: 3 } }),
    });
    const res = await registration.onMatch(ctx);
    expect(res).toEqual({ changed: true });
    expect(ctx.doc.errors).toEqual([{ code: 'invalid_count', message: 'Count is incorrect' }]);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Count is incorrect']);
    expect(ctx.doc.patient_id).toBeUndefined();
  });

  it.each([
    [{ place_id: 'nowhere' }],
    [{ patient_id: 'nobody' }],
    [{ patient_id: 'the_clinic' }], // a place is not a patient
    [{ place_id: 'jane' }], // a person is not a place
  ])('rejects a registration about an unknown subject %j', async (fields) => {
    const { ctx } = await makeContext({
      settings: settingsWith({ events: [{ name: 'on_create', trigger: 'add_case' }], messages: [accepted('ok'), { event_type: 'registration_not_found', message: [{ locale: 'en', content: 'Not found' }] }] }),
      doc: report({ fields }),
    });
    expect(await registration.onMatch(ctx)).toEqual({ changed: true });
    expect(ctx.doc.errors).toEqual([{ code: 'registration_not_found', message: 'Not found' }]);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['Not found']);
    expect(ctx.doc.case_id).toBeUndefined();
  });

  it('runs the triggers in order, returns their effects and replies with next_msg', async () => {
    const { ctx } = await makeContext({
      settings: settingsWith(
        {
          events: [
            { name: 'on_create', trigger: 'add_birth_date' },
            { name: 'on_create', trigger: 'add_patient' },
            { name: 'on_create', trigger: 'assign_schedule', params: 'S' },
          ],
          messages: [accepted('{{patient_name}} {{patient_id}} born {{date_of_birth}}; next in {{next_msg.weeks}} weeks'), accepted('never', { bool_expr: '!doc.patient' })],
        },
        { schedules: [{ name: 'S', start_from: 'reported_date', messages: [{ group: 1, offset: '3 weeks', recipient: 'reporting_unit', message: [{ locale: 'en', content: 'hi' }] }] }] },
      ),
      doc: report({ fields: { patient_name: 'Mary', age_in_years: 1 } }),
    });
    const res = await registration.onMatch(ctx);
    expect(res.changed).toBe(true);
    const [person] = created(res.effects ?? []);
    expect(person).toMatchObject({ name: 'Mary', date_of_birth: '2024-03-05T00:00:00.000Z', patient_id: ctx.doc.patient_id });
    expect(ctx.doc.scheduled_tasks).toHaveLength(1);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual([`Mary ${ctx.doc.patient_id} born 2024-03-05T00:00:00.000Z; next in 2 weeks`]);
  });

  it('adds the messages without event_type or with report_accepted whose bool_expr passes, in order', async () => {
    const { ctx } = await makeContext({
      settings: settingsWith({
        messages: [
          { message: [{ locale: 'en', content: 'alpha' }] },
          accepted('beta', { bool_expr: 'doc.fields.n > 0' }),
          accepted('gamma', { bool_expr: 'doc.fields.n > 100' }),
          { event_type: 'registration_not_found', message: [{ locale: 'en', content: 'not a success' }] },
          accepted('delta'),
        ],
      }),
      doc: report({ fields: { n: 20 } }),
    });
    await registration.onMatch(ctx);
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual(['alpha', 'beta', 'delta']);
  });

  it('is changed even when nothing applies, so it runs once', async () => {
    const { ctx } = await makeContext({ settings: settingsWith({ events: [] }) });
    expect(await registration.onMatch(ctx)).toEqual({ changed: true, effects: [] });
    expect(ctx.doc.tasks).toBeUndefined();
  });

  it('adds success messages even after a trigger rejection (as CHT does)', async () => {
    const { ctx } = await makeContext({
      settings: settingsWith({ events: [{ name: 'on_create', trigger: 'add_patient', params: { parent_id: 'p' } }], messages: [accepted('Thanks')] }),
    });
    await registration.onMatch(ctx);
    expect(ctx.doc.errors.map((e: any) => e.code)).toEqual(['parent_field_not_provided']);
    // the rejection reply (untranslated here), then the success message
    expect(ctx.doc.tasks.map((t: any) => t.messages[0].message)).toEqual([undefined, 'Thanks']);
  });

  it('fails when a message bool_expr throws', async () => {
    const { ctx } = await makeContext({ settings: settingsWith({ messages: [accepted('x', { bool_expr: 'doc.nope.deeper' })] }) });
    await expect(registration.onMatch(ctx)).rejects.toThrow();
  });

  it('passes the registrations of the patient to messages', async () => {
    const earlier = { _id: 'reg0', type: 'data_record', form: 'R', reported_date: 1, contact: { _id: 'chw' }, fields: { patient_id: 'jane', note: 'first' } };
    const { ctx } = await makeContext({
      settings: settingsWith({ messages: [accepted('{{patient_name}}: {{note}}')] }),
      doc: report({ fields: { patient_id: 'jane' } }),
      docs: [...(await import('./fixtures')).CONTACTS, earlier],
    });
    await registration.onMatch(ctx);
    expect(ctx.doc.tasks[0].messages[0].message).toBe('Jane: first');
  });
});
