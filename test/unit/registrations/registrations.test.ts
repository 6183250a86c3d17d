import { getRegistrations, isValidRegistration, subjectIdsOf } from '../../../lib/registrations/registrations';
import { MemoryLookups } from '../../../lib/simulate/memory-lookups';
import type { Doc, Settings } from '../../../lib/types';

const settings: Settings = {
  registrations: [{ form: 'P' }, { form: 'xml_form' }],
  forms: { P: {}, P1: {}, '1-P': {}, PX: {}, PUB: { public_form: true } },
};
const report = (over: Partial<Doc> = {}): Doc => ({ _id: 'r', type: 'data_record', form: 'P', contact: { _id: 'c' }, ...over });

describe('isValidRegistration', () => {
  it('accepts an SMS registration with a known form and an attached contact (no phone needed)', () => {
    expect(isValidRegistration(settings, report())).toBe(true);
  });

  it('pads the configured form with [^a-z]* on both sides, case-insensitively (CHT regex quirk)', () => {
    expect(isValidRegistration(settings, report({ form: 'P1' }))).toBe(true);
    expect(isValidRegistration(settings, report({ form: '1-P' }))).toBe(true);
    expect(isValidRegistration({ ...settings, forms: { p: {} } }, report({ form: 'p' }))).toBe(true);
    // with the i flag [^a-z] also excludes A-Z, so a letter suffix does not match
    expect(isValidRegistration(settings, report({ form: 'PX' }))).toBe(false);
  });

  it('uses the config form as an unescaped regex; an invalid one matches nothing', () => {
    const s = { registrations: [{ form: 'P.' }, { form: '(' }], forms: { PQ: {}, '(': {} } };
    expect(isValidRegistration(s, report({ form: 'PQ' }))).toBe(true);
    expect(isValidRegistration(s, report({ form: '(' }))).toBe(false);
  });

  it('accepts XForms without a forms entry or contact', () => {
    expect(isValidRegistration(settings, report({ form: 'xml_form', content_type: 'xml', contact: undefined }))).toBe(true);
    expect(isValidRegistration(settings, report({ form: 'xml_form', contact: undefined }))).toBe(false);
  });

  it('needs a public form or a contact for SMS forms', () => {
    const s = { ...settings, registrations: [{ form: 'PUB' }, { form: 'P' }] };
    expect(isValidRegistration(s, report({ form: 'PUB', contact: undefined }))).toBe(true);
    expect(isValidRegistration(s, report({ contact: undefined }))).toBe(false);
  });

  it('rejects reports with errors (an empty array is fine), non-reports and reports without a form', () => {
    expect(isValidRegistration(settings, report({ errors: [] }))).toBe(true);
    expect(isValidRegistration(settings, report({ errors: [{ code: 'x' }] }))).toBe(false);
    expect(isValidRegistration(settings, report({ type: 'person' }))).toBe(false);
    expect(isValidRegistration(settings, report({ form: undefined }))).toBe(false);
    expect(isValidRegistration({ forms: settings.forms }, report())).toBe(false);
  });
});

describe('subjectIdsOf', () => {
  it('contact: _id, patient_id, place_id', () => {
    expect(subjectIdsOf({ _id: 'uuid', type: 'person', patient_id: '123', place_id: undefined })).toEqual(['uuid', '123']);
    expect(subjectIdsOf({ _id: 'c', type: 'clinic', place_id: 'c' })).toEqual(['c']);
    expect(subjectIdsOf(undefined)).toEqual([]);
  });

  it('report: patient_id, patient_uuid, place_id, place_uuid, top-level and in fields, deduplicated', () => {
    const doc: Doc = {
      _id: 'r',
      type: 'data_record',
      patient_id: '123',
      fields: { patient_id: '123', patient_uuid: 'uuid', place_id: 'pl', place_uuid: 'pl-uuid' },
      place_uuid: 'top-pl',
    };
    expect(subjectIdsOf(doc)).toEqual(['123', 'uuid', 'pl', 'top-pl', 'pl-uuid']);
    expect(subjectIdsOf({ _id: 'r', type: 'data_record' })).toEqual([]);
  });
});

describe('getRegistrations', () => {
  it('returns only valid registrations about the subjects, deduplicated', async () => {
    const lookups = new MemoryLookups([
      report({ _id: 'a', fields: { patient_id: '123' } }),
      report({ _id: 'b', fields: { patient_id: '123' }, errors: [{ code: 'e' }] }),
      report({ _id: 'c', form: 'V', fields: { patient_id: '123' } }),
      report({ _id: 'd', fields: { patient_uuid: 'uuid', patient_id: '123' } }),
      report({ _id: 'e', fields: { patient_id: '999' } }),
    ]);
    const found = await getRegistrations(lookups, { ...settings, forms: { ...settings.forms, V: {} } }, ['123', 'uuid']);
    expect(found.map((d) => d._id).sort()).toEqual(['a', 'd']);
    expect(await getRegistrations(lookups, settings, [])).toEqual([]);
  });
});
