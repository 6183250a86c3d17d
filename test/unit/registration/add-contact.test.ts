import { isValidShortcode, deterministicUuid } from '../../../lib/ids';
import { addPatient } from '../../../transitions/registration/triggers/add-patient';
import { addPlace } from '../../../transitions/registration/triggers/add-place';
import { addCase } from '../../../transitions/registration/triggers/add-case';
import { CONTACTS, created, makeContext, report, triggerEnv } from './fixtures';

const PARENT_MESSAGES = [
  { event_type: 'parent_invalid', message: [{ locale: 'en', content: 'Cannot add under {{parent.name}}' }] },
  { event_type: 'parent_not_found', message: [{ locale: 'en', content: 'Parent not found' }] },
  { event_type: 'parent_field_not_provided', message: [{ locale: 'en', content: 'Parent field is required' }] },
];

describe('add_patient', () => {
  it('generates a patient id and creates the person under the submitter\'s parent, with a deterministic id', async () => {
    const { ctx } = await makeContext();
    const env = triggerEnv(ctx, {}, 2);
    await addPatient(env, {});
    const { doc } = ctx;
    expect(isValidShortcode(doc.patient_id, 5)).toBe(true);
    const [person] = created(env.effects);
    expect(person).toEqual({
      _id: deterministicUuid('r1', 'add_patient', 2),
      name: 'Mary',
      reported_date: doc.reported_date,
      patient_id: doc.patient_id,
      source_id: 'r1',
      type: 'person',
      parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } },
      created_by: 'chw',
    });
    // in memory for templates: the full parent
    expect(doc.patient).toMatchObject({ _id: person._id, name: 'Mary', parent: { _id: 'clinic', name: 'Clinic' } });
    expect(doc.errors).toBeUndefined();
  });

  it('gives the same contact id when run again on the same report', async () => {
    const a = await makeContext();
    const b = await makeContext();
    const ea = triggerEnv(a.ctx);
    const eb = triggerEnv(b.ctx);
    await addPatient(ea, {});
    await addPatient(eb, {});
    expect(created(ea.effects)[0]._id).toBe(created(eb.effects)[0]._id);
  });

  it('does nothing when the report already has a patient_id', async () => {
    const { ctx } = await makeContext({ doc: report({ patient_id: '12348' }) });
    const env = triggerEnv(ctx);
    await addPatient(env, {});
    expect(env.effects).toEqual([]);
    expect(ctx.doc.patient_id).toBe('12348');
  });

  it('uses a provided id and name field, and contact_type', async () => {
    const { ctx } = await makeContext({
      doc: report({ fields: { ext: '777', who: 'Venus' }, contact: { _id: 'chw', parent: { _id: 'clinic' } } }),
      settings: { contact_types: [{ id: 'clinic' }, { id: 'chw', parents: ['clinic'], person: true }] },
    });
    const env = triggerEnv(ctx);
    await addPatient(env, { patient_id_field: 'ext', patient_name_field: 'who', contact_type: 'chw' });
    expect(ctx.doc.patient_id).toBe('777');
    expect(created(env.effects)[0]).toMatchObject({ patient_id: '777', name: 'Venus', type: 'contact', contact_type: 'chw' });
  });

  it('rejects a missing provided id and creates nothing (vigil fix)', async () => {
    const { ctx } = await makeContext({ doc: report({ fields: { patient_name: 'jack' } }) });
    const env = triggerEnv(ctx);
    await addPatient(env, { patient_id_field: 'ext' });
    expect(ctx.doc.patient_id).toBeUndefined();
    expect(ctx.doc.errors).toEqual([{ code: 'no_provided_patient_id', message: 'messages.generic.no_provided_patient_id' }]);
    expect(ctx.doc.tasks).toHaveLength(1);
    expect(env.effects).toEqual([]);
    expect(ctx.doc.patient).toBeUndefined();
  });

  it('rejects a provided id some contact already uses and creates nothing (vigil fix)', async () => {
    const { ctx } = await makeContext({ doc: report({ fields: { ext: 'jane' } }) });
    const env = triggerEnv(ctx);
    await addPatient(env, { patient_id_field: 'ext' });
    expect(ctx.doc.patient_id).toBeUndefined();
    expect(ctx.doc.errors.map((e: any) => e.code)).toEqual(['provided_patient_id_not_unique']);
    expect(env.effects).toEqual([]);
  });

  it('takes the parent from the parent_id field (as stored), checking its type', async () => {
    const { ctx } = await makeContext({ doc: report({ fields: { patient_name: 'Sol', p: 'the_hc' } }) });
    const env = triggerEnv(ctx, { messages: PARENT_MESSAGES });
    await addPatient(env, { parent_id: 'p' });
    expect(created(env.effects)[0].parent).toEqual({ _id: 'hc', parent: { _id: 'dh' } });
    // stored, not hydrated: the lineage above is ids only
    expect(ctx.doc.patient.parent).toEqual(CONTACTS[1]);
  });

  it.each([
    [{ p: undefined }, 'parent_field_not_provided', 'Parent field is required'],
    [{ p: 'nobody' }, 'parent_not_found', 'Parent not found'],
  ])('rejects parent field %j with %s, keeping the generated id', async (fields, code, text) => {
    const { ctx } = await makeContext({ doc: report({ fields: { patient_name: 'Sol', ...fields } }) });
    const env = triggerEnv(ctx, { messages: PARENT_MESSAGES });
    await addPatient(env, { parent_id: 'p' });
    expect(ctx.doc.errors).toEqual([{ code, message: text }]);
    expect(ctx.doc.tasks[0].messages[0]).toMatchObject({ to: '+254711000001', message: text });
    expect(isValidShortcode(ctx.doc.patient_id)).toBe(true);
    expect(created(env.effects)).toEqual([]);
  });

  it('rejects a parent of a type the new contact may not live under, templating the parent', async () => {
    const { ctx } = await makeContext({ doc: report({ fields: { patient_name: 'Sol', p: 'the_dh' } }) });
    const env = triggerEnv(ctx, { messages: PARENT_MESSAGES });
    await addPatient(env, { parent_id: 'p', contact_type: 'chw' });
    expect(ctx.doc.errors).toEqual([{ code: 'parent_invalid', message: 'Cannot add under District' }]);
    expect(created(env.effects)).toEqual([]);
  });

  it('falls back to the contact with the sender phone when the report has no submitter', async () => {
    const { ctx } = await makeContext({ doc: report({ contact: undefined }) });
    const env = triggerEnv(ctx);
    await addPatient(env, {});
    expect(ctx.doc.contact._id).toBe('chw');
    expect(created(env.effects)[0]).toMatchObject({ created_by: 'chw', parent: { _id: 'clinic', parent: { _id: 'hc', parent: { _id: 'dh' } } } });
  });

  it('rejects parent_not_found when the sender has no parent', async () => {
    const { ctx } = await makeContext({ doc: report({ contact: undefined, from: '+254711000009' }) });
    const env = triggerEnv(ctx);
    await addPatient(env, {});
    expect(ctx.doc.errors.map((e: any) => e.code)).toEqual(['parent_not_found']);
    expect(created(env.effects)).toEqual([]);
  });

  describe('phone', () => {
    const settings = { forms: { R: { fields: { name: { type: 'string' }, mobile: { type: 'phone_number' } } } } };

    it('copies a valid phone from the first phone_number field', async () => {
      const { ctx } = await makeContext({ settings, doc: report({ fields: { patient_name: 'M', mobile: '+254712345678' } }) });
      const env = triggerEnv(ctx);
      await addPatient(env, {});
      expect(created(env.effects)[0].phone).toBe('+254712345678');
    });

    it('rejects an invalid phone and creates nothing, keeping the patient id', async () => {
      const { ctx } = await makeContext({ settings, doc: report({ fields: { patient_name: 'M', mobile: '+97796666' } }) });
      const env = triggerEnv(ctx);
      await addPatient(env, {});
      expect(ctx.doc.errors.map((e: any) => e.code)).toEqual(['provided_phone_not_valid']);
      expect(ctx.doc.patient_id).toBeDefined();
      expect(created(env.effects)).toEqual([]);
    });
  });

  it('stores a birth date computed by an earlier trigger', async () => {
    const { ctx } = await makeContext();
    ctx.doc.birth_date = '2024-01-01T00:00:00.000Z';
    const env = triggerEnv(ctx);
    await addPatient(env, {});
    expect(created(env.effects)[0].date_of_birth).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('add_place', () => {
  it('creates a hard-coded place type with type = its id', async () => {
    const { ctx } = await makeContext({ doc: report({ contact: { _id: 'x', parent: { _id: 'hc', parent: { _id: 'dh' } } }, fields: { place_name: 'Toyota' } }) });
    const env = triggerEnv(ctx, {}, 1);
    await addPlace(env, { contact_type: 'clinic' });
    const [place] = created(env.effects);
    expect(isValidShortcode(ctx.doc.place_id, 5)).toBe(true);
    expect(place).toEqual({
      _id: deterministicUuid('r1', 'add_place', 1),
      name: 'Toyota',
      reported_date: ctx.doc.reported_date,
      place_id: ctx.doc.place_id,
      source_id: 'r1',
      type: 'clinic',
      parent: { _id: 'hc', parent: { _id: 'dh' } },
      created_by: 'x',
    });
    expect(place.contact).toBeUndefined();
    expect(ctx.doc.place).toMatchObject({ name: 'Toyota', parent: { _id: 'hc', name: 'Health Center' } });
  });

  it('creates other types as type contact + contact_type, from the parent_id field', async () => {
    const { ctx } = await makeContext({ doc: report({ fields: { pn: 'Ford', p: 'the_hc' } }) });
    const env = triggerEnv(ctx);
    await addPlace(env, { contact_type: 'nursing_home', parent_id: 'p', place_name_field: 'pn' });
    expect(created(env.effects)[0]).toMatchObject({ name: 'Ford', type: 'contact', contact_type: 'nursing_home', parent: { _id: 'hc', parent: { _id: 'dh' } } });
  });

  it('rejects an invalid parent (the submitter\'s clinic for a clinic) and creates nothing', async () => {
    const { ctx } = await makeContext();
    const env = triggerEnv(ctx, { messages: PARENT_MESSAGES });
    await addPlace(env, { contact_type: 'clinic' });
    expect(ctx.doc.errors).toEqual([{ code: 'parent_invalid', message: 'Cannot add under Clinic' }]);
    expect(ctx.doc.place_id).toBeDefined();
    expect(ctx.doc.place).toBeUndefined();
    expect(created(env.effects)).toEqual([]);
  });

  it('skips a report that already has a place_id', async () => {
    const { ctx } = await makeContext({ doc: report({ place_id: '12348' }) });
    const env = triggerEnv(ctx);
    await addPlace(env, { contact_type: 'clinic' });
    expect(env.effects).toEqual([]);
  });
});

describe('add_case', () => {
  it('sets a new case_id and the submitter\'s place as fields.place_uuid', async () => {
    const { ctx } = await makeContext();
    await addCase(triggerEnv(ctx), {});
    expect(isValidShortcode(ctx.doc.case_id, 5)).toBe(true);
    expect(ctx.doc.fields.place_uuid).toBe('clinic');
  });

  it('keeps an existing case_id', async () => {
    const { ctx } = await makeContext({ doc: report({ case_id: 'c1' }) });
    await addCase(triggerEnv(ctx), {});
    expect(ctx.doc.case_id).toBe('c1');
  });
});
