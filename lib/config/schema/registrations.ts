/** `registrations[]` (spec 3.3): `{ form, events[], validations, messages[] }`. */
import type { SchemaObject } from 'ajv';
import { expression, messageConfigList, nonEmptyString, validations } from './messages';

export const TRIGGERS = [
  'add_patient',
  'add_patient_id',
  'add_place',
  'add_case',
  'add_birth_date',
  'add_expected_date',
  'assign_schedule',
  'clear_schedule',
] as const;

export const registrationEvent: SchemaObject = {
  type: 'object',
  properties: {
    name: nonEmptyString,
    trigger: { type: 'string', enum: [...TRIGGERS] },
    // an object/array as-is, or a string: JSON when it starts with [ or {, else a comma list (checked in semantic.ts)
    params: { type: ['string', 'object', 'array'] },
    bool_expr: expression,
  },
  required: ['name', 'trigger'],
};

export const registration: SchemaObject = {
  type: 'object',
  properties: {
    form: nonEmptyString,
    events: { type: 'array', items: registrationEvent },
    validations,
    messages: messageConfigList,
  },
  // Entries without `events` are common: they only mark a form as a registration for the other
  // transitions. (CHT's registration transition throws on such a report; semantic.ts warns when it is on.)
  required: ['form'],
};

export const registrationsSchema: Record<string, SchemaObject> = {
  registrations: { type: 'array', items: registration },
};
