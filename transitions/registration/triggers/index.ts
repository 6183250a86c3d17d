/** The registration triggers by name (spec 3.3). Unknown names are ignored at run time. */
import type { Trigger } from '../trigger';
import { addBirthDate } from './birth-date';
import { addCase } from './add-case';
import { addExpectedDate } from './expected-date';
import { addPatient } from './add-patient';
import { addPlace } from './add-place';
import { assignSchedules, clearSchedules } from './schedules';

export const TRIGGERS: Readonly<Record<string, Trigger>> = {
  add_patient: addPatient,
  add_patient_id: addPatient, // deprecated alias
  add_place: addPlace,
  add_case: addCase,
  add_birth_date: addBirthDate,
  add_expected_date: addExpectedDate,
  assign_schedule: assignSchedules,
  clear_schedule: clearSchedules,
};
