import { validateRegistrationConfig } from '../../../transitions/registration/validate-config';
import { registration } from '../../../transitions/registration';
import { CONTACT_TYPES } from './fixtures';

const settings = (events: any[], extra: object = {}) => ({ contact_types: CONTACT_TYPES, registrations: [{ form: 'P', events }], ...extra });
const paths = (s: any) => validateRegistrationConfig(s).map((p) => p.path);

describe('validateRegistrationConfig', () => {
  it('is the transition\'s validate', () => {
    expect(registration.validate).toBe(validateRegistrationConfig);
  });

  it('accepts a sound configuration', () => {
    expect(
      validateRegistrationConfig(
        settings([
          { name: 'on_create', trigger: 'add_patient', params: '' },
          { name: 'on_create', trigger: 'add_patient', params: { contact_type: 'chw', patient_id_field: 'ext' } },
          { name: 'on_create', trigger: 'add_place', params: '{"contact_type": "nursing_home"}' },
          { name: 'on_create', trigger: 'assign_schedule', params: 'A, B' },
          { name: 'on_create', trigger: 'clear_schedule', params: ['A'] },
          { name: 'on_create', trigger: 'add_expected_date' },
        ]),
      ),
    ).toEqual([]);
  });

  it('needs registrations when the transition is on', () => {
    expect(validateRegistrationConfig({})).toEqual([
      { path: '$.registrations', message: expect.stringMatching(/no registrations/), section: 'registrations', severity: 'error' },
    ]);
  });

  it('reports params that do not parse', () => {
    expect(paths(settings([{ name: 'on_create', trigger: 'add_patient', params: '{oops' }]))).toEqual(['$.registrations[0].events[0].params']);
  });

  it('checks add_patient', () => {
    expect(paths(settings([{ name: 'on_create', trigger: 'add_patient', params: { patient_id_field: 'patient_id' } }]))).toEqual([
      '$.registrations[0].events[0].params.patient_id_field',
    ]);
    expect(paths(settings([{ name: 'on_create', trigger: 'add_patient_id', params: { contact_type: 'clinic' } }]))).toEqual([
      '$.registrations[0].events[0].params.contact_type',
    ]);
    expect(paths(settings([{ name: 'on_create', trigger: 'add_patient', params: { contact_type: 'alien' } }]))).toEqual([
      '$.registrations[0].events[0].params.contact_type',
    ]);
    // without contact_types even the default person type is unknown
    expect(paths({ registrations: [{ form: 'P', events: [{ name: 'on_create', trigger: 'add_patient' }] }] })).toEqual(['$.registrations[0].events[0].params']);
  });

  it('checks add_place', () => {
    expect(paths(settings([{ name: 'on_create', trigger: 'add_place', params: '' }]))).toEqual(['$.registrations[0].events[0].params']);
    expect(paths(settings([{ name: 'on_create', trigger: 'add_place', params: { contact_type: 'person' } }]))).toEqual([
      '$.registrations[0].events[0].params.contact_type',
    ]);
  });

  it('checks schedule triggers have names', () => {
    expect(paths(settings([{ name: 'on_create', trigger: 'assign_schedule' }, { name: 'on_create', trigger: 'clear_schedule', params: { a: 1 } }]))).toEqual([
      '$.registrations[0].events[0].params',
      '$.registrations[0].events[1].params',
    ]);
  });
});
