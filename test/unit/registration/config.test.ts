import { getRegistrationConfig, isFormCodeSame } from '../../../transitions/registration/config';
import { addPatientParams, DEFAULT_PATIENT_NAME_FIELD } from '../../../transitions/registration/triggers/add-patient';
import { addPlaceParams } from '../../../transitions/registration/triggers/add-place';
import { parseParams } from '../../../transitions/registration/params';

describe('isFormCodeSame', () => {
  it('matches case-insensitively, allowing non-word characters around the configured code', () => {
    expect(isFormCodeSame('P', 'P')).toBe(true);
    expect(isFormCodeSame('p', 'P')).toBe(true);
    expect(isFormCodeSame('P', ' p!')).toBe(true);
    expect(isFormCodeSame('FORM-A', 'form-a')).toBe(true);
    expect(isFormCodeSame('P', 'P1')).toBe(false);
    expect(isFormCodeSame('P', 'XP')).toBe(false);
  });

  it('fixes the W* quirk: "P" does not match a configured "WP"', () => {
    expect(isFormCodeSame('P', 'WP')).toBe(false);
    expect(isFormCodeSame('P', 'WWP')).toBe(false);
  });

  it('treats regex characters in the form code literally', () => {
    expect(isFormCodeSame('P.1', 'P.1')).toBe(true);
    expect(isFormCodeSame('P.1', 'PX1')).toBe(false);
    expect(isFormCodeSame('P(', 'P(')).toBe(true);
  });

  it('takes the first matching entry', () => {
    const settings = { registrations: [{ form: 'X', events: [] }, { form: 'p', events: [], n: 1 }, { form: 'P', events: [], n: 2 }] };
    expect(getRegistrationConfig(settings, 'P')).toMatchObject({ n: 1 });
    expect(getRegistrationConfig(settings, 'Q')).toBeUndefined();
    expect(getRegistrationConfig({}, 'P')).toBeUndefined();
    expect(getRegistrationConfig(settings, undefined)).toBeUndefined();
  });
});

describe('params', () => {
  it('parses CHT params', () => {
    expect(parseParams('')).toEqual({});
    expect(parseParams(undefined)).toEqual({});
    expect(parseParams('a, b')).toEqual(['a', ' b']); // not trimmed
    expect(parseParams(' {"parent_id": "p"}')).toEqual({ parent_id: 'p' });
    expect(parseParams('["A","B"]')).toEqual(['A', 'B']);
    expect(parseParams(['A'])).toEqual(['A']);
    expect(() => parseParams('{nope')).toThrow(/JSON/);
  });

  it('reads add_patient params in object and list form', () => {
    expect(addPatientParams({})).toEqual({ nameField: DEFAULT_PATIENT_NAME_FIELD, patientIdField: undefined, contactType: undefined, parentIdField: undefined });
    expect(addPatientParams({ patient_id_field: 'ext', patient_name_field: 'n', contact_type: 'chw', parent_id: 'p' })).toEqual({
      patientIdField: 'ext',
      nameField: 'n',
      contactType: 'chw',
      parentIdField: 'p',
    });
    expect(addPatientParams(['child_name'])).toEqual({ nameField: 'child_name' });
    expect(addPatientParams([])).toEqual({ nameField: 'patient_name' });
  });

  it('reads add_place params', () => {
    expect(addPlaceParams({ contact_type: 'clinic' })).toEqual({ nameField: 'place_name', contactType: 'clinic', parentIdField: undefined });
    expect(addPlaceParams({ contact_type: 'clinic', place_name_field: 'pn', parent_id: 'p' })).toMatchObject({ nameField: 'pn', parentIdField: 'p' });
    expect(addPlaceParams(['pn'])).toEqual({ nameField: 'pn' });
  });
});
